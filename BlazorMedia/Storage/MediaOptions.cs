namespace BlazorMedia.Storage;

/// <summary>Django's <c>MEDIA_ROOT</c> and <c>MEDIA_URL</c>. Section <c>Media</c>.</summary>
public sealed class MediaOptions
{
    public const string SectionName = "Media";

    /// <summary>Folder that holds uploaded files. Relative paths resolve against the app's content root.
    /// Default <c>media</c>; in Development the repository's <c>media/</c>.</summary>
    public string Root { get; set; } = "media";

    /// <summary>Where media is served: a path (<c>/media/</c>, the default) or an absolute URL of a CDN or bucket.
    /// Must end with <c>/</c>.</summary>
    public string Url { get; set; } = "/media/";

    /// <summary>Absolute, normalised media root with a trailing separator; set by <see cref="MediaOptionsSetup"/>.</summary>
    public string RootPath { get; set; } = "";
}
