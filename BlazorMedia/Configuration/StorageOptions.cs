namespace BlazorMedia.Configuration;

/// <summary>Which backend stores files (Django's <c>STORAGES["default"]</c>). Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public static readonly string[] Backends = ["FileSystem", "S3"];

    /// <summary><c>FileSystem</c> (default) or <c>S3</c>.</summary>
    public string Backend { get; set; } = "FileSystem";
}
