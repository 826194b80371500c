using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BlazorMedia.Commands;

/// <summary>A terminal: a Spectre.Console progress bar (items done/total, elapsed, remaining) at the bottom, the verb's
/// lines scrolling above it. Every line goes through <see cref="AnsiConsole"/>, which redraws the bar below it; a plain
/// <c>Console.WriteLine</c> would tear the display. The bar is cleared when the work ends, so the screen ends with the
/// lines and the summary, as a redirected run does.</summary>
internal sealed class LiveVerbConsole(string verb) : VerbConsole(verb)
{
    public override TextWriter Out { get; } = new LineWriter(AnsiConsole.WriteLine);

    /// <summary>Errors in red on the terminal; when standard error alone is redirected (<c>2&gt;errors.log</c>) they
    /// go there, where they were sent.</summary>
    public override TextWriter Error { get; } = Console.IsErrorRedirected
        ? Console.Error
        : new LineWriter(line => AnsiConsole.MarkupLine($"[red]{Markup.Escape(line)}[/]"));

    public override Task<T> TrackAsync<T>(string unit, Func<IVerbProgress, Task<T>> work) =>
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new CountColumn(unit), new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Verb);
                task.IsIndeterminate = true;
                return await work(new TaskProgress(task));
            });

    private sealed class TaskProgress(ProgressTask task) : IVerbProgress
    {
        public void Report(long done, long total)
        {
            if (total <= 0) return; // nothing to do: a zero maximum would make the bar's percentage NaN
            task.MaxValue = total;
            task.Value = done;
            task.IsIndeterminate = false;
        }
    }

    /// <summary><c>482/1,204 files</c>, in the same numbers as the plain lines and the summary.</summary>
    private sealed class CountColumn(string unit) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.IsIndeterminate
                ? $"counting {unit}"
                : $"{VerbText.Count((long)task.Value)}/{VerbText.Count((long)task.MaxValue)} {unit}");
    }

    /// <summary>Hands each complete line to an action (what <see cref="Storage.StorageMigrator"/> and the verbs write
    /// through a <see cref="TextWriter"/>).</summary>
    private sealed class LineWriter(Action<string> writeLine) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }
            writeLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
