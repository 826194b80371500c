using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Storage.S3;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Commands;

/// <summary><c>migrate-storage --from FileSystem|S3 --to FileSystem|S3 [--dry-run]</c>: copies every stored file to the
/// other backend with <see cref="StorageMigrator"/>. Both sides come from the usual settings (the file system from
/// <c>Media:Root</c>, S3 from <c>Storage:S3:*</c>), whatever <c>Storage:Backend</c> says, so a site can be moved
/// before switching the setting. Exit code 0 when everything is there, 1 on conflicts or errors (rerun to resume),
/// 2 on bad arguments or settings.</summary>
internal static class MigrateStorageCommand
{
    public const string Usage =
        "migrate-storage --from FileSystem|S3 --to FileSystem|S3 [--dry-run]   copy every stored file to the other backend (resumable)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var from, out var to, out var dryRun, out var problem))
        {
            Console.Error.WriteLine($"migrate-storage: {problem}");
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        var disposables = new List<IDisposable>();
        try
        {
            var source = Create(services, from, disposables, out var sourceProblem);
            var target = Create(services, to, disposables, out var targetProblem);
            if (source is null || target is null)
            {
                Console.Error.WriteLine($"migrate-storage: {sourceProblem ?? targetProblem}");
                return 2;
            }

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
            Console.WriteLine(Summary(result, dryRun));
            return result.Succeeded ? 0 : 1;
        }
        finally
        {
            disposables.ForEach(d => d.Dispose());
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

    private static IFileStorage? Create(IServiceProvider services, string backend, List<IDisposable> disposables, out string? problem)
    {
        problem = null;
        var media = services.GetRequiredService<IOptions<MediaOptions>>().Value;
        if (backend == "S3")
        {
            var options = services.GetRequiredService<IOptions<S3StorageOptions>>().Value;
            var errors = StorageOptionsValidator.ValidateS3(options);
            if (errors.Count > 0)
            {
                problem = string.Join(" ", errors);
                return null;
            }
            var s3 = new S3Storage(options, objectHeaders: services.GetService<IObjectHeaders>());
            disposables.Add(s3);
            return s3;
        }
        var configuration = services.GetRequiredService<IConfiguration>();
        var fileSystem = configuration.GetSection(FileSystemStorageOptions.SectionName).Get<FileSystemStorageOptions>() ?? new();
        fileSystem.Location = media.RootPath;
        fileSystem.BaseUrl = media.Url;
        return new FileSystemStorage(fileSystem, services.GetService<TimeProvider>());
    }
}
