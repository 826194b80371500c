using System.Diagnostics;
using System.Text;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>The real app (its own build output, its own Program) as a child process on a free loopback port, with a
/// private media root and SQLite file. Stopped by PID on dispose whatever the outcome.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly StringBuilder log = new();
    private Process? process;

    private AppProcess(TempDirectory dir, int port, IDictionary<string, string?> settings)
    {
        Dir = dir;
        Port = port;
        Settings = settings;
    }

    public TempDirectory Dir { get; }

    public int Port { get; }

    public IDictionary<string, string?> Settings { get; }

    /// <summary>The running app's process id (benchmarks read its /proc/PID/status).</summary>
    public int Pid => process?.Id ?? throw new InvalidOperationException("The app is not running.");

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string MediaRoot => Dir.Combine("media");

    /// <summary>This app's private <c>Uploads:TempDir</c>.</summary>
    public string SpoolDir => Dir.Combine("spool");

    public string Log { get { lock (log) return log.ToString(); } }

    /// <summary>Starts the app and waits until /healthz answers.</summary>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var app = Create(settings);
        app.Start();
        await app.WaitHealthyAsync();
        return app;
    }

    /// <summary>Prepares an app without starting it (for start-up failure tests and restarts).</summary>
    public static AppProcess Create(IDictionary<string, string?>? settings = null)
    {
        var dir = new TempDirectory("bm-app");
        Directory.CreateDirectory(Path.Combine(dir.Path, "media"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "spool"));
        var all = new Dictionary<string, string?>
        {
            ["Media__Root"] = Path.Combine(dir.Path, "media"),
            ["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(dir.Path, "app.db")}",
            ["Uploads__TempDir"] = Path.Combine(dir.Path, "spool"),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        return new AppProcess(dir, FreePort.Next(), all);
    }

    public void Start() => Start(withUrls: true);

    /// <summary>Starts without <c>--urls</c>, so the settings decide where it listens.</summary>
    public void StartWithoutUrls() => Start(withUrls: false);

    private void Start(bool withUrls)
    {
        process = Launch(withUrls ? ["--urls", BaseUrl] : []);
    }

    /// <summary>Runs a maintenance verb (<c>seed-profiles 1000</c>) on this app's data and settings, before
    /// <see cref="Start()"/>; returns its exit code. Its output joins <see cref="Log"/>.</summary>
    public async Task<int> RunVerbAsync(params string[] verb)
    {
        using var run = Launch(verb);
        await run.WaitForExitAsync();
        run.WaitForExit(); // drains the redirected output
        return run.ExitCode;
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
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (k, v) in Settings) psi.Environment[k] = v;
        var started = Process.Start(psi)!;
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the process to exit by itself (start-up failures) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await process!.WaitForExitAsync(cts.Token);
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
                throw new InvalidOperationException($"The app exited with code {process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app did not become healthy in 60 s:\n{Log}");
    }

    /// <summary>Stops the process by PID (kill), keeping the data folder so the app can start again on it.</summary>
    public async Task StopAsync()
    {
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Dir.Dispose();
    }

    private readonly List<(string Text, TaskCompletionSource Seen)> awaited = [];

    /// <summary>Completes when the app has logged a line containing <paramref name="text"/> (now or earlier): how a
    /// test waits for server-side work a browser cannot see.</summary>
    public Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        lock (log)
        {
            if (log.ToString().Contains(text, StringComparison.Ordinal)) return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            awaited.Add((text, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log)
        {
            log.AppendLine(line);
            foreach (var (text, seen) in awaited)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }
}
