using System.Collections.Frozen;

namespace BlazorMedia.Media;

/// <summary>A strict allow-map from extension to content type. Only raster images are shown inline; everything
/// else is a download. Types a browser would execute or render as a document (HTML, SVG, XML, JavaScript) are
/// absent on purpose, so they fall through to <c>application/octet-stream</c>.</summary>
internal static class MediaContentTypes
{
    public const string Fallback = "application/octet-stream";

    private static readonly FrozenDictionary<string, string> InlineImages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
        [".gif"] = "image/gif",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> Downloads = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain; charset=utf-8",
        [".csv"] = "text/csv; charset=utf-8",
        [".json"] = "application/json",
        [".zip"] = "application/zip",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".ppt"] = "application/vnd.ms-powerpoint",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".odt"] = "application/vnd.oasis.opendocument.text",
        [".ods"] = "application/vnd.oasis.opendocument.spreadsheet",
        [".odp"] = "application/vnd.oasis.opendocument.presentation",
        [".rtf"] = "application/rtf",
        [".mp3"] = "audio/mpeg",
        [".mp4"] = "video/mp4",
        [".avif"] = "image/avif",
        [".heic"] = "image/heic",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Content type for <paramref name="name"/> and whether it may be displayed inline.</summary>
    public static (string ContentType, bool Inline) Resolve(string name)
    {
        var extension = Path.GetExtension(name.AsSpan());
        if (extension.IsEmpty) return (Fallback, false);
        var ext = extension.ToString();
        if (InlineImages.TryGetValue(ext, out var image)) return (image, true);
        return Downloads.TryGetValue(ext, out var download) ? (download, false) : (Fallback, false);
    }
}
