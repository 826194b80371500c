namespace BlazorMedia.Storage.FileSystem;

/// <summary>Options of <see cref="FileSystemStorage"/> (Django's <c>FileSystemStorage</c> arguments). Section
/// <c>Storage:FileSystem</c>; <see cref="Location"/> and <see cref="BaseUrl"/> always come from <c>Media:Root</c> and
/// <c>Media:Url</c> so there is one source of truth for them.</summary>
public sealed class FileSystemStorageOptions
{
    public const string SectionName = "Storage:FileSystem";

    /// <summary>Absolute folder holding the files (Django's <c>location</c>). Default: <c>Media:Root</c> resolved.</summary>
    public string Location { get; set; } = "";

    /// <summary>URL prefix ending in <c>/</c> (Django's <c>base_url</c>). Default: <c>Media:Url</c>, <c>/media/</c>.</summary>
    public string BaseUrl { get; set; } = "/media/";

    /// <summary>Mode given to every stored file, whatever the process umask (Django's <c>file_permissions_mode</c>).
    /// Default null: the umask decides. Ignored on Windows.</summary>
    public UnixFileMode? FilePermissions { get; set; }

    /// <summary>Mode given to every folder the storage creates (Django's <c>directory_permissions_mode</c>).
    /// Default null: the umask decides. Ignored on Windows.</summary>
    public UnixFileMode? DirectoryPermissions { get; set; }

    /// <summary>Temp files of interrupted writes older than this are removed at start-up. Default 6 hours: long
    /// enough that a write still running on another instance sharing the folder is never swept.</summary>
    public TimeSpan StaleTempFileAge { get; set; } = TimeSpan.FromHours(6);
}
