using System.Globalization;

namespace BlazorMedia.Commands;

/// <summary>The app's own maintenance verbs, like Django's <c>manage.py</c>: <c>dotnet BlazorMedia.dll VERB …</c>
/// (or <c>dotnet run --project BlazorMedia -- VERB …</c>). They run after the start-up checks and migrations, with
/// the app's services and settings, and without starting the web server.</summary>
internal static class CommandLine
{
    private static readonly Dictionary<string, (string Usage, Func<IServiceProvider, string[], CancellationToken, Task<int>> Run)> Verbs =
        new(StringComparer.Ordinal)
        {
            ["seed-profiles"] = ("seed-profiles COUNT   add COUNT demo profiles (names only), for trying paging and search at scale",
                (sp, args, ct) => SeedProfilesCommand.RunAsync(sp, args, ct)),
            ["migrate-storage"] = (MigrateStorageCommand.Usage,
                (sp, args, ct) => MigrateStorageCommand.RunAsync(sp, args, ct)),
            ["check"] = (MaintenanceCommands.CheckUsage, MaintenanceCommands.CheckAsync),
            ["verify-checksums"] = (MaintenanceCommands.VerifyUsage, MaintenanceCommands.VerifyChecksumsAsync),
            ["cleanup-orphans"] = (MaintenanceCommands.CleanupUsage, MaintenanceCommands.CleanupOrphansAsync),
            ["regenerate-thumbnails"] = (MaintenanceCommands.RegenerateUsage, MaintenanceCommands.RegenerateThumbnailsAsync),
            ["seed-demo"] = (SeedDemoCommand.Usage, SeedDemoCommand.RunAsync),
        };

    public static bool IsCommand(string[] args) => args.Length > 0 && (Verbs.ContainsKey(args[0]) || args[0] == "help");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (args[0] == "help" || !Verbs.TryGetValue(args[0], out var verb))
        {
            Console.WriteLine("usage: BlazorMedia VERB [ARGS]");
            foreach (var (usage, _) in Verbs.Values) Console.WriteLine("  " + usage);
            return args[0] == "help" ? 0 : 2;
        }
        await using var scope = services.CreateAsyncScope();
        return await verb.Run(scope.ServiceProvider, args[1..], cancellationToken);
    }

    public static bool TryParseCount(string[] args, out int count) =>
        int.TryParse(args.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count > 0;
}
