using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Imaging;

/// <summary>Makes WebP thumbnails with libvips' <c>thumbnail</c> operation, which shrinks while loading (JPEG
/// DCT scaling, WebP scaled decode), so a 24 MP photo never exists as full-size pixels. Orientation is applied
/// (the operation's default), metadata stripped, the result centre-cropped to a square.</summary>
public sealed class ThumbnailGenerator
{
    /// <summary>WebP quality. Default 80: thumbnails are small, artefacts would show before bytes matter.</summary>
    public int Quality { get; init; } = 80;

    /// <summary>Returns WebP bytes exactly <c>alias.Size</c> square. Inputs are sniffed and header-checked first
    /// so libvips never guesses a loader for bytes we do not accept (8.14's loader search ignores the block list)
    /// and never starts on a pixel bomb; <paramref name="limits"/> defaults to <see cref="ImageLimits.General"/>.</summary>
    public byte[] Generate(ImageSource source, ThumbnailAlias alias, ImageLimits? limits = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(alias);
        limits ??= ImageLimits.General;
        // Sources were validated at upload, but a file can reach storage another way (a restore, a bucket
        // upload): the header checks cost one header parse, far less than the thumbnail itself.
        var format = ImageLoader.Sniff(source);
        using (ImageLoader.OpenChecked(source, format, limits, sequential: true, out _)) { }

        using var thumbnail = new VipsCall(source is MemoryImageSource ? "thumbnail_buffer" : "thumbnail");
        ImageLoader.SetInput(thumbnail, source, "buffer", "filename");
        thumbnail.Set("width", alias.Size).Set("height", alias.Size).SetEnum("crop", "centre");
        using var thumb = ImageLoader.Build(thumbnail, source).GetImage("out");
        // thumbnail keeps the source's EXIF (orientation included, though the pixels are already upright) and
        // 8.14's webpsave writes it despite strip=TRUE: drop all metadata on a private copy.
        using var copy = new VipsCall("copy").Set("in", thumb).Build();
        using var image = copy.GetImage("out");
        image.RemoveAllMetadata();
        using var deadline = new DecodeDeadline(image, limits.DecodeTimeout, cancellationToken);
        try
        {
            using var save = new VipsCall("webpsave_buffer").Set("in", image).Set("strip", true)
                .Set("Q", Quality).Build();
            deadline.ThrowIfDone();
            return WebpMetadata.Strip(save.GetBlob("buffer"));
        }
        catch (Exception e) when (e is VipsException or TimeoutException or OperationCanceledException)
        {
            throw ImageLoader.DecodeFailure(e, deadline, limits, source, cancellationToken);
        }
    }
}
