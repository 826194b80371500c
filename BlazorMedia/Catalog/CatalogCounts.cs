using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace BlazorMedia.Catalog;

/// <summary>Keeps <see cref="FolderCount"/> equal to the number of live files per library folder. A row counts once
/// its derived columns exist (FileName not ""; rows from before the library are counted when the start-up backfill
/// derives them) and while it is outside the hidden folders (trash, thumbnails): adding, deleting, moving, trashing
/// and restoring are all a change of folder between "counted" and "not counted".</summary>
public static class CatalogCounts
{
    /// <summary>The per-folder change the tracked <see cref="StoredFile"/> rows will make; run after the derived
    /// columns are set and before the save (which resets the entries' states).</summary>
    internal static SortedDictionary<string, int> Collect(MediaDbContext db)
    {
        var deltas = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in db.ChangeTracker.Entries<StoredFile>())
        {
            var before = entry.State is EntityState.Modified or EntityState.Deleted ? CountedFolder(entry, original: true) : null;
            var after = entry.State is EntityState.Added or EntityState.Modified ? CountedFolder(entry, original: false) : null;
            if (before == after) continue;
            if (before is not null) deltas[before] = deltas.GetValueOrDefault(before) - 1;
            if (after is not null) deltas[after] = deltas.GetValueOrDefault(after) + 1;
        }
        foreach (var zero in deltas.Where(d => d.Value == 0).Select(d => d.Key).ToList()) deltas.Remove(zero);
        return deltas;
    }

    /// <summary>The folder a row is counted in, or null when it is not counted (not yet derived, or hidden).</summary>
    private static string? CountedFolder(EntityEntry<StoredFile> entry, bool original)
    {
        string Value(string property) => (original
            ? entry.OriginalValues[property] : entry.CurrentValues[property]) as string ?? "";
        if (Value(nameof(StoredFile.FileName)).Length == 0) return null;
        var folder = Value(nameof(StoredFile.Folder));
        return CatalogFolders.IsHidden(folder) ? null : folder;
    }

    /// <summary>Applies the increments, in path order (two writers lock count rows in the same order, so they wait
    /// for each other rather than deadlock). One upsert per folder: <c>count = count + d</c> is evaluated by the
    /// database under the row lock, so concurrent writers add up instead of overwriting each other.</summary>
    internal static async Task ApplyAsync(MediaDbContext db, SortedDictionary<string, int> deltas, CancellationToken cancellationToken)
    {
        var sqlServer = db.Database.IsSqlServer();
        foreach (var (path, delta) in deltas)
            await (sqlServer ? UpsertSqlServerAsync(db, path, delta, cancellationToken) : UpsertAsync(db, path, delta, cancellationToken));
    }

    /// <summary>SQLite and PostgreSQL: one statement, the conflict on the key turning the insert into an increment.</summary>
    private static Task<int> UpsertAsync(MediaDbContext db, string path, long delta, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO "FolderCounts" ("Path", "FileCount") VALUES ({path}, {delta})
            ON CONFLICT ("Path") DO UPDATE SET "FileCount" = "FolderCounts"."FileCount" + excluded."FileCount"
            """, cancellationToken);

    /// <summary>SQL Server has no ON CONFLICT. The update takes an update lock on the key, held (SERIALIZABLE) as a
    /// key-range lock when the row is missing, so a concurrent writer of the same path waits instead of inserting a
    /// duplicate; then the insert fills the gap. (MERGE would do it in one statement, but needs the same hints and has
    /// a history of upsert bugs.)</summary>
    private static Task<int> UpsertSqlServerAsync(MediaDbContext db, string path, long delta, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            UPDATE [FolderCounts] WITH (UPDLOCK, SERIALIZABLE) SET [FileCount] = [FileCount] + {delta} WHERE [Path] = {path};
            IF @@ROWCOUNT = 0 INSERT INTO [FolderCounts] ([Path], [FileCount]) VALUES ({path}, {delta});
            """, cancellationToken);

    /// <summary>Folders whose kept count differs from a <c>COUNT(*)</c> of their live files, as (path, kept, actual);
    /// empty when the counts are true. For <c>check</c> and the tests.</summary>
    public static async Task<IReadOnlyList<(string Path, long Kept, long Actual)>> FindWrongAsync(MediaDbContext db, CancellationToken cancellationToken)
    {
        var actual = (await db.StoredFiles.AsNoTracking().Where(f => f.FileName != "").GroupBy(f => f.Folder)
                .Select(g => new { Path = g.Key, Count = (long)g.Count() }).ToListAsync(cancellationToken))
            .Where(a => !CatalogFolders.IsHidden(a.Path)).ToDictionary(a => a.Path, a => a.Count, StringComparer.Ordinal);
        var kept = await db.FolderCounts.AsNoTracking().ToDictionaryAsync(c => c.Path, c => c.FileCount, StringComparer.Ordinal, cancellationToken);
        return kept.Keys.Union(actual.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(p => (p, kept.GetValueOrDefault(p), actual.GetValueOrDefault(p)))
            .Where(c => c.Item2 != c.Item3).ToList();
    }
}
