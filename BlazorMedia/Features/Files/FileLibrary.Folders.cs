using BlazorMedia.Catalog;

namespace BlazorMedia.Features.Files;

/// <summary>Rename, move and delete the open folder. Refusals stay in the dialog (<see cref="RunAsync"/>); success
/// navigates to where the folder now is (the URL carries the folder), so the tree and breadcrumb follow.</summary>
public sealed partial class FileLibrary
{
    private string? navigateAfter;
    private string? changedHere; // the folder this page renamed, moved or deleted: its own change needs no notice

    private string FolderName => CatalogFolders.Split(folder).FileName;

    private void OpenRenameFolder() => OpenDialog(Dialog.RenameFolder, FolderName);

    private async Task OpenMoveFolderAsync()
    {
        // The folder itself and its own sub-folders are no destination; the service refuses them too.
        folderChoices = [.. (await Library.GetFolderPathsAsync(caller))
            .Where(p => p != folder && !p.StartsWith(folder + "/", StringComparison.Ordinal))];
        OpenDialog(Dialog.MoveFolder, CatalogFolders.Split(folder).Folder);
    }

    private void OpenDeleteFolder() => OpenDialog(Dialog.DeleteFolder, null);

    private Task RenameFolderAsync() => RunFolderAsync(async () =>
    {
        var moved = await Library.RenameFolderAsync(caller, folder, dialogText ?? "");
        navigateAfter = moved.To;
        return $"Folder {moved.From} renamed to {CatalogFolders.Split(moved.To).FileName}{FilesMoved(moved)}.";
    });

    private Task MoveFolderAsync() => RunFolderAsync(async () =>
    {
        var moved = await Library.MoveFolderAsync(caller, folder, dialogText ?? "");
        navigateAfter = moved.To;
        return $"Folder {FolderName} moved to {MediaLibraryService.Describe(CatalogFolders.Split(moved.To).Folder)}{FilesMoved(moved)}.";
    });

    private Task DeleteFolderAsync() => RunFolderAsync(async () =>
    {
        var (parent, name) = CatalogFolders.Split(folder);
        await Library.DeleteFolderAsync(caller, folder);
        navigateAfter = parent;
        return $"Folder {name} deleted.";
    });

    private async Task RunFolderAsync(Func<Task<string>> action)
    {
        navigateAfter = null;
        changedHere = folder;
        await RunAsync(action);
        if (navigateAfter is { } path) Navigation.NavigateTo(FolderHref(path));
    }

    private static string FilesMoved(LibraryFolderMoved moved) =>
        moved.Files == 0 ? "" : $" ({moved.Files} file{(moved.Files == 1 ? "" : "s")} moved)";

    /// <summary>Another page renamed, moved or deleted the folder shown here (or one above it): say so rather than
    /// show an empty folder that no longer exists.</summary>
    private void NoticeFolderGone(LibraryChange change)
    {
        var gone = MediaLibraryService.Join(change.Folder, change.Name ?? "");
        if (gone != changedHere && !showTrash && (folder == gone || folder.StartsWith(gone + "/", StringComparison.Ordinal)))
            Show($"The folder {folder} was renamed, moved or deleted; choose a folder in the tree.", error: true);
    }
}
