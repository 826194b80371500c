using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Security;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Files;

/// <summary>What a folder rename or move did: the folder's old and new path and how many files moved.</summary>
public sealed record FolderMoved(string From, string To, int Files);

/// <summary>Rename, move and delete folders. Storage names contain the folder path, so renaming or moving a folder
/// moves every file under it, one at a time, with the same create-only move, row commit and move-back as a file
/// move. The destination's folder rows are created first and the source's removed only once no file remains under
/// them, so an interruption leaves every file in the old or the new folder, each row naming bytes that exist, and
/// both folders listed.</summary>
public sealed partial class FilesService
{
    /// <summary>Renames the folder <paramref name="path"/> within its parent.</summary>
    public async Task<FolderMoved> RenameFolderAsync(Caller caller, string path, string newName, CancellationToken cancellationToken = default)
    {
        Require(caller);
        path = RequireMovableFolder(path);
        var clean = ValidSegment(newName, "folder");
        var (parent, name) = CatalogFolders.Split(path);
        if (clean == name) throw new FilesRefusedException($"The folder {path} is already named “{clean}”.");
        return await MoveFolderCoreAsync(path, parent, clean, cancellationToken);
    }

    /// <summary>Moves the folder <paramref name="path"/>, with everything under it, into <paramref name="destination"/>
    /// ("" = the top level), keeping its name.</summary>
    public async Task<FolderMoved> MoveFolderAsync(Caller caller, string path, string destination, CancellationToken cancellationToken = default)
    {
        Require(caller);
        path = RequireMovableFolder(path);
        destination = NormalizeFolder(destination);
        var (parent, name) = CatalogFolders.Split(path);
        if (destination == parent) throw new FilesRefusedException($"The folder {name} is already in {Describe(parent)}.");
        if (destination == path || destination.StartsWith(path + "/", StringComparison.Ordinal))
            throw new FilesRefusedException($"The folder {path} cannot be moved into itself or one of its own folders ({destination}).");
        return await MoveFolderCoreAsync(path, destination, name, cancellationToken);
    }

    /// <summary>Deletes an empty folder (no live files, no sub-folders). Trashed files that came from it are not in
    /// it any more: restoring one creates the folder again.</summary>
    public async Task DeleteFolderAsync(Caller caller, string path, CancellationToken cancellationToken = default)
    {
        Require(caller);
        path = RequireMovableFolder(path);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Folders.FirstOrDefaultAsync(f => f.Path == path, cancellationToken)
            ?? throw new FilesRefusedException($"The folder {path} does not exist (it may have been renamed or removed).");
        await RefuseIfNotEmptyAsync(db, path, cancellationToken);
        db.Folders.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        // An upload that checked the folder just before it went: put the row back so its file stays listed.
        if (await FilesUnder(db, path).AnyAsync(cancellationToken) || await db.Folders.AnyAsync(f => f.Parent == path, cancellationToken))
        {
            db.Folders.Add(CatalogFolders.NewFolder(path, row.CreatedUtc));
            await db.SaveChangesAsync(cancellationToken);
            await RefuseIfNotEmptyAsync(db, path, cancellationToken);
        }
        LogFolderDeleted(logger, path);
        await changes.PublishAsync(new FilesChange(FilesChangeKind.FolderRemoved, row.Parent, row.Name)); // after every save above
    }

    private async Task<FolderMoved> MoveFolderCoreAsync(string path, string parent, string name, CancellationToken cancellationToken)
    {
        var target = Join(parent, name);
        if (CatalogFolders.IsHidden(target))
            throw new FilesRefusedException($"The folder {path} cannot become {target}: “{target.Split('/')[0]}” is reserved for the app.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireFolderAsync(db, path, cancellationToken);
        await RequireFolderAsync(db, parent, cancellationToken);
        // Refused rather than merged: moving into an existing folder would silently mix two folders' files.
        if (await db.Folders.AnyAsync(f => f.Path == target, cancellationToken))
            throw new FilesRefusedException($"A folder “{name}” already exists in {Describe(parent)}; choose another name.");
        RefuseIfPrivacyChanges(path, target);
        await RefuseIfUsedAsync(db, path, cancellationToken);

        var sourceFolders = await db.Folders.AsNoTracking().Where(f => f.Path == path || f.Path.StartsWith(path + "/"))
            .Select(f => f.Path).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var folder in sourceFolders)
            db.Folders.Add(CatalogFolders.NewFolder(Rebase(folder, path, target), now));
        changes.Stage(db, new FilesChange(FilesChangeKind.FolderAdded, parent, name));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on Path: someone created the destination between our check and our insert.
            throw new FilesRefusedException($"A folder “{name}” already exists in {Describe(parent)}; choose another name.");
        }
        db.ChangeTracker.Clear();

        var ids = await FilesUnder(db, path).OrderBy(f => f.Name).Select(f => f.Id).ToListAsync(cancellationToken);
        var moved = 0;
        foreach (var id in ids)
        {
            var file = await db.StoredFiles.FirstOrDefaultAsync(f => f.Id == id && f.TrashedUtc == null, cancellationToken);
            // Trashed or moved elsewhere since we listed it: no longer ours to move.
            if (file is null || !file.Name.StartsWith(path + "/", StringComparison.Ordinal)) continue;
            try
            {
                await MoveFileAsync(db, file, Rebase(file.Name, path, target), [], cancellationToken);
            }
            catch (Exception e) when (e is FilesRefusedException or DbUpdateException or Storage.StorageException or IOException)
            {
                LogFolderMoveStopped(logger, path, target, moved, ids.Count, e.Message);
                // Both folders stay: pages showing either reload.
                await changes.PublishAsync(new FilesChange(FilesChangeKind.FileRemoved, path), new FilesChange(FilesChangeKind.FileAdded, target));
                var reason = e is FilesRefusedException ? e.Message : $"the catalog or storage failed ({e.Message}).";
                throw new FilesRefusedException(
                    $"Moved {moved} of {ids.Count} file{(ids.Count == 1 ? "" : "s")} from {path} to {target}, then stopped at {file.FileName}: {reason} " +
                    $"The other files are still in {path}; both folders are kept.", e);
            }
            db.ChangeTracker.Clear();
            moved++;
        }

        await RemoveEmptiedFoldersAsync(db, path, sourceFolders, cancellationToken);
        LogFolderMoved(logger, path, target, moved);
        var (oldParent, oldName) = CatalogFolders.Split(path);
        await changes.PublishAsync(new FilesChange(FilesChangeKind.FolderRemoved, oldParent, oldName));
        return new FolderMoved(path, target, moved);
    }

    /// <summary>Removes the source folder rows that no file needs any more. A file that arrived under the source
    /// during the move, or a folder created there meanwhile, keeps its folder and that folder's ancestors.</summary>
    private static async Task RemoveEmptiedFoldersAsync(MediaDbContext db, string path, List<string> listed, CancellationToken cancellationToken)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var remaining = await FilesUnder(db, path).Select(f => f.Folder).Distinct().ToListAsync(cancellationToken);
        var current = await db.Folders.Where(f => f.Path == path || f.Path.StartsWith(path + "/")).ToListAsync(cancellationToken);
        foreach (var folder in remaining.Concat(current.Select(f => f.Path).Except(listed, StringComparer.Ordinal)))
            keep.UnionWith(CatalogFolders.WithAncestors(folder));
        db.Folders.RemoveRange(current.Where(f => !keep.Contains(f.Path)));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task RefuseIfNotEmptyAsync(MediaDbContext db, string path, CancellationToken cancellationToken)
    {
        var files = await db.StoredFiles.CountAsync(f => f.Folder == path, cancellationToken);
        var folders = await db.Folders.CountAsync(f => f.Parent == path, cancellationToken);
        if (files + folders == 0) return;
        var parts = new List<string>();
        if (files > 0) parts.Add($"{files} file{(files == 1 ? "" : "s")}");
        if (folders > 0) parts.Add($"{folders} folder{(folders == 1 ? "" : "s")}");
        throw new FilesRefusedException($"{path} is not empty: it holds {string.Join(" and ", parts)}.");
    }

    /// <summary>Same rule as a file move, on the folder's path: a move may neither publish private files nor break
    /// links already handed out for public ones.</summary>
    private void RefuseIfPrivacyChanges(string path, string target)
    {
        var (from, to) = (serving.Value.IsPrivate(path + "/"), serving.Value.IsPrivate(target + "/"));
        if (from == to) return;
        throw new FilesRefusedException(from
            ? $"The folder {path} cannot become {target}: its files are private, and anyone with their links could then read them."
            : $"The folder {path} cannot become {target}, which is private: links already handed out to its files would stop working.");
    }

    /// <summary>Rows name files by storage name: renaming <c>avatars</c> would break every profile picture.</summary>
    private async Task RefuseIfUsedAsync(MediaDbContext db, string path, CancellationToken cancellationToken)
    {
        var (names, example) = await usage.FindUnderAsync(db, path + "/", cancellationToken);
        if (example is null) return;
        var file = CatalogFolders.Split(example.Name).FileName;
        throw new FilesRefusedException(names == 1
            ? $"{path} holds 1 file used by a {example.Holder} ({file}, {example.Description}); it cannot move."
            : $"{path} holds {names} files used by {example.Holder}s (e.g. {file}, {example.Description}); they cannot move.");
    }

    /// <summary>A folder the user may rename, move or delete: not the top level, not the app's own.</summary>
    private static string RequireMovableFolder(string path)
    {
        path = NormalizeFolder(path);
        if (path.Length == 0) throw new FilesRefusedException("The top level cannot be renamed, moved or deleted.");
        if (CatalogFolders.IsHidden(path)) throw new FilesRefusedException($"The folder {path} is reserved for the app.");
        return path;
    }

    /// <summary>Live files at any depth under <paramref name="path"/> (trashed ones live under trash/).</summary>
    private static IQueryable<StoredFile> FilesUnder(MediaDbContext db, string path) =>
        db.StoredFiles.Where(f => f.Folder == path || f.Folder.StartsWith(path + "/"));

    private static string Rebase(string name, string from, string to) => to + name[from.Length..];

    [LoggerMessage(EventId = 806, Level = LogLevel.Information, Message = "Files: moved folder {From} to {To} ({Files} files)")]
    private static partial void LogFolderMoved(ILogger logger, string from, string to, int files);

    [LoggerMessage(EventId = 807, Level = LogLevel.Warning, Message = "Files: moving folder {From} to {To} stopped after {Moved} of {Total} files: {Reason}")]
    private static partial void LogFolderMoveStopped(ILogger logger, string from, string to, int moved, int total, string reason);

    [LoggerMessage(EventId = 808, Level = LogLevel.Information, Message = "Files: deleted folder {Path}")]
    private static partial void LogFolderDeleted(ILogger logger, string path);
}
