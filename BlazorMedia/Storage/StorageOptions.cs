namespace BlazorMedia.Storage;

/// <summary>Which backend stores files (Django's <c>STORAGES["default"]</c>). Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";
    public const string AzureBlob = "AzureBlob";
    public const string Sftp = "Sftp";

    public static readonly string[] Backends = [FileSystem, S3, AzureBlob, Sftp];

    /// <summary><c>FileSystem</c> (default), <c>S3</c>, <c>AzureBlob</c> or <c>Sftp</c>.</summary>
    public string Backend { get; set; } = FileSystem;

    /// <summary>The configured backend, read from configuration for registrations made before options can be resolved.</summary>
    public static string BackendFrom(IConfiguration configuration) =>
        configuration[$"{SectionName}:{nameof(Backend)}"] is { Length: > 0 } backend ? backend : FileSystem;

    /// <summary>True when the files live elsewhere than <c>Media:Root</c> (S3, Azure Blob, SFTP): the media root is then
    /// neither used nor checked.</summary>
    public static bool BackendIsRemote(IConfiguration configuration) =>
        BackendFrom(configuration) is S3 or AzureBlob or Sftp;
}
