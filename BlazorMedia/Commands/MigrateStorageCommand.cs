using BlazorMedia.Storage;

namespace BlazorMedia.Commands;

/// <summary><c>migrate-storage --from BACKEND --to BACKEND [--dry-run]</c>: copies every stored file from one backend to
/// another (any two of <see cref="StorageOptions.Backends"/>) with <see cref="StorageMigrator"/>. Both sides are built
/// by <see cref="StorageBackends"/> from the usual settings (the file system from <c>Media:Root</c>, the others from
/// <c>Storage:S3:*</c>, <c>Storage:AzureBlob:*</c>, <c>Storage:Sftp:*</c>), whatever <c>Storage:Backend</c> says, so a
/// site can be moved before switching the setting. Exit code 0 when everything is there, 1 on conflicts or errors
/// (rerun to resume), 2 on bad arguments or settings.</summary>
internal static class MigrateStorageCommand
{
    public static readonly string Usage =
        $"migrate-storage --from {string.Join('|', StorageOptions.Backends)} --to {string.Join('|', StorageOptions.Backends)} [--dry-run]   copy every stored file to another backend (resumable)";

    public static async Task<VerbOutcome> RunAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var from, out var to, out var dryRun, out var problem))
        {
            console.Error.WriteLine($"migrate-storage: {problem}");
            console.Error.WriteLine("usage: " + Usage);
            return new(2, null);
        }
        foreach (var backend in new[] { from, to })
        {
            if (StorageBackends.Validate(backend, services) is { Count: > 0 } errors)
            {
                console.Error.WriteLine($"migrate-storage: {string.Join(" ", errors)}");
                return new(2, null);
            }
        }

        var source = StorageBackends.Create(from, services);
        var target = StorageBackends.Create(to, services);
        try
        {
            var migrator = new StorageMigrator(source, target, console.Out, console.Error);
            StorageMigrationResult result;
            try
            {
                result = await console.TrackAsync("files", progress =>
                    migrator.MigrateAsync(dryRun, new InlineProgress<StorageMigrationProgress>(p => progress.Report(p.Done, p.Total)), cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new(1, Summary(migrator.Result, dryRun) + "; interrupted, rerun to resume");
            }
            catch (StorageException e)
            {
                // A backend that cannot be reached at all (a listing failed): one line, not a stack trace.
                console.Error.WriteLine($"migrate-storage: {e.Message}");
                return new(1, Summary(migrator.Result, dryRun));
            }
            return new(result.Succeeded ? 0 : 1, Summary(result, dryRun));
        }
        finally
        {
            (source as IDisposable)?.Dispose();
            (target as IDisposable)?.Dispose();
        }
    }

    internal static string Summary(StorageMigrationResult r, bool dryRun) =>
        $"migrate-storage: {VerbText.Count(r.Copied)} {(dryRun ? "to copy" : "copied")}, {VerbText.Count(r.AlreadyThere)} already there, {VerbText.Count(r.Conflicts)} conflicts, {VerbText.Count(r.Errors)} errors ({VerbText.Bytes(r.BytesCopied)} in {VerbText.Seconds(r.Elapsed)})";

    internal static bool TryParse(string[] args, out string from, out string to, out bool dryRun, out string? problem)
    {
        from = to = "";
        dryRun = false;
        problem = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--from" when i + 1 < args.Length: from = args[++i]; break;
                case "--to" when i + 1 < args.Length: to = args[++i]; break;
                case "--dry-run": dryRun = true; break;
                default: problem = $"unexpected argument '{args[i]}'."; return false;
            }
        }
        foreach (var (option, value) in new[] { ("--from", from), ("--to", to) })
            if (!StorageOptions.Backends.Contains(value, StringComparer.Ordinal))
                problem ??= value.Length == 0
                    ? $"{option} is missing."
                    : $"{option} '{value}' is not a backend; use one of: {string.Join(", ", StorageOptions.Backends)}.";
        if (problem is null && from == to) problem = $"--from and --to are both '{from}'; give two different backends.";
        return problem is null;
    }
}
