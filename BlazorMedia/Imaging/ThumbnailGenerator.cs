namespace BlazorMedia.Imaging;

/// <summary>Makes the WebP thumbnails of <see cref="ThumbnailAlias"/>es: scaled to cover, centre-cropped to a square,
/// orientation applied, metadata stripped. With libvips the image shrinks while loading (JPEG DCT scaling, WebP
/// scaled decode), so a 24 MP photo never exists as full-size pixels; ImageSharp 2.1 has no such decode and pays a
/// full one.</summary>
public sealed class ThumbnailGenerator(IImageEngine engine, ImageInspector inspector)
{
    /// <summary>Returns WebP bytes exactly <c>alias.Size</c> square. Inputs go through the inspector's header checks
    /// first (a file can reach storage without an upload: a restore, a bucket copy), which cost one header parse,
    /// far less than the thumbnail itself; <paramref name="limits"/> defaults to <see cref="ImageLimits.General"/>.</summary>
    public byte[] Generate(ImageSource source, ThumbnailAlias alias, ImageLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(alias);
        limits ??= ImageLimits.General;
        var (format, _) = inspector.CheckHeader(source, limits);
        var webp = ImageInspector.Run(() => engine.Thumbnail(source, format, alias.Size,
            new DecodeBudget(limits.DecodeTimeout, cancellationToken)), limits, cancellationToken);
        return WebpMetadata.Strip(webp);
    }
}
