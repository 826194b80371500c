using System.Net;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Storage.AzureBlob;

/// <summary>django-storages' <c>AzureStorage</c>: names are blob names under <see cref="AzureBlobStorageOptions.Location"/>
/// in one container. Like S3, folders are name prefixes (<see cref="ListAsync"/> lists them with the <c>/</c>
/// delimiter; <see cref="ExistsAsync"/> is true for blobs only). Unlike S3, Azure keeps a creation time.</summary>
public sealed partial class AzureBlobStorage : FileStorageBase, IPresignedUrls, IStorageProbe
{
    private readonly AzureBlobStorageOptions _options;
    private readonly BlobContainerClient _container;
    private readonly ILogger _logger;
    private readonly IObjectHeaders _objectHeaders;
    private readonly string _prefix;

    /// <param name="container">The container client to use; default: one built from <paramref name="options"/>.</param>
    /// <param name="objectHeaders">Content type and disposition stored with each blob; default: opaque downloads.</param>
    public AzureBlobStorage(AzureBlobStorageOptions options, BlobContainerClient? container = null,
        ILogger<AzureBlobStorage>? logger = null, IObjectHeaders? objectHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Container) && container is null)
            throw new ArgumentException("AzureBlobStorage needs a Container.", nameof(options));
        if (!options.BaseUrl.EndsWith('/'))
            throw new ArgumentException($"AzureBlobStorage BaseUrl '{options.BaseUrl}' must end with '/'.", nameof(options));
        _options = options;
        _container = container ?? CreateContainerClient(options);
        _logger = logger ?? NullLogger<AzureBlobStorage>.Instance;
        _objectHeaders = objectHeaders ?? OpaqueObjectHeaders.Instance;
        _prefix = options.BlobPrefix;
    }

    /// <summary>The container named by the options, reached with the connection string or the account name and key.</summary>
    internal static BlobContainerClient CreateContainerClient(AzureBlobStorageOptions options)
    {
        var clientOptions = new BlobClientOptions();
        // Two quick retries: a media request should fail fast rather than hold a connection for half a minute.
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        var service = options.ConnectionString.Length > 0
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(new Uri($"https://{options.AccountName}.blob.{options.EndpointSuffix}"),
                new StorageSharedKeyCredential(options.AccountName, options.AccountKey), clientOptions);
        return service.GetBlobContainerClient(options.Container);
    }

    public string ProbeName => "azure-container";

    // Disposing the response stream releases the HTTP connection.
    public override async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        (await OpenReadWithInfoAsync(name, cancellationToken).ConfigureAwait(false)).Content;

    /// <summary>One GET, whose response carries the length and time; the stream seeks (for ranges) by asking for the
    /// rest of the same version of the blob (<c>If-Match</c> its ETag).</summary>
    public override async Task<StorageObjectRead> OpenReadWithInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            var stream = new AzureBlobReadStream(blob, response.Value.Content, details.ContentLength, details.ETag);
            return new(stream, new(details.ContentLength, details.LastModified.ToUniversalTime()));
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw Missing(name, e);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "open", e);
        }
    }

    /// <summary>One HEAD for both validators.</summary>
    public override async Task<StorageObjectInfo> GetInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var properties = await ExistingAsync(name, "read the size and time of", cancellationToken).ConfigureAwait(false);
        return new(properties.ContentLength, properties.LastModified.ToUniversalTime());
    }

    public override async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "delete", e);
        }
    }

    public override async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        await PropertiesAsync(name, "check", cancellationToken).ConfigureAwait(false) is not null;

    public override async Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidateFolder(path);
        var prefix = path.Length == 0 ? _prefix : BlobName(path) + "/";
        var directories = new List<string>();
        var files = new List<string>();
        try
        {
            var items = _container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = prefix },
                cancellationToken);
            await foreach (var item in items.ConfigureAwait(false))
            {
                if (item.IsPrefix) AddIfAddressable(directories, item.Prefix[prefix.Length..].TrimEnd('/'));
                else AddIfAddressable(files, item.Blob.Name[prefix.Length..]);
            }
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(path, "list", e);
        }
        directories.Sort(StringComparer.Ordinal);
        files.Sort(StringComparer.Ordinal);
        return new StorageListing(directories, files);
    }

    /// <summary>Every blob under the location in one paginated flat listing (no request per folder).</summary>
    public override async IAsyncEnumerable<string> ListAllFilesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pages = _container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix }, cancellationToken).AsPages()
            .GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false)) break;
                }
                catch (Exception e) when (IsBackendFailure(e))
                {
                    throw Failed("", "list", e);
                }
                foreach (var blob in pages.Current.Values)
                {
                    var name = blob.Name[_prefix.Length..];
                    if (StorageNames.FindBrokenRule(name) is null) yield return name;
                }
            }
        }
        finally
        {
            await pages.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Blobs written by other tools may break the name rules ('a//b'): list only what the contract can address.
    private static void AddIfAddressable(List<string> list, string name)
    {
        if (StorageNames.FindBrokenRule(name) is null) list.Add(name);
    }

    public override async Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) =>
        (await ExistingAsync(name, "read the size of", cancellationToken).ConfigureAwait(false)).ContentLength;

    public override async Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        (await ExistingAsync(name, "read the modified time of", cancellationToken).ConfigureAwait(false)).LastModified.ToUniversalTime();

    public override async Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        (await ExistingAsync(name, "read the created time of", cancellationToken).ConfigureAwait(false)).CreatedOn.ToUniversalTime();

    /// <summary>Lists at most one blob under <see cref="AzureBlobStorageOptions.Location"/>: succeeds when the container
    /// exists and these credentials may read it.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix }, cancellationToken)
                .AsPages(pageSizeHint: 1).ConfigureAwait(false))
                break;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw new StorageException("", $"Container '{_container.Name}' is not readable: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>A SAS URL valid for <see cref="AzureBlobStorageOptions.ExpirationSecs"/> for names under
    /// <see cref="AzureBlobStorageOptions.PrivatePrefixes"/> (when the credentials can sign); otherwise
    /// <c>https://{CustomDomain}/{Container}/{Location}/{name}</c>, or <see cref="AzureBlobStorageOptions.BaseUrl"/> +
    /// name (the media endpoint then streams the blob).</summary>
    public override string GetUrl(string name)
    {
        if (IsPresigned(name)) return GetPresignedUrl(name, TimeSpan.FromSeconds(_options.ExpirationSecs));
        if (_options.CustomDomain.Length > 0)
            return BuildUrl($"https://{_options.CustomDomain.TrimEnd('/')}/{Uri.EscapeDataString(_container.Name)}/", _prefix + name);
        return BuildUrl(_options.BaseUrl, name);
    }

    public bool IsPresigned(string name)
    {
        ValidateName(name);
        return _options.ExpirationSecs > 0 && _container.CanGenerateSasUri && IsPrivate(name);
    }

    /// <summary>A read-only service SAS for one blob, signed with the account key, valid for <paramref name="lifetime"/>
    /// (started a minute back, so a clock a little behind the service's still accepts it).</summary>
    public string GetPresignedUrl(string name, TimeSpan lifetime)
    {
        var builder = new BlobSasBuilder(BlobSasPermissions.Read, DateTimeOffset.UtcNow + lifetime)
        {
            BlobContainerName = _container.Name,
            BlobName = BlobName(name),
            Resource = "b",
            StartsOn = DateTimeOffset.UtcNow.AddMinutes(-1),
            Protocol = _container.Uri.Scheme == "https" ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        return Blob(name).GenerateSasUri(builder).AbsoluteUri;
    }

    private bool IsPrivate(string name)
    {
        foreach (var prefix in _options.PrivatePrefixes)
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The blob name of a valid name: <see cref="AzureBlobStorageOptions.Location"/> + name.</summary>
    private string BlobName(string name)
    {
        ValidateName(name);
        return _prefix + name;
    }

    private BlockBlobClient Blob(string name) => _container.GetBlockBlobClient(BlobName(name));

    private async Task<BlobProperties> ExistingAsync(string name, string operation, CancellationToken cancellationToken) =>
        await PropertiesAsync(name, operation, cancellationToken).ConfigureAwait(false) ?? throw Missing(name, null);

    /// <summary>HEAD of <paramref name="name"/>, or null when there is no such blob.</summary>
    private async Task<BlobProperties?> PropertiesAsync(string name, string operation, CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, operation, e);
        }
    }

    private static FileNotFoundException Missing(string name, Exception? inner) =>
        new($"Storage has no file '{StorageNames.Display(name)}'.", name, inner);

    /// <summary><see cref="StorageNames.Failed"/> with the first line of the SDK's message only.</summary>
    private static StorageException Failed(string name, string operation, Exception e) =>
        new(name, $"Storage could not {operation} '{StorageNames.Display(name)}': {FirstLine(e.Message)}", e);

    /// <summary>The SDK's messages carry the whole HTTP exchange after the first line.</summary>
    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>What the SDK and the network throw; cancellation and the project's own exceptions pass through.</summary>
    private static bool IsBackendFailure(Exception e) =>
        e is RequestFailedException or HttpRequestException or AggregateException
        || (e is IOException && e is not FileNotFoundException);

    private static partial class Log
    {
        [LoggerMessage(3201, LogLevel.Debug, "Azure blob {Blob} is taken; trying another name")]
        public static partial void NameTaken(ILogger logger, string blob);
    }
}
