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

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var from, out var to, out var dryRun, out var problem))
        {
            Console.Error.WriteLine($"migrate-storage: {problem}");
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        foreach (var backend in new[] { from, to })
        {
            if (StorageBackends.Validate(backend, services) is { Count: > 0 } errors)
            {
                Console.Error.WriteLine($"migrate-storage: {string.Join(" ", errors)}");
                return 2;
            }
        }

        var source = StorageBackends.Create(from, services);
        var target = StorageBackends.Create(to, services);
        try
        {
            var migrator = new StorageMigrator(source, target, Console.Out, Console.Error);
            StorageMigrationResult result;
            try
            {
                result = await migrator.MigrateAsync(dryRun, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Console.WriteLine(Summary(migrator.Result, dryRun) + "; interrupted, rerun to resume");
                return 1;
            }
            catch (StorageException e)
            {
                // A backend that cannot be reached at all (a listing failed): one line, not a stack trace.
                Console.Error.WriteLine($"migrate-storage: {e.Message}");
                Console.WriteLine(Summary(migrator.Result, dryRun));
                return 1;
            }
            Console.WriteLine(Summary(result, dryRun));
            return result.Succeeded ? 0 : 1;
        }
        finally
        {
            (source as IDisposable)?.Dispose();
            (target as IDisposable)?.Dispose();
        }
    }

    internal static string Summary(StorageMigrationResult r, bool dryRun) =>
        FormattableString.Invariant(
            $"migrate-storage: {r.Copied} {(dryRun ? "to copy" : "copied")}, {r.AlreadyThere} already there, {r.Conflicts} conflicts, {r.Errors} errors ({r.BytesCopied / 1_000_000.0:0.0} MB in {r.Elapsed.TotalSeconds:0.0} s)");

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
