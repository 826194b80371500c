using BlazorMedia.Security;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorMedia.Components.Shared;

/// <summary>A file field's drop zone. It says it takes drops (<c>data-drop-zone-ready</c>) only once the browser
/// listens to its input: Blazor's InputFile attaches its change listener in its own first after-render, after this
/// component's, and a file handed to an input nobody listens to is lost without a word (files.js waits for it).</summary>
public sealed partial class FileDropZone : IAsyncDisposable
{
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private UploadService Uploads { get; set; } = default!;
    [Inject] private StreamingUploadClient Streaming { get; set; } = default!;

    /// <summary>A page-unique id: the zone's <c>data-zone</c>, and the stem of its label and hint ids.</summary>
    [Parameter, EditorRequired] public string Id { get; set; } = "";

    /// <summary>The field's name for people ("Avatar"); it labels the file input and names the progress bar.</summary>
    [Parameter, EditorRequired] public string Label { get; set; } = "";

    /// <summary>The picker's filter (e.g. <c>image/jpeg,image/png</c>); the server decides on the bytes anyway.</summary>
    [Parameter] public string Accept { get; set; } = "";

    /// <summary>Shown while the zone has neither a preview nor <see cref="CurrentContent"/>.</summary>
    [Parameter] public string Icon { get; set; } = Icons.Material.Filled.UploadFile;

    /// <summary>What the zone takes, in a sentence.</summary>
    [Parameter] public string Hint { get; set; } = "Drop a file here or choose one.";

    /// <summary>The text of the button that opens the picker.</summary>
    [Parameter] public string ChooseText { get; set; } = "Choose a file";

    /// <summary>Images pasted anywhere on the page go to this zone.</summary>
    [Parameter] public bool AcceptPaste { get; set; }

    /// <summary>Shows the chosen file from the browser's own copy before a byte reaches the server.</summary>
    [Parameter] public bool ShowPreview { get; set; }

    /// <summary>The preview's alt text.</summary>
    [Parameter] public string PreviewAlt { get; set; } = "Preview";

    /// <summary>The file the field holds (chosen, or saved earlier), or null.</summary>
    [Parameter] public string? FileName { get; set; }

    /// <summary>The transfer under way; its bar and Cancel show while it is active.</summary>
    [Parameter] public UploadTransfer? Transfer { get; set; }

    /// <summary>The verdict to show in the zone's alert (names the file and the reason), or null.</summary>
    [Parameter] public string? Error { get; set; }

    [Parameter] public bool Disabled { get; set; }

    /// <summary>What the zone shows when nothing new is chosen (the saved avatar, say).</summary>
    [Parameter] public RenderFragment? CurrentContent { get; set; }

    /// <summary>A file was chosen, dropped or pasted; the page receives it with <see cref="ReceiveAsync"/>.</summary>
    [Parameter] public EventCallback<IBrowserFile> FileSelected { get; set; }

    /// <summary>The user pressed Cancel on the transfer (already cancelled by then).</summary>
    [Parameter] public EventCallback Cancelled { get; set; }

    private ElementReference _zone;
    private MudFileUpload<IBrowserFile>? _upload;
    private bool _dragging;

    /// <summary>Object URL of the chosen file (browser memory); null when none or after <see cref="ClearPreviewAsync"/>.</summary>
    public string? PreviewUrl { get; private set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // files.js attaches the zone's drop and paste handlers once its input listens, then marks it ready.
        if (firstRender) await JS.InvokeVoidAsync("blazorMedia.initDropZone", _zone, AcceptPaste);
    }

    public async Task ClearPreviewAsync()
    {
        var url = PreviewUrl;
        PreviewUrl = null;
        if (url is not null) await JS.InvokeVoidAsync("blazorMedia.revokeUrl", url);
    }

    private async Task OnChangeAsync(InputFileChangeEventArgs e)
    {
        _dragging = false;
        if (ShowPreview)
        {
            await ClearPreviewAsync();
            PreviewUrl = await JS.InvokeAsync<string?>("blazorMedia.previewUrl", _zone);
            StateHasChanged(); // show the preview before the upload starts
        }
        await FileSelected.InvokeAsync(e.File);
    }

    /// <summary>Receives the chosen file for <paramref name="field"/>: small files over the circuit (InputFile), large
    /// ones as a streaming POST of the same file from this zone's input. Same result, same refusals, same per-user
    /// limits. The streaming endpoint checks the sign-in cookie of its POST against the ticket's user, who is this
    /// circuit's <paramref name="caller"/> too.</summary>
    public Task<ReceivedFile> ReceiveAsync(IBrowserFile file, UploadField field, Caller caller, IProgress<long>? progress,
        CancellationToken cancellationToken) =>
        Streaming.ShouldStream(file)
            ? Streaming.ReceiveAsync(_zone, file.Name, field, progress, cancellationToken)
            : Uploads.ReceiveAsync(file, field, caller, progress, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try { await ClearPreviewAsync(); }
        catch (JSDisconnectedException) { } // the circuit is gone, and the browser's object URL with its page
    }
}
