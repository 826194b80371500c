using BlazorMedia.Security;
using BlazorMedia.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace BlazorMedia.Uploads.Streaming;

/// <summary><c>POST /uploads/{ticket}</c>: the body is the file, <c>X-File-Name</c> its URI-encoded name. The ticket
/// is the credential (single use, short-lived, bound to the page session and user), so antiforgery does not apply;
/// a cross-origin browser request is refused all the same. The body goes through
/// <see cref="UploadService.ReceiveAsync(Stream, string, UploadField, Caller, IProgress{long}?, CancellationToken)"/>, the
/// path InputFile uses, so limits, spooling, hashing and validation are the same and so are the messages.
/// A received body answers 200 whether the file was accepted or refused (<c>{"error": …}</c>): the verdict is
/// the circuit's to claim from <see cref="StreamedUploads"/>, and an ordinary refusal ("too large") is not a failed
/// request a browser should log as an error. Ticket and origin problems answer 4xx.</summary>
public static partial class StreamingUploadEndpoint
{
    public const string FileNameHeader = "X-File-Name";

    public static IEndpointRouteBuilder MapStreamingUploads(this IEndpointRouteBuilder app)
    {
        app.MapPost("/uploads/{ticket}", ReceiveAsync).DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(string ticket, HttpContext context, StreamedUploads registry,
        UploadService uploads, ILoggerFactory loggers)
    {
        if (!IsSameOrigin(context.Request))
            return Answer(StatusCodes.Status403Forbidden, "Uploads are accepted from this site's own pages only.");

        var caller = Caller.From(context.User);
        OpenedUpload opened;
        try
        {
            opened = registry.Open(ticket, caller.UserId);
        }
        catch (UploadTicketException e)
        {
            return Answer(e.StatusCode, e.Message);
        }

        if (opened.Refused is { } refused)
            return Answer(StatusCodes.Status200OK, refused.Message);

        var fileName = FileName(context.Request);
        var field = opened.Field;
        try
        {
            // Kestrel's default 30 MB cap applies everywhere else; here the field's own limit decides, and the
            // spooler refuses at the first byte beyond it with the same message InputFile gets.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = field.MaxSize + 1;
            if (context.Request.ContentLength > field.MaxSize)
                throw UploadService.TooLarge(fileName, field);

            var file = await uploads.ReceiveAsync(context.Request.Body, fileName, field, caller, null, context.RequestAborted);
            LogReceived(loggers.CreateLogger(typeof(StreamingUploadEndpoint)), opened.UploadId, file.ReceivedBytes, field.Label);
            await registry.CompleteAsync(opened.UploadId, file);
            return Results.Json(new UploadResponse(null));
        }
        catch (UploadRejectedException e)
        {
            registry.Fail(opened.UploadId, e);
            return Answer(StatusCodes.Status200OK, e.Message);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var tooLarge = UploadService.TooLarge(fileName, field);
            registry.Fail(opened.UploadId, tooLarge);
            return Answer(StatusCodes.Status200OK, tooLarge.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The browser aborted (Cancel, tab closed) or the connection dropped: the spool file is gone already.
            LogAborted(loggers.CreateLogger(typeof(StreamingUploadEndpoint)), opened.UploadId, e.GetType().Name);
            registry.Abort(opened.UploadId);
            return Results.Empty;
        }
        catch
        {
            registry.Abort(opened.UploadId);
            throw;
        }
    }

    /// <summary>Browsers send <c>Origin</c> on every POST; when present it must be this site. A client without one is
    /// not a browser page another site could steer, and still needs the ticket.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static string FileName(HttpRequest request)
    {
        var raw = request.Headers[FileNameHeader].ToString();
        string name;
        try
        {
            name = Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            name = raw;
        }
        return DisplayName.Clean(name);
    }

    private static IResult Answer(int status, string message) => Results.Json(new UploadResponse(message), statusCode: status);

    /// <summary>The JSON answer: <c>{"error":null}</c> when received, else the message to show.</summary>
    public sealed record UploadResponse(string? Error);

    [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Streaming upload {UploadId} received {Bytes} bytes for {Field}")]
    private static partial void LogReceived(ILogger logger, string uploadId, long bytes, string field);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "Streaming upload {UploadId} ended before its last byte ({Reason})")]
    private static partial void LogAborted(ILogger logger, string uploadId, string reason);
}
