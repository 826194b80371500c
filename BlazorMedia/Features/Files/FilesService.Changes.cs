using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Files;

/// <summary>Rename, move, trash, restore and empty trash. Each moves the bytes first with the storage's create-only
/// move (a taken name is a clear conflict, never an overwrite), then commits the row; if the commit fails the bytes
/// are moved back, so the row always names bytes that exist.</summary>
public sealed partial class FilesService
{
    /// <summary>Renames a file within its folder. The extension stays: the stored type was detected from the bytes,
    /// and the media endpoint serves by extension.</summary>
    public async Task<FileItem> RenameAsync(Caller caller, long id, string newName, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await LiveFileAsync(db, id, cancellationToken);
        var clean = ValidSegment(newName, "file");
        var extension = Path.GetExtension(file.FileName);
        if (!string.Equals(Path.GetExtension(clean), extension, StringComparison.OrdinalIgnoreCase))
            throw new FilesRefusedException($"{clean} must keep the extension {(extension.Length == 0 ? "(none)" : extension)} of {file.FileName}: the file's type was checked from its content.");
        return await MoveFileAsync(db, file, Join(file.Folder, clean), Renamed(file, Join(file.Folder, clean)), cancellationToken);
    }

    /// <summary>Moves a file into <paramref name="folder"/> ("" = top level), keeping its name.</summary>
    public async Task<FileItem> MoveAsync(Caller caller, long id, string folder, CancellationToken cancellationToken = default)
    {
        Require(caller);
        folder = NormalizeFolder(folder);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await LiveFileAsync(db, id, cancellationToken);
        if (CatalogFolders.IsHidden(folder))
            throw new FilesRefusedException($"{file.FileName} cannot be moved into {folder}: that folder is reserved for the app.");
        await RequireFolderAsync(db, folder, cancellationToken);
        if (folder == file.Folder)
            throw new FilesRefusedException($"{file.FileName} is already in {Describe(folder)}.");
        var destination = Join(folder, file.FileName);
        if (serving.Value.IsPrivate(file.Name) != serving.Value.IsPrivate(destination))
            throw new FilesRefusedException(serving.Value.IsPrivate(file.Name)
                ? $"{file.FileName} cannot be moved from private {Describe(file.Folder)} to {Describe(folder)}: anyone with its link could then read it."
                : $"{file.FileName} cannot be moved into private {Describe(folder)}: links already handed out would stop working.");
        return await MoveFileAsync(db, file, destination, Renamed(file, destination), cancellationToken);
    }

    /// <summary>Moves a file to the trash (<c>trash/{id}/…</c>, never served). Refused while a profile uses it.</summary>
    public async Task<FileItem> TrashAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await LiveFileAsync(db, id, cancellationToken);
        var (folder, from, fileName) = (file.Folder, file.Name, file.FileName);
        file.TrashedFrom = file.Name;
        file.TrashedUtc = time.GetUtcNow().UtcDateTime;
        var item = await MoveFileAsync(db, file, $"{CatalogFolders.TrashPrefix}/{file.Id}/{file.FileName}",
            [new FilesChange(FilesChangeKind.FileRemoved, folder, fileName), new FilesChange(FilesChangeKind.TrashChanged, "")], cancellationToken);
        LogTrashed(logger, from);
        return item;
    }

    /// <summary>Puts a trashed file back under its old name; if that name was taken meanwhile, says so and keeps it
    /// in the trash.</summary>
    public async Task<FileItem> RestoreAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.StoredFiles.FirstOrDefaultAsync(f => f.Id == id && f.TrashedUtc != null, cancellationToken)
            ?? throw new FilesRefusedException("This file is no longer in the trash.");
        var destination = file.TrashedFrom!;
        file.TrashedFrom = null;
        file.TrashedUtc = null;
        var (folder, fileName) = CatalogFolders.Split(destination);
        return await MoveFileAsync(db, file, destination,
            [new FilesChange(FilesChangeKind.FileAdded, folder, fileName), new FilesChange(FilesChangeKind.TrashChanged, "")], cancellationToken);
    }

    /// <summary>Deletes every trashed file for good: rows first (one commit), then the bytes, then thumbnails no
    /// remaining row shares. Returns how many files were removed.</summary>
    public async Task<int> EmptyTrashAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var trashed = await db.StoredFiles.Where(f => f.TrashedUtc != null).ToListAsync(cancellationToken);
        if (trashed.Count == 0) return 0;
        db.StoredFiles.RemoveRange(trashed);
        changes.Stage(db, new FilesChange(FilesChangeKind.TrashChanged, ""));
        await db.SaveChangesAsync(cancellationToken);
        await lifecycle.DeleteAfterCommitAsync(new OrphanedFiles(
            trashed.Select(f => f.Name).ToList(),
            trashed.Where(f => f.Width is not null).Select(f => f.Sha256).ToList()), cancellationToken);
        LogTrashEmptied(logger, trashed.Count);
        return trashed.Count;
    }

    /// <summary>A rename or move as the two folders see it: the file left one and arrived in the other.</summary>
    private static FilesChange[] Renamed(StoredFile file, string destination)
    {
        var (folder, fileName) = CatalogFolders.Split(destination);
        return [new FilesChange(FilesChangeKind.FileRenamed, file.Folder, file.FileName), new FilesChange(FilesChangeKind.FileRenamed, folder, fileName)];
    }

    /// <summary>Moves the bytes, then commits the row with <paramref name="publish"/> staged on the same save.</summary>
    private async Task<FileItem> MoveFileAsync(MediaDbContext db, StoredFile file, string destination,
        FilesChange[] publish, CancellationToken cancellationToken)
    {
        var source = file.Name;
        await RefuseIfUsedAsync(db, file, cancellationToken);
        var (folder, fileName) = CatalogFolders.Split(destination);
        if (await db.StoredFiles.AnyAsync(f => f.Name == destination, cancellationToken) || !await TryMoveBytesAsync(source, destination, file, cancellationToken))
            throw new FilesRefusedException($"{fileName} already exists in {Describe(folder)}; rename or move that file first.");
        file.Name = destination;
        if (publish.Length > 0) changes.Stage(db, publish);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // The bytes moved but the row did not: put them back so the row still names them.
            if (!await storage.MoveAsync(destination, source, CancellationToken.None))
                LogMoveBackFailed(logger, destination, source);
            throw;
        }
        return ProjectRow(file);
    }

    private async Task<bool> TryMoveBytesAsync(string source, string destination, StoredFile file, CancellationToken cancellationToken)
    {
        try
        {
            return await storage.MoveAsync(source, destination, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new FilesRefusedException($"{file.FileName} is missing from storage; it cannot be moved. Check the media root or bucket.");
        }
        catch (StorageException e)
        {
            throw new FilesRefusedException($"{file.FileName} could not be moved: {e.Message}");
        }
    }

    /// <summary>Rows name files by storage name (a profile's avatar): moving or trashing one they use would break them.</summary>
    private async Task RefuseIfUsedAsync(MediaDbContext db, StoredFile file, CancellationToken cancellationToken)
    {
        // While trashing, the row already carries its old name in TrashedFrom.
        if (await usage.FirstAsync(db, file.TrashedFrom ?? file.Name, cancellationToken) is { } use)
            throw new FilesRefusedException($"{file.FileName} is {use.Description}; remove it from that {use.Holder} first.");
    }

    private static async Task<StoredFile> LiveFileAsync(MediaDbContext db, long id, CancellationToken cancellationToken) =>
        await db.StoredFiles.FirstOrDefaultAsync(f => f.Id == id && f.TrashedUtc == null, cancellationToken)
            ?? throw new FilesRefusedException("This file no longer exists; it may have been moved to the trash.");

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "Files: moved {Name} to the trash")]
    private static partial void LogTrashed(ILogger logger, string name);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "Files: emptied the trash ({Count} files)")]
    private static partial void LogTrashEmptied(ILogger logger, int count);

    [LoggerMessage(EventId = 805, Level = LogLevel.Error, Message = "Files: the catalog commit failed and {Destination} could not be moved back to {Source}; the row still names {Source}")]
    private static partial void LogMoveBackFailed(ILogger logger, string destination, string source);
}
