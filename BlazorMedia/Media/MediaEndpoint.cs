using System.Buffers;
using System.Globalization;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Microsoft.Win32.SafeHandles;

namespace BlazorMedia.Media;

/// <summary>Serves stored files at <c>Media:Url</c> (GET and HEAD), in every environment, with headers that keep a
/// hostile upload from running as a page: a strict content-type allow-map, <c>nosniff</c>, a sandboxing CSP and
/// <c>attachment</c> for anything but raster images.</summary>
/// <remarks>Conditional requests (ETag, If-Modified-Since → 304), single byte ranges (206 / 416) and HEAD are handled
/// by ASP.NET's file results. A request for several ranges gets the whole file with 200, which RFC 9110 §14.2 allows
/// (a server may ignore Range) and which avoids building multipart/byteranges responses.</remarks>
internal static partial class MediaEndpoint
{
    /// <summary>No scripts, no plugins, no same-origin rights, and no framing by any page (other sites could otherwise
    /// frame a user's files, e.g. to overlay them).</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    public const string RevalidateCacheControl = "public, max-age=0, must-revalidate";
    public const string PrivateCacheControl = "private, no-store";

    // Header values as StringValues built once, so no request wraps the same string again.
    private const int ChunkSize = 64 * 1024;
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues NoStore = "no-store";
    private static readonly StringValues AcceptRangesBytes = "bytes";
    private static readonly StringValues ContentSecurityPolicyValue = ContentSecurityPolicy;
    private static readonly StringValues FrameDeny = "DENY"; // for browsers without frame-ancestors
    private static readonly StringValues NoReferrer = "no-referrer"; // a signed link never leaves in a Referer
    private static readonly StringValues ImmutableCacheControlValue = ImmutableCacheControl;
    private static readonly StringValues RevalidateCacheControlValue = RevalidateCacheControl;
    private static readonly StringValues PrivateCacheControlValue = PrivateCacheControl;

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

    /// <summary>Answers one GET or HEAD for <paramref name="name"/> (the request path after the media prefix).</summary>
    /// <remarks>The common requests (a whole file without conditions, and a revalidation whose <c>If-None-Match</c> is
    /// exactly the current ETag) are written directly; everything else (ranges, dates, <c>If-Match</c>, several tags)
    /// goes through ASP.NET's file results, which implement RFC 9110's precedence rules. Both send the same headers.</remarks>
    public static async Task ServeAsync(HttpContext http, string? name, MediaServices services)
    {
        var response = http.Response;
        var headers = response.Headers;
        // On refusals too: a browser never sniffs or renders whatever body a 403/404 might carry.
        headers.XContentTypeOptions = NoSniff;
        headers.ContentSecurityPolicy = ContentSecurityPolicyValue;
        headers.XFrameOptions = FrameDeny;
        headers["Referrer-Policy"] = NoReferrer;
        IgnoreUnknownRangeUnits(http.Request.Headers);

        if (!MediaNameRules.IsValid(name) || MediaServingOptions.IsHidden(name))
        {
            LogRefusedName(services.Logger, name ?? "");
            NotFound(response);
            return;
        }

        var serving = services.Serving;
        var isPrivate = serving.IsPrivate(name);
        if (isPrivate)
        {
            var query = http.Request.Query;
            var user = query[MediaUrlSigner.UserParameter].ToString();
            if (!services.Signer.Validate(name, query[MediaUrlSigner.ExpiresParameter], user, query[MediaUrlSigner.SignatureParameter]))
            {
                // Checked before touching storage, so a 403 says nothing about whether the file exists.
                LogBadSignature(services.Logger, name);
                headers.CacheControl = PrivateCacheControlValue;
                response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            // The link was made for one user: the sign-in cookie is read here only, for private names, so public media
            // keeps its fast path (this endpoint runs before the authentication middleware).
            var caller = Caller.From((await http.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal ?? new());
            if (!(caller.IsAdministrator || (user.Length > 0 && caller.UserId == user)))
            {
                LogWrongUser(services.Logger, name);
                headers.CacheControl = PrivateCacheControlValue;
                response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
        }

        var (contentType, inline) = MediaContentTypes.Resolve(name);
        headers.CacheControl = isPrivate ? PrivateCacheControlValue
            : serving.IsImmutable(name) ? ImmutableCacheControlValue
            : RevalidateCacheControlValue;
        headers.ContentDisposition = ContentDispositionHeader.Create(inline, FileName(name));

        if (serving.AccelRedirectLocation is { } accel)
        {
            // Behind nginx: it streams the bytes from its internal location; the app has done the checking.
            headers["X-Accel-Redirect"] = accel + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
            response.ContentType = contentType;
            return;
        }

        IResult result;
        if (services.Local is { } local)
        {
            var file = local.TryGetLocalFile(name);
            // Defence in depth: whatever the backend resolved must lie under the media root.
            if (file is null || !file.FullName.StartsWith(services.RootPath, StringComparison.Ordinal))
            {
                NotFound(response);
                return;
            }
            var modified = file.LastWriteTimeUtc;
            var etag = FormatETag(file.Length, modified);
            if (await TryServeDirectlyAsync(http, file, etag, contentType, http.RequestAborted)) return;
            result = TypedResults.PhysicalFile(file.FullName, contentType, fileDownloadName: null,
                lastModified: modified, entityTag: new EntityTagHeaderValue(etag), enableRangeProcessing: true);
        }
        else
        {
            result = await StreamAsync(services.Storage, name, contentType, http, http.RequestAborted);
        }
        await result.ExecuteAsync(http);
    }

    /// <summary>RFC 9110 §14.2: a Range in a unit the server does not know is ignored (the whole file, 200). ASP.NET's
    /// file results would read <c>items=0-1</c> as bytes and answer 206.</summary>
    private static void IgnoreUnknownRangeUnits(IHeaderDictionary requestHeaders)
    {
        var range = requestHeaders.Range;
        if (range.Count == 0) return;
        foreach (var value in range)
            if (value is null || !value.TrimStart().StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
            {
                requestHeaders.Remove(HeaderNames.Range);
                requestHeaders.Remove(HeaderNames.IfRange);
                return;
            }
    }

    /// <summary>The fast path: 304 for an exact ETag match, or the whole file, when no other precondition or range
    /// applies. Returns false, having written nothing, when the request needs the full rules.</summary>
    private static async Task<bool> TryServeDirectlyAsync(HttpContext http, FileInfo file, string etag,
        string contentType, CancellationToken cancellationToken)
    {
        var requestHeaders = http.Request.Headers;
        if (requestHeaders.IfMatch.Count != 0 || requestHeaders.IfUnmodifiedSince.Count != 0) return false;

        var response = http.Response;
        var headers = response.Headers;
        var ifNoneMatch = requestHeaders.IfNoneMatch;
        if (ifNoneMatch.Count != 0)
        {
            // With If-Match and If-Unmodified-Since absent, a matching If-None-Match decides alone (RFC 9110 §13.2.2);
            // only the byte-exact echo of our own tag is handled here, any other form takes the full parser.
            if (!EchoesETag(requestHeaders, etag)) return false;
            NotModified(response, etag, file.LastWriteTimeUtc);
            return true;
        }
        if (requestHeaders.IfModifiedSince.Count != 0 || requestHeaders.Range.Count != 0
            || requestHeaders.IfRange.Count != 0) return false;

        var length = file.Length;
        headers.ETag = etag;
        headers.LastModified = FormatLastModified(file.LastWriteTimeUtc);
        headers.ContentType = contentType;
        headers.AcceptRanges = AcceptRangesBytes;
        response.ContentLength = length;
        if (HttpMethods.IsHead(http.Request.Method) || length == 0) return true;

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted since it was resolved: nothing has been sent yet.
            headers.Remove(HeaderNames.ETag);
            headers.Remove(HeaderNames.LastModified);
            headers.Remove(HeaderNames.ContentType);
            headers.Remove(HeaderNames.AcceptRanges);
            response.ContentLength = null;
            NotFound(response);
            return true;
        }
        using (handle)
        {
            // Synchronous positional reads: the bytes are in the page cache, and .NET's asynchronous file reads on
            // Unix are thread-pool round trips. One buffer from the pool, one write per chunk into Kestrel's pipe.
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ChunkSize));
            try
            {
                for (long offset = 0; offset < length;)
                {
                    var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
                    if (read == 0) throw new IOException($"'{file.FullName}' became shorter while being sent.");
                    await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    offset += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return true;
    }

    /// <summary>Backends without local files (S3). A plain GET is one backend call (the object and its validators
    /// together); a revalidation that echoes our ETag is one HEAD and a 304, with no body fetched.</summary>
    private static async Task<IResult> StreamAsync(IFileStorage storage, string name, string contentType,
        HttpContext http, CancellationToken cancellationToken)
    {
        var response = http.Response;
        try
        {
            if (IsPlainRevalidation(http.Request.Headers))
            {
                var info = await storage.GetInfoAsync(name, cancellationToken);
                var etag = FormatETag(info.Length, info.Modified.UtcDateTime);
                if (EchoesETag(http.Request.Headers, etag))
                {
                    NotModified(response, etag, info.Modified.UtcDateTime);
                    return Results.Empty;
                }
            }
            var read = await storage.OpenReadWithInfoAsync(name, cancellationToken);
            // The result disposes the stream and applies every other precondition; ranges are honoured only when the
            // backend's stream can seek.
            return TypedResults.Stream(read.Content, contentType, fileDownloadName: null, lastModified: read.Info.Modified,
                entityTag: CreateETag(read.Info.Length, read.Info.Modified.UtcDateTime), enableRangeProcessing: read.Content.CanSeek);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or StorageException)
        {
            NotFound(response);
            return Results.Empty;
        }
    }

    /// <summary>One If-None-Match and no other precondition: the exact echo of our tag decides alone
    /// (RFC 9110 §13.2.2); anything else takes the full rules.</summary>
    private static bool IsPlainRevalidation(IHeaderDictionary headers) =>
        headers.IfNoneMatch.Count == 1 && headers.IfMatch.Count == 0 && headers.IfUnmodifiedSince.Count == 0;

    /// <summary>A plain revalidation whose tag is the byte-exact echo of <paramref name="etag"/>: answer 304.</summary>
    private static bool EchoesETag(IHeaderDictionary headers, string etag) =>
        IsPlainRevalidation(headers) && string.Equals(headers.IfNoneMatch[0], etag, StringComparison.Ordinal);

    /// <summary>Strong validator from length and modification time: storage writes a new file rather than changing
    /// one in place, so the pair changes whenever the bytes do.</summary>
    internal static EntityTagHeaderValue CreateETag(long length, DateTime modifiedUtc) => new(FormatETag(length, modifiedUtc));

    private static string FormatETag(long length, DateTime modifiedUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{length:x}-{modifiedUtc.Ticks:x}\"");

    /// <summary>As ASP.NET's file results write it: rounded down to whole seconds, RFC 1123.</summary>
    private static string FormatLastModified(DateTime modifiedUtc) =>
        HeaderUtilities.FormatDate(new DateTimeOffset(modifiedUtc.Ticks - modifiedUtc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));

    private static string FileName(string name) => name[(name.LastIndexOf('/') + 1)..];

    private static void NotModified(HttpResponse response, string etag, DateTime modifiedUtc)
    {
        response.Headers.ETag = etag;
        response.Headers.LastModified = FormatLastModified(modifiedUtc);
        response.StatusCode = StatusCodes.Status304NotModified;
    }

    private static void NotFound(HttpResponse response)
    {
        // A refusal is not a file: drop the file-specific headers, keep nosniff and the CSP.
        response.Headers.ContentDisposition = default;
        response.Headers.CacheControl = NoStore;
        response.StatusCode = StatusCodes.Status404NotFound;
    }

    [LoggerMessage(EventId = 601, Level = LogLevel.Debug, Message = "Media request for invalid name '{Name}' refused with 404")]
    private static partial void LogRefusedName(ILogger logger, string name);

    [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Media request for private '{Name}' refused: signature missing, expired or wrong")]
    private static partial void LogBadSignature(ILogger logger, string name);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Media request for private '{Name}' refused: the link was made for another user")]
    private static partial void LogWrongUser(ILogger logger, string name);
}
