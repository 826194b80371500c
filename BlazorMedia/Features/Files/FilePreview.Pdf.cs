using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlazorMedia.Features.Files;

/// <summary>The PDF half of the preview: pdf.js (wwwroot/js/pdf-preview.js) fetches the file from its media URL and
/// draws one page at a time into the pane's canvas. The media endpoint keeps serving PDFs as sandboxed attachments;
/// fetch() ignores the disposition, so the document is only parsed and painted, never navigated to.</summary>
/// <remarks>One document is open per pane at most: it is disposed in the browser before another is opened (selection
/// or rename) and when the pane goes away. Each open gets a new id, so an answer for a superseded one is ignored.</remarks>
public sealed partial class FilePreview : IAsyncDisposable
{
    /// <summary>Larger PDFs are not fetched into the pane (pdf.js would pull them whole into the tab); Download opens them.</summary>
    public const long PdfPreviewMaxBytes = 50L * 1024 * 1024;

    private IJSObjectReference? _pdfModule;
    private ElementReference _pdfCanvas;
    private bool _pdfPending;
    private string? _pdfId;
    private int _pdfPages;
    private int _pdfPage;
    /// <summary>The page last drawn completely (0 while none), also on the canvas for tests to await.</summary>
    private int _pdfDrawn;
    private string? _pdfMessage;
    private int _pdfOpened;

    /// <summary>What pdf-preview.js answers; Error is set instead of the rest when it could not open or draw.</summary>
    private sealed record PdfAnswer(int Pages, int Page, string? Error);

    private async Task OpenPdfAsync()
    {
        var id = _pdfId = $"pdf-{++_pdfOpened}";
        var name = Item.FileName;
        _pdfModule ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/pdf-preview.js");
        var answer = await _pdfModule.InvokeAsync<PdfAnswer>("open", id, _fileUrl);
        if (_pdfId != id) return; // another file was selected meanwhile; its own open disposed this one
        if (answer.Error is not null)
        {
            _pdfMessage = $"{name} cannot be previewed: {answer.Error}.";
            await ClosePdfAsync(keepMessage: true);
            StateHasChanged();
            return;
        }
        _pdfPages = answer.Pages;
        await ShowPdfPageAsync(1);
    }

    private async Task ShowPdfPageAsync(int number)
    {
        if (_pdfModule is null || _pdfId is not { } id || number < 1 || number > _pdfPages) return;
        _pdfPage = number;
        StateHasChanged();
        var answer = await _pdfModule.InvokeAsync<PdfAnswer>("show", id, _pdfCanvas, number);
        if (_pdfId != id || answer.Error is "cancelled" or "closed") return; // superseded by another page or file
        if (answer.Error is not null)
            _pdfMessage = $"{Item.FileName} cannot be previewed: page {number}: {answer.Error}.";
        else
            _pdfDrawn = answer.Page;
        StateHasChanged();
    }

    /// <summary>Frees the open document in the browser (if any) and resets the pane's PDF state.</summary>
    private async Task ClosePdfAsync(bool keepMessage = false)
    {
        var id = _pdfId;
        _pdfId = null;
        _pdfPending = false;
        _pdfPages = _pdfPage = _pdfDrawn = 0;
        if (!keepMessage) _pdfMessage = null;
        if (id is null || _pdfModule is null) return;
        try
        {
            await _pdfModule.InvokeVoidAsync("dispose", id);
        }
        catch (JSDisconnectedException) { } // the page is gone, and the document with it
    }

    public async ValueTask DisposeAsync()
    {
        await ClosePdfAsync();
        if (_pdfModule is null) return;
        try
        {
            await _pdfModule.DisposeAsync();
        }
        catch (JSDisconnectedException) { }
    }
}
