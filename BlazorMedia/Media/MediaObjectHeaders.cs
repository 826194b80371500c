using BlazorMedia.Storage;

namespace BlazorMedia.Media;

/// <summary>The media endpoint's content-type allow-map and disposition rule, handed to storage backends that keep
/// headers with objects: uploaded HTML or SVG read straight from a bucket must not render as a page either.</summary>
internal sealed class MediaObjectHeaders : IObjectHeaders
{
    public (string ContentType, string ContentDisposition) For(string name)
    {
        var (contentType, inline) = MediaContentTypes.Resolve(name);
        return (contentType, ContentDispositionHeader.Create(inline, StorageNames.SplitDirectory(name).FileName));
    }
}
