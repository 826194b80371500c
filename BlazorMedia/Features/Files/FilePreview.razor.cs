using BlazorMedia.Catalog;
using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlazorMedia.Features.Files;

/// <summary>The preview pane of the selected file. It makes its own links (a fresh signed one for private files),
/// draws PDFs (<c>FilePreview.Pdf.cs</c>), and asks the page to rename, move, delete or restore.</summary>
public sealed partial class FilePreview
{
    [Inject] private MediaLinks Links { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The file shown.</summary>
    [Parameter, EditorRequired] public FileItem Item { get; set; } = default!;

    /// <summary>Who is looking: private files get a signed link made for them.</summary>
    [Parameter, EditorRequired] public Caller Caller { get; set; } = Caller.Anonymous;

    /// <summary>The file is in the trash: only Restore is offered.</summary>
    [Parameter] public bool InTrash { get; set; }

    /// <summary>What uses the file (from <see cref="FileUsage"/>); such a file cannot be renamed, moved or deleted.</summary>
    [Parameter] public IReadOnlyList<FileUse> Uses { get; set; } = [];

    [Parameter] public EventCallback Rename { get; set; }

    [Parameter] public EventCallback Move { get; set; }

    [Parameter] public EventCallback Delete { get; set; }

    [Parameter] public EventCallback Restore { get; set; }

    /// <summary>The pane's Close: the page clears its selection.</summary>
    [Parameter] public EventCallback Close { get; set; }

    private long _shownId = -1;
    private string? _shownName;
    private string? _previewUrl;
    private string? _fileUrl;
    private string? _copied;
    private string? _shownLink;

    protected override async Task OnParametersSetAsync()
    {
        if (Item.Id == _shownId && _fileUrl is not null && Item.Name == _shownName) return;
        _shownId = Item.Id;
        _shownName = Item.Name;
        _copied = _shownLink = null;
        await ClosePdfAsync();
        if (InTrash) { _previewUrl = _fileUrl = null; return; }
        // Private files (reports_save/) get a fresh signed link; public ones their plain URL.
        _fileUrl = Links.FileUrl(Item.Name, Caller);
        _previewUrl = Item.IsImage ? await Links.ThumbnailUrlAsync(Item.Name, Item.Sha256, ThumbnailAlias.Medium) : null;
        // The canvas exists only after this render: the document is opened in OnAfterRenderAsync.
        _pdfPending = Item.IsPdf && Item.Size <= PdfPreviewMaxBytes;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_pdfPending) return;
        _pdfPending = false;
        await OpenPdfAsync();
    }

    private async Task CopyLinkAsync()
    {
        var link = Navigation.ToAbsoluteUri(_fileUrl).ToString();
        if (await JS.InvokeAsync<bool>("blazorMedia.copyText", link))
        {
            _copied = "Link copied.";
            _shownLink = null;
        }
        else
        {
            _copied = "The browser did not allow copying; here is the link:";
            _shownLink = link;
        }
    }
}
