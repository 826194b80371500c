namespace BlazorMedia.Features.Files;

/// <summary>The dialogs' actions. A refusal (conflict, bad name, a profile's file) stays in the open dialog, so the
/// user can correct it; success closes it and says what happened.</summary>
public sealed partial class FileLibrary
{
    private void OpenNewFolder()
    {
        OpenDialog(Dialog.NewFolder, "");
    }

    private void OpenRename() => OpenDialog(Dialog.Rename, selected?.FileName);

    private async Task OpenMove()
    {
        folderChoices = [.. await Library.GetFolderPathsAsync(caller)];
        OpenDialog(Dialog.Move, selected?.Folder);
    }

    private void OpenDialog(Dialog which, string? text)
    {
        dialog = which;
        dialogText = text;
        dialogError = null;
    }

    private void CloseDialog()
    {
        dialog = Dialog.None;
        dialogError = null;
    }

    private Task CreateFolderAsync() => RunAsync(async () =>
    {
        var created = await Library.CreateFolderAsync(caller, folder, dialogText ?? "");
        return $"Folder {created.Name} created.";
    });

    private Task RenameAsync() => RunAsync(async () =>
    {
        var old = selected!.FileName;
        selected = await Library.RenameAsync(caller, selected.Id, dialogText ?? "");
        return $"{old} renamed to {selected.FileName}.";
    });

    private Task MoveAsync() => RunAsync(async () =>
    {
        var moved = await Library.MoveAsync(caller, selected!.Id, dialogText ?? "");
        selected = null;
        return $"{moved.FileName} moved to {MediaLibraryService.Describe(moved.Folder)}.";
    });

    private Task TrashAsync() => RunAsync(async () =>
    {
        var trashed = await Library.TrashAsync(caller, selected!.Id);
        selected = null;
        return $"{trashed.FileName} moved to the trash.";
    });

    private Task EmptyTrashAsync() => RunAsync(async () =>
    {
        var count = await Library.EmptyTrashAsync(caller);
        selected = null;
        return $"Trash emptied: {count} file{(count == 1 ? "" : "s")} deleted.";
    });

    private async Task RestoreAsync()
    {
        if (selected is null) return;
        try
        {
            var restored = await Library.RestoreAsync(caller, selected.Id);
            selected = null;
            Show($"{restored.FileName} restored to {MediaLibraryService.Describe(restored.Folder)}.", error: false);
        }
        catch (LibraryRefusedException e)
        {
            Show(e.Message, error: true);
        }
        await ReloadAsync();
    }

    private async Task RunAsync(Func<Task<string>> action)
    {
        try
        {
            var done = await action();
            CloseDialog();
            Show(done, error: false);
        }
        catch (LibraryRefusedException e)
        {
            dialogError = e.Message;
            return;
        }
        await ReloadAsync();
    }
}
