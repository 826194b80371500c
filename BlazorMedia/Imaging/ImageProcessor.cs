using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Imaging;

/// <summary>Re-encodes an accepted image for storage, so what we serve is pixels we produced, not the bytes a
/// user sent: EXIF orientation applied, colour converted to sRGB, every metadata block (EXIF with GPS, XMP, IPTC,
/// ICC, comments) dropped, saved in the same format family. Animated GIF/WebP keep their first frame.</summary>
public sealed class ImageProcessor
{
    // libvips' VipsInterpretation values that browsers display correctly without a profile.
    private const int InterpretationBw = 1, InterpretationSrgb = 22, InterpretationRgb16 = 26, InterpretationGrey16 = 27;

    /// <summary>JPEG and WebP quality. Default 85: visually lossless for photos at about half of Q=95's size.</summary>
    public int Quality { get; init; } = 85;

    /// <summary>Checks <paramref name="source"/> like <see cref="ImageInspector.Inspect"/> and re-encodes it; the
    /// re-encode is the full decode, so a corrupt or over-budget image is refused here too.</summary>
    public NormalizedImage Normalize(ImageSource source, ImageLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        var format = ImageLoader.Sniff(source);
        var image = ImageLoader.OpenChecked(source, format, limits, sequential: true, out var frames);
        var orientation = image.GetInt("orientation") ?? 1;
        if (orientation is >= 2 and <= 8)
        {
            // Rotating reads the source out of order, which a sequential load refuses: reopen with random access
            // (libvips then decodes to memory, or to a temp file over its disc threshold).
            image.Dispose();
            image = ImageLoader.OpenChecked(source, format, limits, sequential: false, out frames);
        }

        var pipeline = new List<VipsImageHandle> { image };
        try
        {
            // Progress signalling must be on before the downstream images exist: they inherit it when built.
            using var deadline = new DecodeDeadline(image, limits.DecodeTimeout, cancellationToken);
            try
            {
                var current = image;
                if (orientation is >= 2 and <= 8)
                    current = Add(pipeline, new VipsCall("autorot").Set("in", current));
                current = ToSrgb(pipeline, current);
                current = Add(pipeline, new VipsCall("copy").Set("in", current));
                current.RemoveAllMetadata(); // strip=TRUE alone misses WebP's EXIF in 8.14
                deadline.ThrowIfDone();
                using var save = Saver(format, current).Build();
                deadline.ThrowIfDone();
                var info = new ImageInfo(format.ContentType, format.Extension, current.Width, current.Height, Frames: 1);
                var bytes = save.GetBlob("buffer");
                return new NormalizedImage(format == ImageFormat.Webp ? WebpMetadata.Strip(bytes) : bytes, info);
            }
            catch (Exception e) when (e is VipsException or TimeoutException or OperationCanceledException)
            {
                throw ImageLoader.DecodeFailure(e, deadline, limits, source, cancellationToken);
            }
        }
        finally
        {
            for (var i = pipeline.Count - 1; i >= 0; i--)
                pipeline[i].Dispose();
        }
    }

    private static VipsImageHandle ToSrgb(List<VipsImageHandle> pipeline, VipsImageHandle image)
    {
        if (image.HasField("icc-profile-data"))
        {
            try
            {
                // Use the embedded profile to get true sRGB pixels before the profile itself is stripped.
                return Add(pipeline, new VipsCall("icc_transform").Set("in", image)
                    .Set("output-profile", "srgb").Set("embedded", true));
            }
            catch (VipsException)
            {
                // A broken profile is not worth refusing the photo for: fall through to a plain conversion.
            }
        }
        return image.Interpretation is InterpretationSrgb or InterpretationBw or InterpretationRgb16 or InterpretationGrey16
            ? image
            : Add(pipeline, new VipsCall("colourspace").Set("in", image).SetEnum("space", "srgb"));
    }

    private VipsCall Saver(ImageFormat format, VipsImageHandle image)
    {
        var call = new VipsCall(format.Saver).Set("in", image).Set("strip", true);
        if (format == ImageFormat.Jpeg)
            call.Set("Q", Quality).Set("optimize-coding", true);
        else if (format == ImageFormat.Webp)
            call.Set("Q", Quality);
        return call;
    }

    private static VipsImageHandle Add(List<VipsImageHandle> pipeline, VipsCall call)
    {
        using (call)
        {
            var output = call.Build().GetImage("out");
            pipeline.Add(output);
            return output;
        }
    }
}
