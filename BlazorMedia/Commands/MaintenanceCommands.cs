using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Imaging;
using BlazorMedia.Maintenance;
using BlazorMedia.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Commands;

/// <summary><c>check</c>, <c>verify-checksums</c>, <c>cleanup-orphans</c> and <c>regenerate-thumbnails</c>: Django's
/// <c>manage.py</c> maintenance for media, driven by the catalog (<see cref="MediaAudit"/>, <see cref="ExpectedNames"/>)
/// on whichever backend is configured. Each prints one line per problem, shows its progress (<see cref="VerbConsole"/>)
/// and ends with a summary line (counts and elapsed time); exit 0 when clean, 1 on problems, 2 on bad arguments.</summary>
internal static class MaintenanceCommands
{
    public const string CheckUsage = "check   report missing files, orphans, bad checksums and profiles pointing at missing files";
    public const string VerifyUsage = "verify-checksums   re-hash every catalogued file and compare with its row";
    public const string CleanupUsage = "cleanup-orphans [--dry-run]   delete stored files the catalog does not know (--dry-run lists them only)";
    public const string RegenerateUsage = "regenerate-thumbnails   create every missing thumbnail of every catalogued image";

    public static async Task<VerbOutcome> CheckAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        if (!NoArguments(console, args)) return new(2, null);
        var result = await AuditAsync(services, AuditChecks.All, console, cancellationToken);
        return new(result.Problems.Count == 0 ? 0 : 1, CheckSummary(result, console.Elapsed));
    }

    public static async Task<VerbOutcome> VerifyChecksumsAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        if (!NoArguments(console, args)) return new(2, null);
        var result = await AuditAsync(services, AuditChecks.Missing | AuditChecks.Checksums, console, cancellationToken);
        return new(result.Problems.Count == 0 ? 0 : 1, VerifySummary(result, console.Elapsed));
    }

    internal static string CheckSummary(AuditResult r, TimeSpan elapsed) =>
        $"check: {Count(r.Rows)} catalogued, {Count(r.StoredFiles)} stored; {Count(r.Count(ProblemKind.Missing))} missing, {Count(r.Count(ProblemKind.Orphan))} orphans, {Count(r.Count(ProblemKind.BadChecksum))} bad checksums, {Count(r.Count(ProblemKind.DanglingReference))} dangling references"
        + Checked(r, elapsed);

    internal static string VerifySummary(AuditResult r, TimeSpan elapsed) =>
        $"verify-checksums: {Count(r.ChecksumsVerified)} verified, {Count(r.Count(ProblemKind.BadChecksum))} bad checksums, {Count(r.Count(ProblemKind.Missing))} missing"
        + Checked(r, elapsed);

    private static string Checked(AuditResult r, TimeSpan elapsed) =>
        VerbText.Took($"{Count(r.ChecksumsVerified)} files, {VerbText.Bytes(r.BytesVerified)} checked", elapsed);

    /// <summary>Runs the audit with a progress of the files it hashes, and prints its problems, one line each.</summary>
    private static async Task<AuditResult> AuditAsync(IServiceProvider services, AuditChecks checks, VerbConsole console, CancellationToken cancellationToken)
    {
        var audit = services.GetRequiredService<MediaAudit>();
        var result = await console.TrackAsync("files", progress =>
            audit.RunAsync(checks, new InlineProgress<AuditProgress>(p => progress.Report(p.Hashed, p.ToHash)), cancellationToken));
        foreach (var problem in result.Problems) console.Out.WriteLine(problem);
        return result;
    }

    /// <summary>Exit 0 when no orphan is left afterwards; a dry run that finds orphans exits 1 (they are still there).</summary>
    public static async Task<VerbOutcome> CleanupOrphansAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        var dryRun = args is ["--dry-run"];
        if (!dryRun && !NoArguments(console, args)) return new(2, null);
        var storage = services.GetRequiredService<IFileStorage>();
        var audit = services.GetRequiredService<MediaAudit>();
        var (orphans, stored, deleted, failed) = await console.TrackAsync("orphans", async progress =>
        {
            var result = await audit.RunAsync(AuditChecks.Orphans, cancellationToken);
            progress.Report(0, result.Problems.Count);
            int done = 0, gone = 0, kept = 0;
            foreach (var orphan in result.Problems)
            {
                if (dryRun)
                    console.Out.WriteLine($"would delete: {orphan.Name}");
                else if (await DeleteAsync(storage, orphan.Name, console, cancellationToken))
                    gone++;
                else
                    kept++;
                progress.Report(++done, result.Problems.Count);
            }
            return (result.Problems.Count, result.StoredFiles, gone, kept);
        });
        var summary = (dryRun
            ? $"cleanup-orphans: {Count(orphans)} orphans found, nothing deleted (dry run)"
            : $"cleanup-orphans: {Count(deleted)} deleted, {Count(failed)} failed") + VerbText.Took($"{Count(stored)} stored files checked", console.Elapsed);
        return new((dryRun ? orphans : failed) == 0 ? 0 : 1, summary);
    }

    private static async Task<bool> DeleteAsync(IFileStorage storage, string name, VerbConsole console, CancellationToken cancellationToken)
    {
        try
        {
            await storage.DeleteAsync(name, cancellationToken);
            console.Out.WriteLine($"deleted: {name}");
            return true;
        }
        catch (StorageException e)
        {
            console.Out.WriteLine($"not deleted: {name} ({e.Message})");
            return false;
        }
    }

    public static async Task<VerbOutcome> RegenerateThumbnailsAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        if (!NoArguments(console, args)) return new(2, null);
        var storage = services.GetRequiredService<IFileStorage>();
        var thumbnails = services.GetRequiredService<ThumbnailService>();
        await using var db = await services.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContextAsync(cancellationToken);
        var images = await db.StoredFiles.AsNoTracking().Where(f => f.Width != null).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Name, f.Sha256 }).ToListAsync(cancellationToken);
        var total = images.Count * ThumbnailAlias.All.Count;
        int created = 0, present = 0, failed = 0;
        await console.TrackAsync("thumbnails", async progress =>
        {
            progress.Report(0, total);
            foreach (var image in images)
                foreach (var alias in ThumbnailAlias.All)
                {
                    var expected = ThumbnailNames.For(image.Sha256, alias);
                    if (await storage.ExistsAsync(expected, cancellationToken))
                        present++;
                    else if (await CreateAsync(storage, thumbnails, image.Name, alias, expected, cancellationToken) is { } problem)
                    {
                        console.Out.WriteLine($"failed: {expected} ({alias.Name} of {image.Name}, catalog row {image.Id}: {problem})");
                        failed++;
                    }
                    else
                    {
                        console.Out.WriteLine($"created: {expected} ({alias.Name} of {image.Name})");
                        created++;
                    }
                    progress.Report(created + present + failed, total);
                }
            return total;
        });
        return new(failed == 0 ? 0 : 1,
            $"regenerate-thumbnails: {Count(images.Count)} images; {Count(created)} created, {Count(present)} already there, {Count(failed)} failed"
            + VerbText.Took($"{Count(total)} thumbnails checked", console.Elapsed));
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

    private static string Count(long n) => VerbText.Count(n);

    private static bool NoArguments(VerbConsole console, string[] args)
    {
        if (args.Length == 0) return true;
        console.Error.WriteLine($"{console.Verb}: unexpected argument '{args[0]}'.");
        return false;
    }
}
