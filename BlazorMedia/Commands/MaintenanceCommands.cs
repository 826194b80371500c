using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Imaging;
using BlazorMedia.Maintenance;
using BlazorMedia.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Commands;

/// <summary><c>check</c>, <c>verify-checksums</c>, <c>cleanup-orphans</c> and <c>regenerate-thumbnails</c>: Django's
/// <c>manage.py</c> maintenance for media, driven by the catalog (<see cref="MediaAudit"/>, <see cref="ExpectedNames"/>)
/// on whichever backend is configured. Each prints one line per problem and a summary line, and exits 0 when clean,
/// 1 on problems, 2 on bad arguments.</summary>
internal static class MaintenanceCommands
{
    public const string CheckUsage = "check   report missing files, orphans, bad checksums and profiles pointing at missing files";
    public const string VerifyUsage = "verify-checksums   re-hash every catalogued file and compare with its row";
    public const string CleanupUsage = "cleanup-orphans [--dry-run]   delete stored files the catalog does not know (--dry-run lists them only)";
    public const string RegenerateUsage = "regenerate-thumbnails   create every missing thumbnail of every catalogued image";

    public static async Task<int> CheckAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!NoArguments("check", args)) return 2;
        var result = await services.GetRequiredService<MediaAudit>().RunAsync(AuditChecks.All, cancellationToken);
        Print(result.Problems);
        Console.WriteLine(FormattableString.Invariant(
            $"check: {result.Rows} catalogued, {result.StoredFiles} stored; {result.Count(ProblemKind.Missing)} missing, {result.Count(ProblemKind.Orphan)} orphans, {result.Count(ProblemKind.BadChecksum)} bad checksums, {result.Count(ProblemKind.DanglingReference)} dangling references"));
        return result.Problems.Count == 0 ? 0 : 1;
    }

    public static async Task<int> VerifyChecksumsAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!NoArguments("verify-checksums", args)) return 2;
        var result = await services.GetRequiredService<MediaAudit>().RunAsync(AuditChecks.Missing | AuditChecks.Checksums, cancellationToken);
        Print(result.Problems);
        Console.WriteLine(FormattableString.Invariant(
            $"verify-checksums: {result.ChecksumsVerified} verified, {result.Count(ProblemKind.BadChecksum)} bad checksums, {result.Count(ProblemKind.Missing)} missing"));
        return result.Problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Exit 0 when no orphan is left afterwards; a dry run that finds orphans exits 1 (they are still there).</summary>
    public static async Task<int> CleanupOrphansAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var dryRun = args is ["--dry-run"];
        if (!dryRun && !NoArguments("cleanup-orphans", args)) return 2;
        var storage = services.GetRequiredService<IFileStorage>();
        var result = await services.GetRequiredService<MediaAudit>().RunAsync(AuditChecks.Orphans, cancellationToken);
        int deleted = 0, failed = 0;
        foreach (var orphan in result.Problems)
        {
            if (dryRun)
            {
                Console.WriteLine($"would delete: {orphan.Name}");
                continue;
            }
            try
            {
                await storage.DeleteAsync(orphan.Name, cancellationToken);
                Console.WriteLine($"deleted: {orphan.Name}");
                deleted++;
            }
            catch (StorageException e)
            {
                Console.WriteLine($"not deleted: {orphan.Name} ({e.Message})");
                failed++;
            }
        }
        Console.WriteLine(dryRun
            ? $"cleanup-orphans: {result.Problems.Count} orphans found, nothing deleted (dry run)"
            : $"cleanup-orphans: {deleted} deleted, {failed} failed");
        return (dryRun ? result.Problems.Count : failed) == 0 ? 0 : 1;
    }

    public static async Task<int> RegenerateThumbnailsAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!NoArguments("regenerate-thumbnails", args)) return 2;
        var storage = services.GetRequiredService<IFileStorage>();
        var thumbnails = services.GetRequiredService<ThumbnailService>();
        await using var db = await services.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContextAsync(cancellationToken);
        var images = await db.StoredFiles.AsNoTracking().Where(f => f.Width != null).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Name, f.Sha256 }).ToListAsync(cancellationToken);
        int created = 0, present = 0, failed = 0;
        foreach (var image in images)
            foreach (var alias in ThumbnailAlias.All)
            {
                var expected = ThumbnailNames.For(image.Sha256, alias);
                if (await storage.ExistsAsync(expected, cancellationToken))
                {
                    present++;
                    continue;
                }
                var problem = await CreateAsync(storage, thumbnails, image.Name, alias, expected, cancellationToken);
                if (problem is null)
                {
                    Console.WriteLine($"created: {expected} ({alias.Name} of {image.Name})");
                    created++;
                }
                else
                {
                    Console.WriteLine($"failed: {expected} ({alias.Name} of {image.Name}, catalog row {image.Id}: {problem})");
                    failed++;
                }
            }
        Console.WriteLine($"regenerate-thumbnails: {images.Count} images; {created} created, {present} already there, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Null on success, else why not. The service names a thumbnail after the bytes it read: when they no
    /// longer match the row, the thumbnail it made is not the one pages ask for, so it is removed again.</summary>
    private static async Task<string?> CreateAsync(IFileStorage storage, ThumbnailService thumbnails, string source,
        ThumbnailAlias alias, string expected, CancellationToken cancellationToken)
    {
        try
        {
            var made = await thumbnails.GetOrCreateAsync(source, alias, cancellationToken);
            if (made == expected) return null;
            await storage.DeleteAsync(made, cancellationToken);
            return "the stored bytes differ from the catalog; run verify-checksums";
        }
        catch (FileNotFoundException)
        {
            return "the image is missing from storage";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e.Message; // undecodable image, storage failure: report it and go on with the others
        }
    }

    private static void Print(IEnumerable<MediaProblem> problems)
    {
        foreach (var p in problems) Console.WriteLine(p);
    }

    private static bool NoArguments(string verb, string[] args)
    {
        if (args.Length == 0) return true;
        Console.Error.WriteLine($"{verb}: unexpected argument '{args[0]}'.");
        return false;
    }
}
