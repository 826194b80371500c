using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Catalog;

/// <summary>Keeps the library's derived columns true whoever writes the catalog (profiles, library, commands): each
/// saved <see cref="StoredFile"/> gets its folder, file name and folded name, and its folders exist as
/// <see cref="MediaFolder"/> rows.</summary>
public static class CatalogFolders
{
    /// <summary>Where trashed files live; never a library folder, never served.</summary>
    public const string TrashPrefix = "trash";

    /// <summary>Top-level folders that are not part of the library: derived files and the trash.</summary>
    public static bool IsHidden(string path)
    {
        var top = path.Split('/')[0];
        return top is TrashPrefix or Imaging.ThumbnailNames.Prefix;
    }

    public static (string Folder, string FileName) Split(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? ("", name) : (name[..slash], name[(slash + 1)..]);
    }

    /// <summary><paramref name="path"/> and each of its ancestors, outermost first ("a", "a/b", "a/b/c").</summary>
    public static IEnumerable<string> WithAncestors(string path)
    {
        if (path.Length == 0) yield break;
        for (var i = path.IndexOf('/'); i >= 0; i = path.IndexOf('/', i + 1))
            yield return path[..i];
        yield return path;
    }

    public static MediaFolder NewFolder(string path, DateTime now)
    {
        var (parent, name) = Split(path);
        return new MediaFolder { Path = path, Parent = parent, Name = name, CreatedUtc = now };
    }

    /// <summary>Fills the derived columns of rows stored before the library existed (FileName still ""), in
    /// batches; returns how many. Runs after migrations at start-up; one table scan when there is nothing to do.</summary>
    public static async Task<int> BackfillAsync(MediaDbContext db, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batch = await db.StoredFiles.Where(f => f.FileName == "").OrderBy(f => f.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0) return total;
            foreach (var file in batch) db.Entry(file).State = EntityState.Modified;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            total += batch.Count;
        }
    }

    internal static async Task UpdateAsync(MediaDbContext db, CancellationToken cancellationToken)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in db.ChangeTracker.Entries<StoredFile>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var file = entry.Entity;
            (file.Folder, file.FileName) = Split(file.Name);
            // Trashed files get no search name: a prefix search then needs no "not trashed" condition, which SQLite
            // would answer from the TrashedUtc index (every live row) instead of seeking the name index.
            file.SearchName = IsHidden(file.Folder) ? "" : SearchText.Fold(file.FileName);
            if (!IsHidden(file.Folder))
                folders.UnionWith(WithAncestors(file.Folder));
        }
        foreach (var entry in db.ChangeTracker.Entries<MediaFolder>())
            if (entry.State == EntityState.Added) folders.Remove(entry.Entity.Path);
        if (folders.Count == 0) return;

        var existing = await db.Folders.Where(f => folders.Contains(f.Path)).Select(f => f.Path).ToListAsync(cancellationToken);
        folders.ExceptWith(existing);
        var now = DateTime.UtcNow;
        foreach (var path in folders)
            db.Folders.Add(NewFolder(path, now));
    }
}
