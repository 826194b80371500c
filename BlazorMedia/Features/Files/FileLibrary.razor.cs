using BlazorMedia.Components.Shared;
using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Radzen;

namespace BlazorMedia.Features.Files;

/// <summary>The media library page: state, navigation and the file operations. Uploads are in
/// <c>FileLibrary.Uploads.cs</c>. Every call goes through <see cref="MediaLibraryService"/> with the circuit's
/// <see cref="Caller"/>; the service, not this page, decides who may do what.</summary>
public sealed partial class FileLibrary
{
    private const int PageSize = 50;

    private enum Dialog { None, NewFolder, Rename, Move, Trash, EmptyTrash, RenameFolder, MoveFolder, DeleteFolder }

    [Inject] private MediaLibraryService Library { get; set; } = default!;
    [Inject] private LibraryChanges Changes { get; set; } = default!;
    [Inject] private CallerAccessor Callers { get; set; } = default!;
    [Inject] private MediaLinks Links { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<FileLibrary> Logger { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "path")] public string? Path { get; set; }

    // Read on every use: the circuit's user may sign out (or be signed out) while the page is open.
    private Caller caller => Callers.Current;
    private IDisposable? subscription;
    private string? refusal;
    private string folder = "";
    private string? search;
    private bool showTrash;
    private bool gridView = true;
    private LibrarySort sort = LibrarySort.Name;
    private bool descending;
    private List<LibraryItem> items = [];
    private readonly Dictionary<long, string> thumbnails = [];
    private List<LibraryFolder> subfolders = [];
    private readonly Dictionary<string, IReadOnlyList<LibraryFolder>> tree = new(StringComparer.Ordinal);
    private LibraryItem? selected;
    private string? message;
    private bool messageIsError;
    private Dialog dialog;
    private string? dialogText;
    private string? dialogError;
    private List<string> folderChoices = [];
    private ElementReference zone;
    private ListeningInputFile? filesInput;
    private ListeningInputFile? folderInput;
    private bool dropReady;
    private bool loaded;
    private readonly SemaphoreSlim reloadGate = new(1, 1);

    private string EmptyText => showTrash ? "The trash is empty."
        : search is not null ? $"No file name starts with “{search}”."
        : "This folder has no files yet. Drop files or folders here, or use Upload.";

    protected override async Task OnInitializedAsync()
    {
        // The address's folder from the first render on: the breadcrumb does not flash "Media" while loading.
        folder = MediaLibraryService.NormalizeFolder(Path);
        await Callers.GetAsync();
        try
        {
            tree[""] = await Library.GetFoldersAsync(caller, "");
        }
        catch (LibraryRefusedException e)
        {
            refusal = e.Message;
            return;
        }
        subscription = Changes.Subscribe(OnLibraryChangedAsync);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (refusal is not null) return;
        folder = MediaLibraryService.NormalizeFolder(Path);
        search = null;
        showTrash = false;
        selected = null;
        // Open the tree down to the folder shown (a link or the breadcrumb can land deep inside it).
        foreach (var path in BlazorMedia.Catalog.CatalogFolders.WithAncestors(folder))
            if (!tree.ContainsKey(path)) tree[path] = await Library.GetFoldersAsync(caller, path);
        await ReloadAsync(LibraryPaging.First);
        loaded = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Drops are taken only once the page has loaded: a render while OnInitializedAsync or the first
        // OnParametersSetAsync still awaits the database has neither the caller nor the folder yet, and a drop taken
        // then went to the top level. Nor before the files input listens, or the dropped files are lost.
        if (refusal is null && loaded && !dropReady && filesInput is { } input)
        {
            dropReady = true;
            await input.Listening;
            await JS.InvokeVoidAsync("blazorMedia.initLibraryDrop", zone, input.Element);
        }
    }

    /// <summary>Loads a page (by default the one shown, from its first row: a live change keeps the user's place)
    /// and what goes with it. Paging itself is in <c>FileLibrary.Paging.cs</c>.</summary>
    private async Task ReloadAsync(LibraryPaging move = LibraryPaging.Current)
    {
        // One fetch at a time: a click and a live change must not interleave, or each anchors on rows the other is
        // replacing and whichever finishes last wins.
        await reloadGate.WaitAsync();
        try
        {
            var page = await FetchPageAsync(move);
            items = [.. page.Items];
            subfolders = showTrash || search is not null ? [] : [.. await Library.GetFoldersAsync(caller, folder)];
            thumbnails.Clear();
            foreach (var item in items.Where(i => i.IsImage && i.TrashedUtc is null))
                thumbnails[item.Id] = await Links.ThumbnailUrlAsync(item.Name, item.Sha256, ThumbnailAlias.Medium);
            // A selected file that left this view (moved, trashed, restored) is no longer selected.
            if (selected is not null) selected = items.FirstOrDefault(i => i.Id == selected.Id);
        }
        catch (LibraryRefusedException e)
        {
            Show(e.Message, error: true);
        }
        finally
        {
            reloadGate.Release();
        }
    }

    private async Task OnTreeExpandAsync(TreeExpandEventArgs args)
    {
        if (args.Value is string path && !tree.ContainsKey(path))
            tree[path] = await Library.GetFoldersAsync(caller, path);
    }

    private async Task OnTreeChangeAsync(TreeEventArgs args)
    {
        if (args.Value is not string path) return;
        // The tree also raises Change while rendering the selected item: only a different folder navigates.
        if (path != folder) Navigation.NavigateTo(FolderHref(path));
        else if (showTrash || search is not null)
        {
            showTrash = false;
            search = null;
            await FirstPageAsync();
        }
    }

    private string FolderHref(string path) => Navigation.GetUriWithQueryParameter("path", path.Length == 0 ? null : path);

    private IEnumerable<(string Path, string Name)> Crumbs()
    {
        if (folder.Length == 0) yield break;
        var segments = folder.Split('/');
        for (var i = 0; i < segments.Length; i++)
            yield return (string.Join('/', segments[..(i + 1)]), segments[i]);
    }

    private async Task SearchAsync(string? value)
    {
        var next = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (next == search) return;
        search = next;
        showTrash = false;
        await FirstPageAsync();
    }

    private async Task SortChangedAsync(ChangeEventArgs e)
    {
        if (Enum.TryParse<LibrarySort>(e.Value?.ToString(), out var value)) sort = value;
        await FirstPageAsync();
    }

    private async Task ToggleDirectionAsync()
    {
        descending = !descending;
        await FirstPageAsync();
    }

    private async Task ToggleTrashAsync()
    {
        showTrash = !showTrash;
        selected = null;
        await FirstPageAsync();
    }

    private Task SelectAsync(LibraryItem item)
    {
        selected = item; // the details pane has its own Close
        return Task.CompletedTask;
    }

    private void Show(string text, bool error)
    {
        message = text;
        messageIsError = error;
    }

    private static string IconFor(LibraryItem item) =>
        item.IsImage ? "image" : item.IsPdf ? "picture_as_pdf" : "description";

    public void Dispose()
    {
        subscription?.Dispose();
        CancelUploads();
    }
}
