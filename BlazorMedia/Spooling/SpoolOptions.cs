namespace BlazorMedia.Spooling;

/// <summary>The app's default <see cref="SpoolLocation"/>. Not a configuration section of its own: Uploads maps Django's
/// <c>FILE_UPLOAD_TEMP_DIR</c> and <c>FILE_UPLOAD_MAX_MEMORY_SIZE</c> (<c>Uploads:TempDir</c>,
/// <c>Uploads:MaxMemorySize</c>) onto it, so every spool (uploads, thumbnails) honours them.</summary>
public sealed class SpoolOptions
{
    /// <summary>Folder of spool files. Default: the system temp folder.</summary>
    public string? Directory { get; set; }

    /// <summary>Streams up to this many bytes stay in memory. Default 2,621,440 (2.5 MB, Django's).</summary>
    public long MaxMemorySize { get; set; } = 2_621_440;

    public SpoolLocation Location => new(string.IsNullOrEmpty(Directory) ? Path.GetTempPath() : Directory, MaxMemorySize);
}
