using BlazorMedia.Catalog;
using BlazorMedia.Media;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlazorMedia.Features.Files;

/// <summary>Files (<c>/files</c>), a file manager over the catalog. The page holds where the user is (folder, search or
/// trash, sort, view, selection) and composes the toolbar, the folder tree, the header, the upload queue, the file
/// view, the pager and the preview pane, each owning its own state. Every call goes through <see cref="FilesService"/>
/// with the circuit's <see cref="Caller"/>; the service, not this page, decides who may do what. Dialog actions are in
/// <c>FilesPage.Actions.cs</c>.</summary>
public sealed partial class FilesPage : IDisposable
{
    [Inject] private FilesService Files { get; set; } = default!;
    [Inject] private FilesChanges Changes { get; set; } = default!;
    [Inject] private CallerAccessor Callers { get; set; } = default!;
    [Inject] private MediaLinks Links { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<FilesPage> Logger { get; set; } = default!;

    /// <summary>The folder shown, from the address (<c>files?path=a/b</c>).</summary>
    [SupplyParameterFromQuery(Name = "path")] public string? Path { get; set; }

    // Read on every use: the circuit's user may sign out (or be signed out) while the page is open.
    private Caller _caller => Callers.Current;
    private FileListing _listing = default!;
    private FilesView _view = new("", null, false, FileSort.Name, false);
    private IReadOnlyList<FolderNode> _subfolders = [];
    private FileItem? _selected;
    private bool _gridView = true;
    private int _treeVersion;
    private string? _refusal;
    private string? _message;
    private bool _messageIsError;
    private bool _loaded;
    private bool _takingDrops;
    private ElementReference _zone;
    private UploadQueue? _queue;
    private IDisposable? _subscription;
    private FilesRefreshQueue? _refreshes;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);

    private string EmptyText => _view.InTrash ? "The trash is empty."
        : _view.Search is not null ? $"No file name starts with “{_view.Search}”."
        : "This folder has no files yet. Drop files or folders here, or use Upload.";

    protected override async Task OnInitializedAsync()
    {
        _listing = new FileListing(Files, Links);
        _view = _view with { Folder = FilesService.NormalizeFolder(Path) };
        await Callers.GetAsync();
        if (!_caller.IsAdministrator)
        {
            _refusal = FilesService.AdministratorsOnly;
            return;
        }
        _subscription = Changes.Subscribe(OnChangedAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_refusal is not null) return;
        _view = _view with { Folder = FilesService.NormalizeFolder(Path), Search = null, InTrash = false };
        _selected = null;
        await ReloadAsync(FilePaging.First);
        _loaded = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Drops are taken only once the page has loaded (before, the folder a drop goes to is not known yet), and
        // only once the queue's input listens (UploadQueue waits for it).
        if (_refusal is null && _loaded && !_takingDrops && _queue is not null && RendererInfo.IsInteractive)
        {
            _takingDrops = true;
            await _queue.TakeDropsOnAsync(_zone);
        }
    }

    /// <summary>Loads a page (by default the one shown, from its first row) and the sub-folders, one load at a time: a
    /// click and a live change must not interleave, or each anchors on rows the other is replacing.</summary>
    private async Task ReloadAsync(FilePaging move = FilePaging.Current)
    {
        await _reloadGate.WaitAsync();
        try
        {
            await _listing.LoadAsync(_caller, _view, move);
            _subfolders = _view.InTrash || _view.Search is not null ? [] : await Files.GetFoldersAsync(_caller, _view.Folder);
            // A selected file that left this view (moved, trashed, restored) is no longer selected.
            if (_selected is not null) _selected = _listing.Items.FirstOrDefault(i => i.Id == _selected.Id);
        }
        catch (FilesRefusedException e)
        {
            Show(e.Message, error: true);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private Task ChangeViewAsync(FilesView view)
    {
        _view = view;
        return ReloadAsync(FilePaging.First);
    }

    private Task SearchAsync(string? search) => search == _view.Search ? Task.CompletedTask
        : ChangeViewAsync(_view with { Search = search, InTrash = false });

    private Task ToggleTrashAsync()
    {
        _selected = null;
        return ChangeViewAsync(_view with { InTrash = !_view.InTrash, Search = null });
    }

    private IReadOnlyList<FileUse> UsesOf(FileItem item) => _listing.Uses.TryGetValue(item.Name, out var uses) ? uses : [];

    private void Show(string text, bool error) => (_message, _messageIsError) = (text, error);

    /// <summary>From any circuit (this one too): reload what the change touches. Never awaited by the publisher beyond
    /// queuing the work, so a slow browser cannot hold up someone's rename.</summary>
    private Task OnChangedAsync(FilesChange change)
    {
        _ = InvokeAsync(() => ApplyChangeAsync(change));
        return Task.CompletedTask;
    }

    private async Task ApplyChangeAsync(FilesChange change)
    {
        var needs = FilesRefresh.None;
        if (change.Kind is FilesChangeKind.FolderAdded or FilesChangeKind.FolderRemoved or FilesChangeKind.FileAdded or FilesChangeKind.Reset)
            needs |= FilesRefresh.Tree;
        if (change.Kind == FilesChangeKind.FolderRemoved) NoticeFolderGone(change);
        var shown = _view.InTrash ? change.Kind == FilesChangeKind.TrashChanged
            : _view.Search is not null || change.Folder == _view.Folder || change.Kind is FilesChangeKind.FolderAdded or FilesChangeKind.FolderRemoved;
        if (change.Kind == FilesChangeKind.Reset) shown = true; // the feed was interrupted: anything may have changed
        if (shown) needs |= FilesRefresh.Page;
        _refreshes ??= new FilesRefreshQueue(RefreshAsync);
        try
        {
            await _refreshes.RequestAsync(needs);
        }
        catch (Exception e) when (e is ObjectDisposedException or JSDisconnectedException)
        {
            // The page went away between the change and its render.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never lost quietly: this runs outside any event handler, so an escaping exception would vanish.
            LogLiveRefreshFailed(Logger, change.Kind, e);
            Show(LiveRefreshFailed, error: true);
            StateHasChanged();
        }
    }

    private const string LiveRefreshFailed = "Files could not show a change made elsewhere: reload the page.";

    private async Task RefreshAsync(FilesRefresh needs)
    {
        if (needs.HasFlag(FilesRefresh.Tree)) _treeVersion++;
        if (needs.HasFlag(FilesRefresh.Page)) await ReloadAsync();
        // A refresh that failed while the database was away is mended by the one after it came back.
        if (_message == LiveRefreshFailed) _message = null;
        StateHasChanged();
    }

    /// <summary>Another page renamed, moved or deleted the folder shown here (or one above it): say so rather than
    /// show an empty folder that no longer exists.</summary>
    private void NoticeFolderGone(FilesChange change)
    {
        var gone = FilesService.Join(change.Folder, change.Name ?? "");
        var folder = _view.Folder;
        if (gone != _changedHere && !_view.InTrash && (folder == gone || folder.StartsWith(gone + "/", StringComparison.Ordinal)))
            Show($"The folder {folder} was renamed, moved or deleted; choose a folder in the tree.", error: true);
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _reloadGate.Dispose();
    }

    [LoggerMessage(EventId = 811, Level = LogLevel.Error, Message = "The Files page could not refresh after {Kind}")]
    private static partial void LogLiveRefreshFailed(ILogger logger, FilesChangeKind kind, Exception exception);
}
