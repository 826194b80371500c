using Microsoft.JSInterop;

namespace BlazorMedia.Features.Files;

/// <summary>Live updates of the media library page: changes from any circuit (this one included) reload the tree
/// and the page shown, one refresh at a time (<see cref="LibraryRefreshQueue"/>).</summary>
public sealed partial class FileLibrary
{
    private LibraryRefreshQueue? liveRefresh;

    /// <summary>From another circuit (or this one): reload when the change touches what this page shows. Never
    /// awaited by the publisher beyond queuing the work, so a slow browser cannot hold up someone's rename.</summary>
    private Task OnLibraryChangedAsync(LibraryChange change)
    {
        _ = InvokeAsync(() => ApplyChangeAsync(change));
        return Task.CompletedTask;
    }

    private async Task ApplyChangeAsync(LibraryChange change)
    {
        var needs = LibraryRefresh.None;
        if (change.Kind is LibraryChangeKind.FolderAdded or LibraryChangeKind.FolderRemoved or LibraryChangeKind.FileAdded)
            needs |= LibraryRefresh.Tree;
        if (change.Kind == LibraryChangeKind.FolderRemoved) NoticeFolderGone(change);
        var shown = showTrash ? change.Kind == LibraryChangeKind.TrashChanged
            : search is not null || change.Folder == folder || change.Kind is LibraryChangeKind.FolderAdded or LibraryChangeKind.FolderRemoved;
        if (shown) needs |= LibraryRefresh.Page;
        liveRefresh ??= new LibraryRefreshQueue(RefreshAfterChangeAsync);
        try
        {
            await liveRefresh.RequestAsync(needs);
        }
        catch (Exception e) when (e is ObjectDisposedException or JSDisconnectedException)
        {
            // The page went away between the change and its render.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never lost quietly: this runs outside any event handler, so an escaping exception would vanish.
            LogLiveRefreshFailed(Logger, change.Kind, e);
            Show("The library could not show a change made elsewhere: reload the page.", error: true);
            StateHasChanged();
        }
    }

    private async Task RefreshAfterChangeAsync(LibraryRefresh needs)
    {
        if (needs.HasFlag(LibraryRefresh.Tree)) await RefreshTreeAsync();
        if (needs.HasFlag(LibraryRefresh.Page)) await ReloadAsync();
        StateHasChanged();
    }

    private async Task RefreshTreeAsync()
    {
        foreach (var path in tree.Keys.ToList())
            tree[path] = await Library.GetFoldersAsync(caller, path);
    }

    [LoggerMessage(EventId = 811, Level = LogLevel.Error, Message = "The library page could not refresh after {Kind}")]
    private static partial void LogLiveRefreshFailed(ILogger logger, LibraryChangeKind kind, Exception exception);
}
