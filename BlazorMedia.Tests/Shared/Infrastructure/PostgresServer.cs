using Npgsql;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>A private PostgreSQL 15 server for the test run: its own data folder and socket folder, a free loopback
/// port, trust auth. Started once per collection and stopped (by pg_ctl, then by PID) whatever the outcome.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly TempDirectory _dir = new("bm-pg");

    public int Port { get; } = FreePort.Next();

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=10";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(BinDir, "initdb")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDir}); run ./test.sh, which installs it.");
        if (Environment.UserName == "root")
        {
            var chown = await ProcessRunner.RunAsync("chown", ["postgres", _dir.Path]);
            if (chown.ExitCode != 0) throw new InvalidOperationException($"chown failed:\n{chown.Output}");
        }
        var data = _dir.Combine("data");
        var init = await PgAsync("initdb", "-D", data, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-sync");
        if (init.ExitCode != 0) throw new InvalidOperationException($"initdb failed:\n{init.Output}");
        var start = await PgAsync("pg_ctl", "-D", data, "-l", _dir.Combine("server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_dir.Path} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
        if (start.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl start failed:\n{start.Output}\n{ReadLog()}");
    }

    /// <summary>Restarts the server as a database restart does to its clients: every connection is closed
    /// (<c>-m fast</c>), then it takes new ones on the same port with the same options.</summary>
    public async Task RestartAsync()
    {
        var restart = await PgAsync("pg_ctl", "-D", _dir.Combine("data"), "-l", _dir.Combine("server.log"), "-m", "fast", "-w", "-t", "60", "restart");
        if (restart.ExitCode != 0)
            throw new InvalidOperationException($"pg_ctl restart failed:\n{restart.Output}\n{ReadLog()}");
    }

    /// <summary>Creates a database and returns its connection string: empty, or a copy of <paramref name="template"/>
    /// (a file copy, much faster than replaying the migrations into every test's database).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "bm", string? template = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync();
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>An empty database, as a <see cref="TestDatabase"/>.</summary>
    public async Task<TestDatabase> CreateTestDatabaseAsync() => new(BlazorMedia.Data.DatabaseOptions.PostgreSql, await CreateDatabaseAsync());

    public async Task DisposeAsync()
    {
        var data = _dir.Combine("data");
        var pidFile = Path.Combine(data, "postmaster.pid");
        await PgAsync("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
        // pg_ctl normally suffices; if the server survived, stop it by PID.
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        _dir.Dispose();
    }

    private string ReadLog() => File.Exists(_dir.Combine("server.log")) ? File.ReadAllText(_dir.Combine("server.log")) : "";

    // initdb and postgres refuse to run as root, and CI runs as root: then they run as the 'postgres' user,
    // which owns the temp folder.
    private static Task<ProcessRunner.Result> PgAsync(string tool, params string[] args)
    {
        var env = new Dictionary<string, string?> { ["LC_ALL"] = "C.UTF-8" };
        var exe = Path.Combine(BinDir, tool);
        return Environment.UserName == "root"
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", exe, .. args], "/", env)
            : ProcessRunner.RunAsync(exe, args, "/", env);
    }
}
