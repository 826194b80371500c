namespace BlazorMedia.Storage.S3;

/// <summary>Options of <see cref="S3Storage"/>, named after django-storages' <c>S3Boto3Storage</c> settings
/// (<c>AWS_STORAGE_BUCKET_NAME</c>, <c>AWS_LOCATION</c>, <c>AWS_QUERYSTRING_AUTH</c>, ...). Section <c>Storage:S3</c>;
/// used when <c>Storage:Backend</c> is <c>S3</c>.</summary>
public sealed class S3StorageOptions
{
    public const string SectionName = "Storage:S3";

    /// <summary>Endpoint of an S3-compatible server (<c>endpoint_url</c>), e.g. <c>http://127.0.0.1:4568</c> for
    /// s3rver or MinIO. Default empty: Amazon S3 itself, in <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>AWS region of the bucket (<c>region_name</c>); with <see cref="ServiceUrl"/> it is only the
    /// signing region. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket holding the files (<c>bucket_name</c>). Required: no default.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Access key id (<c>access_key</c>). Default empty: the SDK's default credential chain (environment,
    /// profile, instance role), which is what production should use.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>Secret access key (<c>secret_key</c>); set together with <see cref="AccessKey"/> or not at all.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>Path-style addressing (<c>http://host/bucket/key</c>, <c>addressing_style = "path"</c>) instead of a
    /// bucket subdomain. Default false; s3rver and most self-hosted servers need true.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Key prefix under which every name is stored (<c>location</c>), e.g. <c>media</c>: name
    /// <c>avatars/a.png</c> becomes key <c>media/avatars/a.png</c>. Lets several apps share a bucket. Default empty:
    /// the bucket root.</summary>
    public string Location { get; set; } = "";

    /// <summary>Presign URLs of private names (<c>querystring_auth</c>). django-storages presigns every URL by
    /// default; here only names under <see cref="PrivatePrefixes"/> are presigned, because public names (avatars,
    /// thumbnails) must stay cacheable by browsers and CDNs under one stable URL. Default true.</summary>
    public bool QuerystringAuth { get; set; } = true;

    /// <summary>Lifetime of presigned URLs (<c>querystring_expire</c>). Default 3600 s, django-storages' default.</summary>
    public TimeSpan QuerystringExpire { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Overwrite an existing object of the same name (<c>file_overwrite</c>). Default false, and unlike
    /// django-storages (default true): <see cref="IFileStorage.SaveAsync"/> promises never to overwrite, so a taken
    /// name gets a random suffix, as on the file system. True breaks that promise; use it only for callers that
    /// write content-addressed names.</summary>
    public bool FileOverwrite { get; set; }

    /// <summary>Host (and optional path) of a CDN or website endpoint in front of the bucket (<c>custom_domain</c>),
    /// e.g. <c>cdn.example.com</c>. When set, public URLs are <c>https://{CustomDomain}/{Location}/{name}</c>. Default
    /// empty: public URLs are <see cref="BaseUrl"/> + name, served by the app's media endpoint, which streams from the
    /// bucket (works with a private bucket).</summary>
    public string CustomDomain { get; set; } = "";

    /// <summary><c>Cache-Control</c> stored with every object (<c>object_parameters["CacheControl"]</c>), served as is
    /// when the bucket or CDN is read directly. Default empty: none. The content type is always derived from the
    /// name's extension through the same allow-map as the media endpoint, so the bucket never serves uploaded HTML
    /// or SVG as a document.</summary>
    public string CacheControl { get; set; } = "";

    /// <summary>URL prefix for public names when <see cref="CustomDomain"/> is empty. Not bound: always
    /// <c>Media:Url</c>, so there is one source of truth.</summary>
    public string BaseUrl { get; set; } = "/media/";

    /// <summary>Name prefixes presigned by <see cref="QuerystringAuth"/>. Not bound: always
    /// <c>Media:PrivatePrefixes</c>, the same names the media endpoint protects. Default <c>reports_save/</c>.</summary>
    public IReadOnlyList<string> PrivatePrefixes { get; set; } = ["reports_save/"];

    /// <summary>The <see cref="Location"/> as a key prefix: "" or <c>media/</c>.</summary>
    internal string KeyPrefix => Location.Trim('/') is { Length: > 0 } l ? l + "/" : "";
}
