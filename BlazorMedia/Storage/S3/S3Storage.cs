using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Storage.S3;

/// <summary>django-storages' <c>S3Boto3Storage</c>: names are object keys under <see cref="S3StorageOptions.Location"/>
/// in one bucket. S3 has no folders: <see cref="ListAsync"/> derives them from key prefixes, and
/// <see cref="ExistsAsync"/> is true for objects only. S3 keeps no creation time either, so
/// <see cref="GetCreatedTimeAsync"/> returns the last-modified time (an object is never modified in place here: a save
/// writes a new object, so the two agree for everything this storage wrote).</summary>
public sealed partial class S3Storage : FileStorageBase, IPresignedUrls, IStorageProbe, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly ILogger _logger;
    private readonly string _prefix;

    /// <summary>Keys this instance is writing right now; see <see cref="SaveCoreAsync"/>.</summary>
    private readonly IObjectHeaders _objectHeaders;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <param name="client">The S3 client to use; default: one built from <paramref name="options"/> and owned (disposed)
    /// by this storage.</param>
    /// <param name="objectHeaders">Content type and disposition stored with each object; default: opaque downloads.</param>
    public S3Storage(S3StorageOptions options, IAmazonS3? client = null, ILogger<S3Storage>? logger = null,
        IObjectHeaders? objectHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Bucket))
            throw new ArgumentException("S3Storage needs a Bucket.", nameof(options));
        if (!options.BaseUrl.EndsWith('/'))
            throw new ArgumentException($"S3Storage BaseUrl '{options.BaseUrl}' must end with '/'.", nameof(options));
        _options = options;
        _client = client ?? S3ClientFactory.Create(options);
        _ownsClient = client is null;
        _logger = logger ?? NullLogger<S3Storage>.Instance;
        _objectHeaders = objectHeaders ?? OpaqueObjectHeaders.Instance;
        _prefix = options.KeyPrefix;
        if (_client is AmazonServiceClient service) service.BeforeRequestEvent += KeepCopySourceSlashes;
    }

    public void Dispose()
    {
        if (_client is AmazonServiceClient service) service.BeforeRequestEvent -= KeepCopySourceSlashes;
        if (_ownsClient) _client.Dispose();
    }

    // Disposing the response stream releases the HTTP connection; the response holds nothing else.
    public override async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        (await OpenReadWithInfoAsync(name, cancellationToken).ConfigureAwait(false)).Content;

    /// <summary>One GET: its response carries the length and time the media endpoint's validators need, where
    /// separate getters would cost two HEADs more.</summary>
    public override async Task<StorageObjectRead> OpenReadWithInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = Key(name);
        try
        {
            var response = await _client.GetObjectAsync(_options.Bucket, key, cancellationToken).ConfigureAwait(false);
            if (response.LastModified is not { } modified)
            {
                response.Dispose();
                throw NoLastModified(name);
            }
            return new(response.ResponseStream, new(response.ContentLength, Utc(modified)));
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw Missing(name, e);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw StorageNames.Failed(name, "open", e);
        }
    }

    /// <summary>One HEAD for both validators.</summary>
    public override async Task<StorageObjectInfo> GetInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var head = await ExistingAsync(name, "read the size and time of", cancellationToken).ConfigureAwait(false);
        return new(head.ContentLength, LastModified(name, head));
    }

    public override async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = Key(name);
        try
        {
            // S3 answers 204 for a missing key too, so deleting is idempotent without a HEAD first.
            await _client.DeleteObjectAsync(_options.Bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw StorageNames.Failed(name, "delete", e);
        }
    }

    public override async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        await HeadAsync(name, "check", cancellationToken).ConfigureAwait(false) is not null;

    public override async Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidateFolder(path);
        var prefix = path.Length == 0 ? _prefix : Key(path) + "/";
        var directories = new List<string>();
        var files = new List<string>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix, Delimiter = "/" };
        try
        {
            ListObjectsV2Response response;
            do
            {
                response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
                foreach (var common in response.CommonPrefixes ?? [])
                    AddIfAddressable(directories, common[prefix.Length..].TrimEnd('/'));
                foreach (var entry in response.S3Objects ?? [])
                    AddIfAddressable(files, entry.Key[prefix.Length..]);
                request.ContinuationToken = response.NextContinuationToken;
            } while (response.IsTruncated == true);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw StorageNames.Failed(path, "list", e);
        }
        directories.Sort(StringComparer.Ordinal);
        files.Sort(StringComparer.Ordinal);
        return new StorageListing(directories, files);
    }

    /// <summary>Every key under the location in one paginated listing without a delimiter (no request per folder).</summary>
    public override async IAsyncEnumerable<string> ListAllFilesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _prefix };
        ListObjectsV2Response response;
        do
        {
            try
            {
                response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsBackendFailure(e))
            {
                throw StorageNames.Failed("", "list", e);
            }
            foreach (var entry in response.S3Objects ?? [])
            {
                var name = entry.Key[_prefix.Length..];
                if (StorageNames.FindBrokenRule(name) is null) yield return name;
            }
            request.ContinuationToken = response.NextContinuationToken;
        } while (response.IsTruncated == true);
    }

    // Keys written by other tools may break the name rules ('a//b', a folder marker 'x/'): list only what the
    // contract can address, as the file-system backend does.
    private static void AddIfAddressable(List<string> list, string name)
    {
        if (StorageNames.FindBrokenRule(name) is null) list.Add(name);
    }

    public override async Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) =>
        (await ExistingAsync(name, "read the size of", cancellationToken).ConfigureAwait(false)).ContentLength;

    public override async Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        LastModified(name, await ExistingAsync(name, "read the modified time of", cancellationToken).ConfigureAwait(false));

    /// <summary>The last-modified time: S3 keeps no creation time (see the class remarks).</summary>
    public override async Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        LastModified(name, await ExistingAsync(name, "read the created time of", cancellationToken).ConfigureAwait(false));

    public string ProbeName => "s3-bucket";

    public Task ProbeAsync(CancellationToken cancellationToken = default) => ProbeBucketAsync(cancellationToken);

    /// <summary>Lists at most one key under <see cref="S3StorageOptions.Location"/>: succeeds when the bucket exists and
    /// these credentials may read it. For health checks; a failure surfaces as <see cref="StorageException"/>.</summary>
    public async Task ProbeBucketAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _prefix, MaxKeys = 1 }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw new StorageException("", $"Bucket '{_options.Bucket}' is not readable: {e.Message}", e);
        }
    }

    /// <summary>A presigned GET URL valid for <see cref="S3StorageOptions.QuerystringExpire"/> for names under
    /// <see cref="S3StorageOptions.PrivatePrefixes"/> (when <see cref="S3StorageOptions.QuerystringAuth"/>); otherwise
    /// <c>https://{CustomDomain}/{Location}/{name}</c>, or <see cref="S3StorageOptions.BaseUrl"/> + name without a
    /// custom domain (the app's media endpoint then streams it from the bucket).</summary>
    public override string GetUrl(string name)
    {
        if (IsPresigned(name)) return GetPresignedUrl(name, _options.QuerystringExpire);
        if (_options.CustomDomain.Length > 0)
            return BuildUrl($"https://{_options.CustomDomain.TrimEnd('/')}/", _prefix + name);
        return BuildUrl(_options.BaseUrl, name);
    }

    public bool IsPresigned(string name)
    {
        ValidateName(name);
        return _options.QuerystringAuth && IsPrivate(name);
    }

    /// <summary>A SigV4 presigned GET whose <c>X-Amz-Expires</c> is <paramref name="lifetime"/>.
    /// <para>SDK 4 signs on its own clock: the local one corrected by the skew it measures from the servers'
    /// <c>Date</c> headers, which carry whole seconds, so the correction is a fraction of a second even between
    /// synchronised clocks (and more where the clocks really differ). <c>Expires</c> is an instant on the local clock,
    /// so the SDK counted the lifetime a second long (3601 for an hour), and a 7-day lifetime, now over SigV4's
    /// maximum, made it fall back to SigV2 without a word (seen with us-east-1 and eu-west-1). When the first URL's
    /// lifetime is off, the SDK's offset is read from a one-hour calibration URL and the URL signed again with the
    /// lifetime shifted by it.</para></summary>
    public string GetPresignedUrl(string name, TimeSpan lifetime)
    {
        // SigV4 caps presigned URLs at 7 days; S3 refuses longer ones outright.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, TimeSpan.FromDays(7));
        var key = Key(name);
        var url = Presign(key, lifetime);
        var wanted = (long)Math.Round(lifetime.TotalSeconds);
        if (SignedLifetime(url) == wanted) return url;
        if (SignedLifetime(Presign(key, CalibrationLifetime)) is not { } calibration) return url;
        var offset = calibration - (long)CalibrationLifetime.TotalSeconds;
        return Presign(key, lifetime - TimeSpan.FromSeconds(offset));
    }

    private static readonly TimeSpan CalibrationLifetime = TimeSpan.FromHours(1);

    private string Presign(string key, TimeSpan lifetime) => _client.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = _options.Bucket,
        Key = key,
        Verb = HttpVerb.GET,
        Expires = DateTime.UtcNow + lifetime,
        Protocol = _options.ServiceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
    });

    /// <summary>The <c>X-Amz-Expires</c> of a presigned URL, or null when it has none (a SigV2 URL).</summary>
    private static long? SignedLifetime(string url)
    {
        var query = url.AsSpan(url.IndexOf('?') + 1);
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.StartsWith("X-Amz-Expires=", StringComparison.Ordinal)
                && long.TryParse(pair["X-Amz-Expires=".Length..], System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                return seconds;
        }
        return null;
    }

    private bool IsPrivate(string name)
    {
        // Case-insensitive like the media endpoint's check, so 'Reports_save/' cannot dodge it.
        foreach (var prefix in _options.PrivatePrefixes)
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The object key of a valid name: <see cref="S3StorageOptions.Location"/> + name.</summary>
    private string Key(string name)
    {
        ValidateName(name);
        return _prefix + name;
    }

    private async Task<GetObjectMetadataResponse> ExistingAsync(string name, string operation, CancellationToken cancellationToken) =>
        await HeadAsync(name, operation, cancellationToken).ConfigureAwait(false) ?? throw Missing(name, null);

    /// <summary>HEAD of <paramref name="name"/>, or null when there is no such object.</summary>
    private async Task<GetObjectMetadataResponse?> HeadAsync(string name, string operation, CancellationToken cancellationToken)
    {
        var key = Key(name);
        try
        {
            return await _client.GetObjectMetadataAsync(_options.Bucket, key, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw StorageNames.Failed(name, operation, e);
        }
    }

    /// <summary>SDK 4 leaves <c>LastModified</c> null when the response has no <c>Last-Modified</c> header, where 3.7
    /// gave <see cref="DateTime.MinValue"/>: S3 always sends it, so its absence is the server's fault, reported as
    /// such rather than turned into a year-1 time that validators and listings would show.</summary>
    private static DateTimeOffset LastModified(string name, GetObjectMetadataResponse head) =>
        head.LastModified is { } modified ? Utc(modified) : throw NoLastModified(name);

    private static StorageException NoLastModified(string name) =>
        new(name, $"Storage could not read the modified time of '{StorageNames.Display(name)}': the S3 server sent no Last-Modified header.");

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc));

    private static FileNotFoundException Missing(string name, Exception? inner) =>
        new($"Storage has no file '{StorageNames.Display(name)}'.", name, inner);

    /// <summary>What the SDK and the network throw; cancellation and the project's own exceptions pass through.</summary>
    private static bool IsBackendFailure(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException
        || (e is IOException && e is not FileNotFoundException);

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Warning, "Could not abort the multipart upload {UploadId} of {Key}; a bucket lifecycle rule should remove it")]
        public static partial void AbortFailed(ILogger logger, string uploadId, string key, Exception exception);

        [LoggerMessage(3102, LogLevel.Debug, "S3 key {Key} is taken; trying another name")]
        public static partial void NameTaken(ILogger logger, string key);
    }
}
