using System.Globalization;
using System.Text.RegularExpressions;

namespace BlazorMedia.Commands;

/// <summary>How a verb ended: its exit code (0 clean, 1 problems, 2 bad arguments) and its summary line, which
/// <see cref="CommandLine"/> prints last. No summary when the verb refused its arguments.</summary>
internal sealed record VerbOutcome(int ExitCode, string? Summary);

/// <summary>The app's own maintenance verbs, like Django's <c>manage.py</c>: <c>./manage.sh VERB …</c> (which runs
/// <c>dotnet BlazorMedia.dll VERB …</c>). They run after the start-up checks and migrations, with the app's services and
/// settings, and without starting the web server.</summary>
internal static partial class CommandLine
{
    private static readonly Dictionary<string, (string Usage, Func<IServiceProvider, string[], VerbConsole, CancellationToken, Task<VerbOutcome>> Run)> Verbs =
        new(StringComparer.Ordinal)
        {
            ["seed-profiles"] = (SeedProfilesCommand.Usage, SeedProfilesCommand.RunAsync),
            ["migrate-storage"] = (MigrateStorageCommand.Usage, MigrateStorageCommand.RunAsync),
            ["check"] = (MaintenanceCommands.CheckUsage, MaintenanceCommands.CheckAsync),
            ["verify-checksums"] = (MaintenanceCommands.VerifyUsage, MaintenanceCommands.VerifyChecksumsAsync),
            ["cleanup-orphans"] = (MaintenanceCommands.CleanupUsage, MaintenanceCommands.CleanupOrphansAsync),
            ["regenerate-thumbnails"] = (MaintenanceCommands.RegenerateUsage, MaintenanceCommands.RegenerateThumbnailsAsync),
            ["seed-demo"] = (SeedDemoCommand.Usage, SeedDemoCommand.RunAsync),
        };

    /// <summary>Whether the process was started for a verb rather than the server: the first argument is a word. The
    /// server's own arguments are <c>--key value</c> or <c>Key=Value</c>, so a mistyped verb is refused with the usage
    /// instead of silently starting the server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && VerbWord().IsMatch(args[0]);

    /// <summary><c>help</c> and unknown words need neither the settings nor the database: they print the usage at once.</summary>
    public static bool IsUsageOnly(string[] args) => !Verbs.ContainsKey(args[0]);

    /// <summary>The usage; exit 0 for <c>help</c>, 2 (and the unknown word named on standard error) otherwise.</summary>
    public static int PrintUsage(string word)
    {
        if (word != "help") Console.Error.WriteLine($"unknown verb '{word}'; the verbs are:");
        Console.WriteLine("usage: ./manage.sh VERB [ARGS]   (or: dotnet BlazorMedia.dll VERB [ARGS])");
        foreach (var (usage, _) in Verbs.Values) Console.WriteLine("  " + usage);
        Console.WriteLine("  help   this list");
        return word == "help" ? 0 : 2;
    }

    /// <summary>Runs the verb. The first Ctrl+C cancels it (the progress display is taken down, the summary says it was
    /// interrupted); a second one ends the process.</summary>
    public static async Task<VerbOutcome> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var (name, verb) = (args[0], Verbs[args[0]]);
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var console = VerbConsole.ForThisProcess(name);
        try
        {
            await using var scope = services.CreateAsyncScope();
            return await verb.Run(scope.ServiceProvider, args[1..], console, interrupted.Token);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            return new VerbOutcome(1, $"{name}: interrupted after {VerbText.Seconds(console.Elapsed)}");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    public static bool TryParseCount(string[] args, out int count) =>
        int.TryParse(args.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count > 0;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex VerbWord();
}
