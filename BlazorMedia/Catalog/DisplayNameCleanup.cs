using BlazorMedia.Data;
using BlazorMedia.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Catalog;

/// <summary>The data step of the <c>CleanDisplayNames</c> migration: files stored before the display-name rule
/// (<see cref="DisplayName"/>) kept their original names as the browser sent them (controls, bidi overrides, paths);
/// this rewrites each such name to its clean form, so old and new files show the same way. Nothing else of the row
/// changes, and no stored byte moves.</summary>
public static class DisplayNameCleanup
{
    /// <summary>The migration whose being pending means the cleanup has not completed on this database.</summary>
    public const string MigrationName = "CleanDisplayNames";

    /// <summary>True when the database has tables (some migration applied) and <see cref="MigrationName"/> is pending.</summary>
    public static async Task<bool> IsDueAsync(MediaDbContext db, CancellationToken cancellationToken) =>
        (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any()
        && (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any(id => id.EndsWith("_" + MigrationName, StringComparison.Ordinal));

    /// <summary>Cleans every stored file's original name, in batches by id; returns how many changed. Reads and writes
    /// only the id and the name, so it runs on the schema of any earlier migration. Idempotent.</summary>
    public static async Task<int> RunAsync(MediaDbContext db, CancellationToken cancellationToken)
    {
        var changed = 0;
        var after = 0L;
        while (true)
        {
            var batch = await db.StoredFiles.AsNoTracking().Where(f => f.Id > after).OrderBy(f => f.Id).Take(1000)
                .Select(f => new { f.Id, f.OriginalName }).ToListAsync(cancellationToken);
            if (batch.Count == 0) return changed;
            foreach (var file in batch)
            {
                var clean = DisplayName.Clean(file.OriginalName);
                if (clean == file.OriginalName) continue;
                await db.StoredFiles.Where(f => f.Id == file.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.OriginalName, clean), cancellationToken);
                changed++;
            }
            after = batch[^1].Id;
        }
    }
}
