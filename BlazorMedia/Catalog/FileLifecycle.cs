using BlazorMedia.Data;
using BlazorMedia.Imaging;
using BlazorMedia.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Catalog;

/// <summary>Files whose catalog rows a transaction removes, to delete once it has committed.</summary>
public sealed record OrphanedFiles(IReadOnlyList<string> Names, IReadOnlyList<string> ImageHashes);

/// <summary>Deletes files only when nothing references them, and only after the database says so for good.</summary>
public sealed partial class FileLifecycle(IFileStorage storage, IDbContextFactory<MediaDbContext> dbFactory, FileUsage usage,
    ILogger<FileLifecycle> logger)
{
    /// <summary>Within the caller's unsaved transaction: for each name that no row but the one being changed
    /// (<paramref name="holder"/> <paramref name="holderId"/>, whose committed values still name it) uses, removes its
    /// catalog row and returns it for deletion after commit. A name another row still uses is kept.</summary>
    public async Task<OrphanedFiles> ForgetUnreferencedAsync(MediaDbContext db, IReadOnlyList<string> names, string holder,
        string holderId, CancellationToken cancellationToken)
    {
        var orphaned = new List<string>();
        var hashes = new List<string>();
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        var used = (await usage.FindAsync(db, distinct, cancellationToken))
            .Where(u => u.Holder != holder || u.HolderId != holderId).Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in distinct)
        {
            if (used.Contains(name)) continue;
            orphaned.Add(name);
            foreach (var row in await db.StoredFiles.Where(f => f.Name == name).ToListAsync(cancellationToken))
            {
                db.StoredFiles.Remove(row);
                if (row.Width is not null) hashes.Add(row.Sha256);
            }
        }
        return new OrphanedFiles(orphaned, hashes);
    }

    /// <summary>After commit: deletes the bytes, and the thumbnails of images no remaining row shares a hash with
    /// (thumbnails are content-addressed, so identical images share them). Failures are logged, never thrown: the
    /// user's save already succeeded, and the orphan sweep removes what is left.</summary>
    public async Task DeleteAfterCommitAsync(OrphanedFiles orphaned, CancellationToken cancellationToken = default)
    {
        foreach (var name in orphaned.Names)
            await DeleteAsync(name);
        if (orphaned.ImageHashes.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var hash in orphaned.ImageHashes.Distinct())
        {
            if (await db.StoredFiles.AnyAsync(f => f.Sha256 == hash, cancellationToken)) continue;
            foreach (var alias in ThumbnailAlias.All)
                await DeleteAsync(ThumbnailNames.For(hash, alias));
        }
    }

    private async Task DeleteAsync(string name)
    {
        try
        {
            await storage.DeleteAsync(name, CancellationToken.None);
        }
        catch (Exception e) when (e is StorageException or IOException)
        {
            LogDeleteFailed(logger, name, e.Message);
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Could not delete '{Name}' after commit: {Reason}; the orphan sweep will remove it")]
    private static partial void LogDeleteFailed(ILogger logger, string name, string reason);
}
