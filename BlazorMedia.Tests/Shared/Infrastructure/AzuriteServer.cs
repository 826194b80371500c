using System.Diagnostics;
using Azure.Storage.Blobs;
using BlazorMedia.Storage.AzureBlob;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>A private Azurite (Microsoft's Azure Storage emulator; npm, pinned in package.json), blob service only, in
/// memory, on a free loopback port. Started once per collection, ready when it prints its listening line, and stopped
/// with its whole process tree whatever the outcome.</summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account (public, the same in every Azurite).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempDirectory _dir = new("bm-azurite");
    private readonly List<string> _output = [];
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>The container created at start; tests isolate themselves with their own <see cref="AzureBlobStorageOptions.Location"/>.</summary>
    public string Container => "media";

    public async Task InitializeAsync()
    {
        var script = Path.Combine(TestPaths.RepoRoot, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"azurite is not installed ({script}); run `npm ci` at the repository root (./test.sh does).");
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir.Path,
        };
        foreach (var a in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--inMemoryPersistence",
                     "--skipApiVersionCheck", "--disableTelemetry" })
            psi.ArgumentList.Add(a);

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, listening);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"azurite exited:\n{Output}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"azurite did not start listening within 60 s:\n{Output}");
        }
        await ContainerClient().CreateIfNotExistsAsync();
    }

    public BlobContainerClient ContainerClient(string? container = null) =>
        new BlobServiceClient(ConnectionString).GetBlobContainerClient(container ?? Container);

    /// <summary>Options for a storage in <see cref="Container"/> under a fresh location, so every test starts empty.</summary>
    public AzureBlobStorageOptions Options(string? location = null) => new()
    {
        ConnectionString = ConnectionString,
        Container = Container,
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
        if (line.Contains("successfully listens", StringComparison.Ordinal)) listening.TrySetResult();
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
