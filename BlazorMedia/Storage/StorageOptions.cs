namespace BlazorMedia.Storage;

/// <summary>Which backend stores files (Django's <c>STORAGES["default"]</c>). Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public static readonly string[] Backends = ["FileSystem", "S3"];

    /// <summary><c>FileSystem</c> (default) or <c>S3</c>.</summary>
    public string Backend { get; set; } = "FileSystem";

    /// <summary>True when <c>Storage:Backend</c> is <c>S3</c>: files live in a bucket and <c>Media:Root</c> is not
    /// used. Read from configuration for registrations made before options can be resolved.</summary>
    public static bool BackendIsS3(IConfiguration configuration) =>
        string.Equals(configuration[$"{SectionName}:{nameof(Backend)}"], "S3", StringComparison.Ordinal);
}
