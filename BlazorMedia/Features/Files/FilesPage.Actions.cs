using BlazorMedia.Catalog;
using BlazorMedia.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorMedia.Features.Files;

/// <summary>The Files page's dialogs. A refusal (a conflict, a bad name, a file a profile uses) stays in the open dialog,
/// so the user can correct it; success closes it, says what happened and reloads what changed. A folder renamed,
/// moved or deleted takes the page to where it now is (the address carries the folder).</summary>
public sealed partial class FilesPage
{
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private string? _changedHere; // the folder this page renamed, moved or deleted: its own change needs no notice

    private string FolderName => CatalogFolders.Split(_view.Folder).FileName;

    /// <summary>Runs <paramref name="action"/> for a dialog: the message it returns is shown and null goes back to the
    /// dialog (which closes); a refusal goes back to the dialog as its error.</summary>
    private Func<string, Task<string?>> Run(Func<string, Task<string>> action) => async input =>
    {
        try
        {
            Show(await action(input), error: false);
        }
        catch (FilesRefusedException e)
        {
            return e.Message;
        }
        await ReloadAsync();
        StateHasChanged();
        return null;
    };

    private Task<IDialogReference> AskNameAsync(string title, string label, string? value, string confirm, string? hint,
        Func<string, Task<string>> action) =>
        Dialogs.ShowAsync<FileNameDialog>(title, new DialogParameters<FileNameDialog>
        {
            { d => d.Label, label }, { d => d.Value, value }, { d => d.ConfirmText, confirm }, { d => d.Hint, hint }, { d => d.Action, Run(action) },
        });

    private Task<IDialogReference> AskFolderAsync(string title, IReadOnlyList<string> choices, string? value, Func<string, Task<string>> action) =>
        Dialogs.ShowAsync<FolderPickerDialog>(title, new DialogParameters<FolderPickerDialog>
        {
            { d => d.Choices, choices }, { d => d.Value, value }, { d => d.Action, Run(action) },
        });

    private Task<IDialogReference> ConfirmAsync(string title, string message, string confirm, Func<Task<string>> action) =>
        Dialogs.ShowAsync<ConfirmDialog>(title, new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, message }, { d => d.ConfirmText, confirm }, { d => d.ConfirmColor, Color.Error },
            { d => d.Action, () => Run(_ => action())("") },
        });

    private Task NewFolderAsync() => AskNameAsync("New folder", "Folder name", "", "Create", $"Inside {FilesService.Describe(_view.Folder)}.",
        async name => $"Folder {(await Files.CreateFolderAsync(_caller, _view.Folder, name)).Name} created.");

    private Task RenameFileAsync()
    {
        var file = _selected!;
        return AskNameAsync($"Rename {file.FileName}", "New name", file.FileName, "Rename", "The extension stays: the type was read from the bytes.",
            async name =>
            {
                _selected = await Files.RenameAsync(_caller, file.Id, name);
                return $"{file.FileName} renamed to {_selected.FileName}.";
            });
    }

    private async Task MoveFileAsync()
    {
        var file = _selected!;
        await AskFolderAsync($"Move {file.FileName}", await Files.GetFolderPathsAsync(_caller), file.Folder, async folder =>
        {
            var moved = await Files.MoveAsync(_caller, file.Id, folder);
            _selected = null;
            return $"{moved.FileName} moved to {FilesService.Describe(moved.Folder)}.";
        });
    }

    private Task TrashFileAsync()
    {
        var file = _selected!;
        return ConfirmAsync($"Delete {file.FileName}?", "It moves to the trash, where you can restore it until the trash is emptied.", "Delete",
            async () =>
            {
                var trashed = await Files.TrashAsync(_caller, file.Id);
                _selected = null;
                return $"{trashed.FileName} moved to the trash.";
            });
    }

    private Task EmptyTrashAsync() => ConfirmAsync("Empty trash?",
        $"{_listing.Total} file{(_listing.Total == 1 ? "" : "s")} and their thumbnails will be deleted for good.", "Empty trash", async () =>
        {
            var count = await Files.EmptyTrashAsync(_caller);
            _selected = null;
            return $"Trash emptied: {count} file{(count == 1 ? "" : "s")} deleted.";
        });

    private async Task RestoreAsync()
    {
        if (_selected is null) return;
        try
        {
            var restored = await Files.RestoreAsync(_caller, _selected.Id);
            _selected = null;
            Show($"{restored.FileName} restored to {FilesService.Describe(restored.Folder)}.", error: false);
        }
        catch (FilesRefusedException e)
        {
            Show(e.Message, error: true);
        }
        await ReloadAsync();
    }

    private Task RenameFolderAsync() => AskNameAsync($"Rename folder {FolderName}", "Folder name", FolderName, "Rename",
        "Every file inside moves with it.", name => ChangeFolderAsync(async () =>
        {
            var moved = await Files.RenameFolderAsync(_caller, _view.Folder, name);
            return (moved.To, $"Folder {moved.From} renamed to {CatalogFolders.Split(moved.To).FileName}{FilesMoved(moved)}.");
        }));

    private async Task MoveFolderAsync()
    {
        // The folder itself and its own sub-folders are no destination; the service refuses them too.
        var folder = _view.Folder;
        var choices = (await Files.GetFolderPathsAsync(_caller)).Where(p => p != folder && !p.StartsWith(folder + "/", StringComparison.Ordinal)).ToList();
        await AskFolderAsync($"Move folder {FolderName}", choices, CatalogFolders.Split(folder).Folder, destination => ChangeFolderAsync(async () =>
        {
            var moved = await Files.MoveFolderAsync(_caller, folder, destination);
            return (moved.To, $"Folder {FolderName} moved to {FilesService.Describe(CatalogFolders.Split(moved.To).Folder)}{FilesMoved(moved)}.");
        }));
    }

    private Task DeleteFolderAsync() => ConfirmAsync($"Delete folder {FolderName}?", "The folder is empty; it goes for good.", "Delete folder",
        () => ChangeFolderAsync(async () =>
        {
            var (parent, name) = CatalogFolders.Split(_view.Folder);
            await Files.DeleteFolderAsync(_caller, _view.Folder);
            return (parent, $"Folder {name} deleted.");
        }));

    /// <summary>Renames, moves or deletes the folder shown, then goes to where it now is.</summary>
    private async Task<string> ChangeFolderAsync(Func<Task<(string Path, string Message)>> action)
    {
        _changedHere = _view.Folder;
        var (path, message) = await action();
        Navigation.NavigateTo(FolderLinks.Href(path));
        return message;
    }

    private static string FilesMoved(FolderMoved moved) =>
        moved.Files == 0 ? "" : $" ({moved.Files} file{(moved.Files == 1 ? "" : "s")} moved)";
}
