using System.Diagnostics;
using BlazorMedia.Storage.Sftp;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>A private OpenSSH server (Debian's <c>openssh-server</c>, installed by <c>scripts/install-deps.sh test</c>)
/// serving SFTP only (<c>internal-sftp</c>) on a free loopback port, with its own configuration, throwaway ed25519
/// host and user keys and authorized_keys in a temp folder: no system sshd or key is touched. Started once per
/// collection and stopped with its whole process tree (the listener and every session it forked).</summary>
public sealed class SshdServer : IAsyncLifetime
{
    private const string Sshd = "/usr/sbin/sshd";

    private readonly TempDirectory _dir = new("bm-sshd");
    private readonly List<string> _output = [];
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    /// <summary>The user the tests sign in as: whoever runs the tests (sshd, started by that user, can only sign in as it).</summary>
    public string Username { get; } = Environment.UserName;

    public string UserKeyFile => _dir.Combine("user_key");

    /// <summary>The host key's fingerprint as <c>ssh-keygen -lf</c> prints it (<c>SHA256:…</c>).</summary>
    public string HostKeyFingerprint { get; private set; } = "";

    /// <summary>Folder of the files, seen from the server (the tests run on the same machine, so also locally).</summary>
    public string Root => _dir.Combine("root");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Sshd))
            throw new InvalidOperationException($"{Sshd} is missing; install Debian's openssh-server (scripts/install-deps.sh test does).");
        Directory.CreateDirectory(Root);
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bm-test-host", "-f", _dir.Combine("host_key"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "bm-test-user", "-f", UserKeyFile);
        File.Copy(UserKeyFile + ".pub", _dir.Combine("authorized_keys"));
        // "256 SHA256:… bm-test-host (ED25519)"
        HostKeyFingerprint = (await RunAsync("ssh-keygen", "-l", "-f", _dir.Combine("host_key.pub"))).Split(' ')[1];
        await File.WriteAllTextAsync(_dir.Combine("sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {_dir.Combine("host_key")}
            PidFile none
            AuthorizedKeysFile {_dir.Combine("authorized_keys")}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PermitRootLogin prohibit-password
            Subsystem sftp internal-sftp
            ForceCommand internal-sftp
            AllowTcpForwarding no
            X11Forwarding no
            MaxStartups 100
            MaxSessions 100
            LogLevel ERROR
            """);
        // Run as root, sshd insists on its privilege separation folder, which the Debian package creates only when
        // its service starts (never here).
        if (Environment.UserName == "root") Directory.CreateDirectory("/run/sshd");
        await StartAsync();
    }

    /// <summary>Options for a storage under a fresh folder of <see cref="Root"/>, so every test starts empty.</summary>
    public SftpStorageOptions Options(string? folder = null)
    {
        var root = Path.Combine(Root, folder ?? $"t-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        return new SftpStorageOptions
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Username,
            PrivateKeyFile = UserKeyFile,
            HostKeyFingerprint = HostKeyFingerprint,
            RootPath = root,
            PoolSize = 2,
            Timeout = TimeSpan.FromSeconds(20),
        };
    }

    /// <summary>Stops the server and every session it serves (clients see their connection drop), then starts it again
    /// on the same port with the same keys.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var psi = new ProcessStartInfo(Sshd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-D", "-e", "-f", _dir.Combine("sshd_config") }) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // sshd -D prints nothing when it is up: wait until the port takes connections (bounded; fail early on exit).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"sshd exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private async Task StopAsync()
    {
        if (_process is null) return;
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
            _process = null;
        }
    }

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, Path.GetTempPath(), new Dictionary<string, string?>(), TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed:\n{result.Output}");
        return result.Output.Trim();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }
}
