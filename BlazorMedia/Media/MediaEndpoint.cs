using BlazorMedia.Configuration;
using BlazorMedia.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BlazorMedia.Media;

/// <summary>Serves stored files at <c>Media:Url</c> (GET and HEAD), in every environment, with headers that keep a
/// hostile upload from running as a page: a strict content-type allow-map, <c>nosniff</c>, a sandboxing CSP and
/// <c>attachment</c> for anything but raster images.</summary>
/// <remarks>Conditional requests (ETag, If-Modified-Since → 304), single byte ranges (206 / 416) and HEAD are handled
/// by ASP.NET's file results. A request for several ranges gets the whole file with 200, which RFC 9110 §14.2 allows
/// (a server may ignore Range) and which avoids building multipart/byteranges responses.</remarks>
internal static partial class MediaEndpoint
{
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox";
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    public const string RevalidateCacheControl = "public, max-age=0, must-revalidate";
    public const string PrivateCacheControl = "private, no-store";

    /// <summary>The route prefix: <c>Media:Url</c> itself, or its path when it is an absolute CDN URL (the CDN's origin
    /// then forwards to this app under the same path).</summary>
    public static string RoutePrefix(string mediaUrl)
    {
        var path = Uri.TryCreate(mediaUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.AbsolutePath
            : mediaUrl;
        path = "/" + path.Trim('/');
        return path == "/" ? "/media" : path;
    }

    public static async Task<IResult> HandleAsync(HttpContext http, string? name, IFileStorage storage,
        MediaUrlSigner signer, IOptions<MediaOptions> media, IOptions<MediaServingOptions> serving,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var response = http.Response;
        // On refusals too: a browser never sniffs or renders whatever body a 403/404 might carry.
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;

        if (!MediaNameRules.IsValid(name))
        {
            LogRefusedName(loggers.CreateLogger(typeof(MediaEndpoint)), name ?? "");
            return NotFound(response);
        }

        var isPrivate = serving.Value.IsPrivate(name);
        if (isPrivate)
        {
            var query = http.Request.Query;
            if (!signer.Validate(name, query[MediaUrlSigner.ExpiresParameter], query[MediaUrlSigner.SignatureParameter]))
            {
                // Checked before touching storage, so a 403 says nothing about whether the file exists.
                LogBadSignature(loggers.CreateLogger(typeof(MediaEndpoint)), name);
                response.Headers.CacheControl = PrivateCacheControl;
                return TypedResults.StatusCode(StatusCodes.Status403Forbidden);
            }
        }

        var (contentType, inline) = MediaContentTypes.Resolve(name);
        response.Headers.CacheControl = isPrivate ? PrivateCacheControl
            : serving.Value.IsImmutable(name) ? ImmutableCacheControl
            : RevalidateCacheControl;
        response.Headers.ContentDisposition = ContentDispositionHeader.Create(inline, FileName(name));

        if (serving.Value.AccelRedirectLocation is { } accel)
        {
            // nginx serves the bytes from its internal location; the app has done the checking.
            response.Headers["X-Accel-Redirect"] = accel + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
            response.ContentType = contentType;
            return TypedResults.Empty;
        }

        if (storage is ILocalFileAccess local)
        {
            var file = local.TryGetLocalFile(name);
            // Defence in depth: whatever the backend resolved must lie under the media root.
            if (file is null || !file.FullName.StartsWith(media.Value.RootPath, StringComparison.Ordinal))
                return NotFound(response);
            var modified = file.LastWriteTimeUtc;
            return TypedResults.PhysicalFile(file.FullName, contentType, fileDownloadName: null,
                lastModified: modified, entityTag: CreateETag(file.Length, modified), enableRangeProcessing: true);
        }

        return await StreamAsync(storage, name, contentType, response, cancellationToken);
    }

    private static async Task<IResult> StreamAsync(IFileStorage storage, string name, string contentType,
        HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            // Size and time first: the validators must describe the bytes about to be sent.
            var size = await storage.GetSizeAsync(name, cancellationToken);
            var modified = await storage.GetModifiedTimeAsync(name, cancellationToken);
            var stream = await storage.OpenReadAsync(name, cancellationToken);
            // The result disposes the stream; ranges are honoured only when the backend's stream can seek.
            return TypedResults.Stream(stream, contentType, fileDownloadName: null, lastModified: modified,
                entityTag: CreateETag(size, modified.UtcDateTime), enableRangeProcessing: stream.CanSeek);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or StorageException)
        {
            return NotFound(response);
        }
    }

    /// <summary>Strong validator from length and modification time: storage writes a new file rather than changing
    /// one in place, so the pair changes whenever the bytes do.</summary>
    internal static EntityTagHeaderValue CreateETag(long length, DateTime modifiedUtc) =>
        new($"\"{length:x}-{modifiedUtc.Ticks:x}\"");

    private static string FileName(string name) => name[(name.LastIndexOf('/') + 1)..];

    private static StatusCodeHttpResult NotFound(HttpResponse response)
    {
        // A refusal is not a file: drop the file-specific headers, keep nosniff and the CSP.
        response.Headers.ContentDisposition = default;
        response.Headers.CacheControl = "no-store";
        return TypedResults.StatusCode(StatusCodes.Status404NotFound);
    }

    [LoggerMessage(EventId = 601, Level = LogLevel.Debug, Message = "Media request for invalid name '{Name}' refused with 404")]
    private static partial void LogRefusedName(ILogger logger, string name);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Media request for private '{Name}' refused: signature missing, expired or wrong")]
    private static partial void LogBadSignature(ILogger logger, string name);
}
