using System.Diagnostics;
using Spectre.Console;

namespace BlazorMedia.Commands;

/// <summary>What a running verb tells its progress to.</summary>
internal interface IVerbProgress
{
    /// <summary>Absolute counts, so a report can be repeated or skipped without drifting.</summary>
    void Report(long done, long total);
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, in order (<see cref="Progress{T}"/> posts
/// each report to the thread pool, so a count could go backwards on screen).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>Where a verb writes: its per-item and per-problem lines, its errors and its progress. On a terminal a live
/// progress display (<see cref="LiveVerbConsole"/>); redirected (tests, CI, a pipe, a log file) plain lines with no
/// escape codes, the same text for the same run (<see cref="PlainVerbConsole"/>). The summary line is not written
/// here: <see cref="CommandLine"/> prints it last, after the host's logs are flushed.</summary>
internal abstract class VerbConsole(string verb)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Verb { get; } = verb;

    /// <summary>Per-item and per-problem lines (standard output).</summary>
    public abstract TextWriter Out { get; }

    /// <summary>Refusals and failures (standard error).</summary>
    public abstract TextWriter Error { get; }

    /// <summary>Time since the verb started, for its summary line.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs <paramref name="work"/> while showing how many <paramref name="unit"/> (files, profiles…) of how
    /// many are done. Until the work reports a total (it may be listing storage first) the count is unknown.</summary>
    public abstract Task<T> TrackAsync<T>(string unit, Func<IVerbProgress, Task<T>> work);

    /// <summary>The live display only where a person watches: standard output is a terminal that takes ANSI codes
    /// (not <c>TERM=dumb</c>, not a CI log Spectre.Console recognises). Anything else gets plain lines.</summary>
    public static VerbConsole ForThisProcess(string verb) =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities is { Ansi: true, Interactive: true }
            ? new LiveVerbConsole(verb)
            : new PlainVerbConsole(verb, Console.Out, Console.Error);
}

/// <summary>Plain lines: what the verb writes, plus one progress line each time a run of at least
/// <see cref="StepThreshold"/> items passes another tenth (a CI log shows the run is alive; small runs stay quiet).
/// The last step is left to the summary line.</summary>
internal sealed class PlainVerbConsole(string verb, TextWriter output, TextWriter errors) : VerbConsole(verb)
{
    public const long StepThreshold = 1000;

    public override TextWriter Out => output;

    public override TextWriter Error => errors;

    public override Task<T> TrackAsync<T>(string unit, Func<IVerbProgress, Task<T>> work) => work(new Steps(this, unit));

    private sealed class Steps(PlainVerbConsole console, string unit) : IVerbProgress
    {
        private long _tenth;

        public void Report(long done, long total)
        {
            if (total < StepThreshold || done >= total || done * 10 / total <= _tenth) return;
            _tenth = done * 10 / total;
            console.Out.WriteLine(VerbText.Progress(console.Verb, done, total, unit));
        }
    }
}
