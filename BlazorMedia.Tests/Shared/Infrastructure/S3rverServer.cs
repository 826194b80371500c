using System.Diagnostics;
using Amazon.S3;
using BlazorMedia.Storage.S3;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>A private s3rver (npm, pinned in package.json) for the test run: its own data folder, a free loopback port,
/// path-style buckets. Started once per collection, ready when it prints its listening line, and stopped by PID
/// whatever the outcome.</summary>
public sealed class S3rverServer : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly TempDirectory _dir = new("bm-s3rver");
    private readonly List<string> _output = [];
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>The bucket created at start; tests isolate themselves with their own <see cref="S3StorageOptions.Location"/>.</summary>
    public string Bucket => "media";

    public async Task InitializeAsync()
    {
        var script = Path.Combine(TestPaths.RepoRoot, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"s3rver is not installed ({script}); run `npm ci` at the repository root (./test.sh does).");

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        // s3rver makes list continuation tokens with DES, which Node 17+ (OpenSSL 3) offers only with the legacy
        // provider: without it any listing that pages (more keys than asked for) answers 500.
        foreach (var a in new[] { "--openssl-legacy-provider", script, "-d", _dir.Path, "-a", "127.0.0.1", "-p", Port.ToString(), "--no-vhost-buckets", "--silent" })
            psi.ArgumentList.Add(a);

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, listening);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"s3rver exited:\n{Output}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"s3rver did not start listening within 30 s:\n{Output}");
        }
        using var client = CreateClient();
        await client.PutBucketAsync(Bucket);
    }

    /// <summary>A client configured the way s3rver needs (PLATFORM.md); the caller disposes it.</summary>
    public AmazonS3Client CreateClient() => new(AccessKey, SecretKey, new AmazonS3Config
    {
        ServiceURL = ServiceUrl,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
    });

    /// <summary>Options for a storage in <see cref="Bucket"/> under a fresh location, so every test starts empty.</summary>
    public S3StorageOptions Options(string? location = null) => new()
    {
        ServiceUrl = ServiceUrl,
        ForcePathStyle = true,
        Bucket = Bucket,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        Location = location ?? $"t-{Guid.NewGuid():N}",
    };

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    private void Collect(string? line, TaskCompletionSource listening)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        if (line.StartsWith("S3rver listening on", StringComparison.Ordinal)) listening.TrySetResult();
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException) { } // exited between the check and the kill
            finally
            {
                _process.Dispose();
            }
        }
        _dir.Dispose();
    }
}
