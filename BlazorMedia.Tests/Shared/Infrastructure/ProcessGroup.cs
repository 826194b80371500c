using System.Diagnostics;
using System.Text;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>Long-running processes a fixture starts (apps, nginx), with their output in one log; every one is stopped
/// by PID on dispose, whatever the outcome.</summary>
public sealed class ProcessGroup : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _log = new();

    public string Log { get { lock (_log) return _log.ToString(); } }

    public Process Start(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        var tag = $"[{Path.GetFileName(file)} {p.Id}] ";
        p.OutputDataReceived += (_, e) => Append(tag, e.Data);
        p.ErrorDataReceived += (_, e) => Append(tag, e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (_processes) _processes.Add(p);
        return p;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200; fails early if <paramref name="process"/> exits.</summary>
    public async Task WaitHealthyAsync(string url, Process process, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}:\n{Log}");
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url} did not become healthy:\n{Log}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Process> all;
        lock (_processes) all = [.. _processes];
        foreach (var p in all)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
    }

    private void Append(string tag, string? line)
    {
        if (line is null) return;
        lock (_log) _log.Append(tag).AppendLine(line);
    }
}
