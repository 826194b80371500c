namespace BlazorMedia.Storage.AzureBlob;

/// <summary>Options of <see cref="AzureBlobStorage"/>, named after django-storages' <c>AzureStorage</c> settings
/// (<c>AZURE_CONNECTION_STRING</c>, <c>AZURE_ACCOUNT_NAME</c>, <c>AZURE_CONTAINER</c>, <c>AZURE_LOCATION</c>, ...).
/// Section <c>Storage:AzureBlob</c>; used when <c>Storage:Backend</c> is <c>AzureBlob</c>.</summary>
public sealed class AzureBlobStorageOptions
{
    public const string SectionName = "Storage:AzureBlob";

    /// <summary>A storage account connection string (<c>connection_string</c>), e.g. Azurite's
    /// <c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=…;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;</c>.
    /// Default empty: <see cref="AccountName"/> and <see cref="AccountKey"/> are used instead.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Storage account name (<c>account_name</c>); with <see cref="AccountKey"/>, the service is
    /// <c>https://{AccountName}.blob.{EndpointSuffix}</c>. Default empty.</summary>
    public string AccountName { get; set; } = "";

    /// <summary>Storage account key (<c>account_key</c>), base64. Default empty.</summary>
    public string AccountKey { get; set; } = "";

    /// <summary>Host suffix of the blob service with <see cref="AccountName"/> (<c>endpoint_suffix</c>). Default
    /// <c>core.windows.net</c>.</summary>
    public string EndpointSuffix { get; set; } = "core.windows.net";

    /// <summary>Container holding the files (<c>azure_container</c>). Required: no default. It must exist; the app
    /// never creates it (nor sets its public access level).</summary>
    public string Container { get; set; } = "";

    /// <summary>Blob name prefix under which every name is stored (<c>location</c>), e.g. <c>media</c>. Default empty:
    /// the container root.</summary>
    public string Location { get; set; } = "";

    /// <summary>Lifetime of the SAS links handed out for names under <c>Media:PrivatePrefixes</c>
    /// (<c>expiration_secs</c>), in seconds. Default 3600. 0: no SAS; the app signs its own links and streams the
    /// blob (also what happens when the credentials cannot sign, e.g. a connection string without an account key).</summary>
    public int ExpirationSecs { get; set; } = 3600;

    /// <summary>Overwrite a blob of the same name (<c>overwrite_files</c>). Default false, as in django-storages: a
    /// taken name gets a random suffix, and the server enforces it (<c>If-None-Match: *</c>).</summary>
    public bool OverwriteFiles { get; set; }

    /// <summary>Host of a CDN or custom domain in front of the account (<c>custom_domain</c>), e.g.
    /// <c>cdn.example.com</c>: public URLs become <c>https://{CustomDomain}/{Container}/{Location}/{name}</c>. Default
    /// empty: public URLs are <c>Media:Url</c> + name and the media endpoint streams the blob (a private container
    /// works).</summary>
    public string CustomDomain { get; set; } = "";

    /// <summary><c>Cache-Control</c> stored with every blob (<c>cache_control</c>). Default empty. Content type and
    /// <c>Content-Disposition</c> always come from the media endpoint's allow-map.</summary>
    public string CacheControl { get; set; } = "";

    /// <summary>Block size of uploads larger than one block, and the most one save holds in memory. Default 8 MiB.</summary>
    public int BlockSize { get; set; } = 8 << 20;

    /// <summary>URL prefix for public names without <see cref="CustomDomain"/>. Not bound: always <c>Media:Url</c>.</summary>
    public string BaseUrl { get; set; } = "/media/";

    /// <summary>Name prefixes that get SAS links. Not bound: always <c>Media:PrivatePrefixes</c>.</summary>
    public IReadOnlyList<string> PrivatePrefixes { get; set; } = ["reports_save/"];

    /// <summary>The <see cref="Location"/> as a blob name prefix: "" or <c>media/</c>.</summary>
    internal string BlobPrefix => Location.Trim('/') is { Length: > 0 } l ? l + "/" : "";
}
