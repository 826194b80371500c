using System.Diagnostics;
using System.Text;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>The real app (its own build output, its own Program) as a child process on a free loopback port, with a
/// private media root and database (a SQLite file, or a fresh PostgreSQL database in the PostgreSQL pass; see
/// <see cref="TestDatabase"/>). Stopped by PID on dispose whatever the outcome.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private Process? _process;

    private AppProcess(TempDirectory dir, int port, IDictionary<string, string?> settings, TestDatabase database)
    {
        Database = database;
        Dir = dir;
        Port = port;
        Settings = settings;
    }

    public TempDirectory Dir { get; }

    /// <summary>The app's database, for tests that look at or tamper with rows.</summary>
    public TestDatabase Database { get; }

    public int Port { get; }

    public IDictionary<string, string?> Settings { get; }

    /// <summary>The running app's process id (benchmarks read its /proc/PID/status).</summary>
    public int Pid => _process?.Id ?? throw new InvalidOperationException("The app is not running.");

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string MediaRoot => Dir.Combine("media");

    /// <summary>Where this app spools uploads: with the file system backend, the storage's intake folder in the
    /// media root (Save moves the spool file into place); with the others, its private <c>Uploads:TempDir</c>.</summary>
    public string SpoolDir => Settings.TryGetValue("Storage__Backend", out var backend) && backend is not (null or "FileSystem")
        ? Dir.Combine("spool")
        : Path.Combine(MediaRoot, BlazorMedia.Storage.FileSystem.FileSystemStorage.IntakeFolderName);

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Starts the app and waits until /healthz answers.</summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var app = Create(settings);
        app.Start();
        await app.WaitHealthyAsync();
        return app;
    }

    /// <summary>Prepares an app without starting it (for start-up failure tests and restarts), on
    /// <paramref name="database"/> or else a fresh one of the run's provider.</summary>
    public static AppProcess Create(IDictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        var dir = new TempDirectory("bm-app");
        Directory.CreateDirectory(Path.Combine(dir.Path, "media"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "spool"));
        database ??= TestDatabase.Create(Path.Combine(dir.Path, "app.db"));
        var all = database.Settings("__");
        all["Media__Root"] = Path.Combine(dir.Path, "media");
        all["Uploads__TempDir"] = Path.Combine(dir.Path, "spool");
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var app = new AppProcess(dir, FreePort.Next(), all, database);
        Directory.CreateDirectory(app.SpoolDir); // tests look into it before anything is uploaded
        return app;
    }

    public void Start() => Start(withUrls: true);

    /// <summary>Starts without <c>--urls</c>, so the settings decide where it listens.</summary>
    public void StartWithoutUrls() => Start(withUrls: false);

    private void Start(bool withUrls)
    {
        _process = Launch(withUrls ? ["--urls", BaseUrl] : []);
    }

    private Process Launch(IEnumerable<string> arguments)
    {
        if (!File.Exists(TestPaths.AppDll)) throw new FileNotFoundException("Build the app first", TestPaths.AppDll);
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestPaths.AppProjectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestPaths.AppDll);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Environment()) psi.Environment[k] = v;
        var started = Process.Start(psi)!;
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private static readonly TimeSpan VerbTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs a maintenance verb (<c>dotnet BlazorMedia.dll VERB …</c>) with this app's settings, to completion.</summary>
    public Task<ProcessRunner.Result> RunVerbAsync(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [TestPaths.AppDll, .. args], TestPaths.AppProjectDir, Environment(), VerbTimeout);

    /// <summary>Runs a verb as a deployed copy started from another folder does: in Production, with this app's temp
    /// folder as its working directory and so its content root, where no appsettings*.json is. Only this app's
    /// settings (the environment) apply; nothing sets a log level.</summary>
    public Task<ProcessRunner.Result> RunVerbWithoutAppSettingsAsync(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [TestPaths.AppDll, .. args], Dir.Path, Environment("Production"), VerbTimeout);

    /// <summary>Runs a verb with its output on a pseudo-terminal (util-linux <c>script</c>), as a person at a terminal
    /// sees it, escape codes included. CI markers are left out of its environment: on a terminal a person is watching.</summary>
    public Task<ProcessRunner.Result> RunVerbOnTerminalAsync(params string[] args)
    {
        var env = Environment();
        env["TERM"] = "xterm-256color";
        foreach (var ci in new[] { "CI", "GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD", "TEAMCITY_VERSION", "JENKINS_URL" }) env[ci] = null;
        var command = string.Join(' ', new[] { "dotnet", TestPaths.AppDll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        return ProcessRunner.RunAsync("script", ["--quiet", "--return", "--command", command, "/dev/null"], TestPaths.AppProjectDir, env, VerbTimeout);
    }

    private Dictionary<string, string?> Environment(string environmentName = "Development")
    {
        var env = new Dictionary<string, string?>(Settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
        };
        return env;
    }

    /// <summary>Waits for the process to exit by itself (start-up failures) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(120);

    /// <summary>Waits until /healthz answers 200 (or, with <paramref name="anyStatus"/>, answers at all: an unhealthy
    /// app still serves its report with 503).</summary>
    public async Task WaitHealthyAsync(bool anyStatus = false)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // A ceiling, not a wait: a healthy app answers in 2–5 s. On 2 cores busy with the rest of the suite (a publish,
        // Chromium, PostgreSQL) a cold start has been seen to print nothing for a minute.
        var deadline = DateTime.UtcNow.Add(HealthyWithin);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode}:\n{Log}");
            try
            {
                var response = await http.GetAsync($"{BaseUrl}/healthz");
                if (anyStatus || response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app did not become healthy in {HealthyWithin.TotalSeconds:0} s:\n{Log}");
    }

    /// <summary>Stops the process by PID (kill), keeping the data folder so the app can start again on it.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            // A ceiling: WaitForExitAsync also waits for the end of the redirected output, which a process that
            // inherited the pipes could hold open; a stuck stop must fail the test, not hold the lane.
            using var ceiling = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _process.WaitForExitAsync(ceiling.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"The app (pid {_process.Id}) was killed but did not end within 60 s."); }
        }
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Dir.Dispose();
    }

    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    /// <summary>Where the log ends now: pass it to <see cref="WaitForLogAsync"/> to wait for a line logged after this
    /// point only (an app shared by a test class logs the same line for each test).</summary>
    public int LogMark { get { lock (_log) return _log.Length; } }

    /// <summary>Completes when the app has logged a line containing <paramref name="text"/> (now or earlier, after
    /// <paramref name="since"/>): how a test waits for server-side work a browser cannot see.</summary>
    public Task WaitForLogAsync(string text, TimeSpan timeout, int since = 0)
    {
        lock (_log)
        {
            if (_log.ToString(since, _log.Length - since).Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((text, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.AppendLine(line);
            foreach (var (text, seen) in _awaited)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }
}
