using BlazorMedia.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace BlazorMedia.Uploads.Streaming;

/// <summary>The circuit's side of streaming uploads (scoped: one per circuit, which is the "page session" the registry
/// binds tickets to). Asks for a ticket, has the browser POST the file chosen in an <c>&lt;input type=file&gt;</c>
/// with XMLHttpRequest, relays its progress, and claims the verdict. Returns and throws exactly what
/// <see cref="UploadService.ReceiveAsync(IBrowserFile, UploadField, Caller, IProgress{long}?, CancellationToken)"/> does.</summary>
public sealed class StreamingUploadClient(StreamedUploads registry, CallerAccessor callers, IJSRuntime js,
    IOptions<UploadsOptions> options) : IAsyncDisposable
{
    private readonly string _sessionId = Guid.NewGuid().ToString("N");

    /// <summary>True when <paramref name="file"/> should stream rather than travel over the circuit. The browser's
    /// declared size only picks the transport; the limits are checked on the bytes that arrive either way.</summary>
    public bool ShouldStream(IBrowserFile file) => file.Size > options.Value.StreamingThreshold;

    /// <param name="input">The <c>&lt;input type=file&gt;</c> holding the file (an InputFile's element).</param>
    public async Task<ReceivedFile> ReceiveAsync(ElementReference input, string fileName, UploadField field,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var caller = await callers.GetAsync();
        var issued = registry.Issue(_sessionId, field, caller.UserId);
        var transfer = new BrowserTransfer(progress);
        using var reference = DotNetObjectReference.Create(transfer);
        try
        {
            await js.InvokeVoidAsync("blazorMedia.streamUpload", cancellationToken, input, $"uploads/{Uri.EscapeDataString(issued.Ticket)}",
                issued.UploadId, reference);
            var status = await transfer.Done.Task.WaitAsync(cancellationToken);
            if (registry.HasVerdict(issued.UploadId))
                return registry.Claim(issued.UploadId, _sessionId, fileName);
            if (status == 0)
                throw new UploadRejectedException(fileName, "could not be sent: the connection to the server was lost. Choose the file again.");
            // No verdict: the ticket itself was refused (expired, used, another user's); say why.
            throw new UploadRejectedException(fileName, transfer.Message is { } m ? $"was not received. {m}" : $"was refused by the server (HTTP {status}).");
        }
        catch (Exception e)
        {
            // Whatever went wrong, nothing of this upload may stay behind (a claimed one is gone already).
            if (e is OperationCanceledException)
                try
                {
                    await js.InvokeVoidAsync("blazorMedia.abortUpload", CancellationToken.None, issued.UploadId);
                }
                catch (JSDisconnectedException) { } // the page is gone, and its request with it
            await registry.AbandonAsync(issued.UploadId, _sessionId);
            if (e is OperationCanceledException) await WhenTheServerLetGoAsync(issued.UploadId);
            throw;
        }
    }

    /// <summary>A cancelled upload says "cancelled" only once its POST has ended on the server and its spool file is
    /// gone, so Cancel means nothing is left, not nothing will be left. The aborted request ends within a moment;
    /// a request that never saw the abort ends at the latest when the upload pace gives up on it.</summary>
    private async Task WhenTheServerLetGoAsync(string uploadId)
    {
        try
        {
            await registry.WhenSettledAsync(uploadId, CancellationToken.None)
                .WaitAsync(options.Value.IdleTimeout + TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException) { } // it still goes when its POST ends
    }

    /// <summary>The circuit ended: tickets it holds and files it never claimed go now.</summary>
    public async ValueTask DisposeAsync() => await registry.ReleaseSessionAsync(_sessionId);

    /// <summary>Called from app.js by the XMLHttpRequest of one upload.</summary>
    public sealed class BrowserTransfer(IProgress<long>? progress)
    {
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The server's message for a refused ticket or origin (there is no verdict to claim then).</summary>
        public string? Message { get; private set; }

        [JSInvokable]
        public void Progress(long sent) => progress?.Report(sent);

        /// <param name="status">HTTP status; 0 for a network error, -1 when aborted.</param>
        [JSInvokable]
        public void Finished(int status, string? message)
        {
            Message = message;
            if (status == -1) Done.TrySetCanceled();
            else Done.TrySetResult(status);
        }
    }
}
