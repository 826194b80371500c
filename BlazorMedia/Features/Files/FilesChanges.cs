using BlazorMedia.Data;

namespace BlazorMedia.Features.Files;

public enum FilesChangeKind
{
    FileAdded,
    FileRenamed,
    FileRemoved,
    FolderAdded,
    /// <summary>A folder was renamed, moved or deleted: <see cref="FilesChange.Folder"/> is its parent, Name its name.</summary>
    FolderRemoved,
    TrashChanged,
    /// <summary>The feed was interrupted (the database restarted): changes may have been missed, reload everything.</summary>
    Reset,
}

/// <summary>Something changed in <paramref name="Folder"/> ("" = the top level); a move publishes one change for each
/// of the two folders.</summary>
public sealed record FilesChange(FilesChangeKind Kind, string Folder, string? Name = null);

/// <summary>Changes to Files that open pages subscribe to, so a second browser, on this instance or another one on the
/// same database, sees new files, renames and deletions without reloading (<see cref="ChangeFeed"/>).
/// Singleton.</summary>
public sealed class FilesChanges(ChangeFeed feed, ILogger<FilesChanges> logger)
    : ChangeTopic<FilesChange>(feed, "files", new FilesChange(FilesChangeKind.Reset, ""), logger);
