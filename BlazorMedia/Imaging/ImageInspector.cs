using System.Globalization;

namespace BlazorMedia.Imaging;

/// <summary>Django's <c>ImageField</c> validation, done for real and in one place: the type from magic bytes, the
/// declared size and frame count checked against <see cref="ImageLimits"/> before a single pixel is decoded, then
/// one full decode under a time limit, so truncated or corrupt data is caught at upload rather than when a thumbnail
/// is first requested. <see cref="Normalize"/> (what uploads call) re-encodes what passed, so what we store and serve
/// is pixels we produced: EXIF orientation applied, sRGB, every metadata block (EXIF with GPS, XMP, IPTC, ICC,
/// comments) dropped, same format family; animated GIF/WebP keep their first frame.
/// <para>Every rule and every message is here; the engine (<see cref="IImageEngine"/>, libvips or ImageSharp) only
/// reads headers and decodes, so both engines refuse the same files with the same words.</para></summary>
public sealed class ImageInspector(IImageEngine engine)
{
    public const string NotAcceptedType = "is not an image of an accepted type (JPEG, PNG, WebP, GIF)";

    /// <summary>Returns what the image is, or throws <see cref="ImageRejectedException"/> with the reason.
    /// CPU-bound (up to <see cref="ImageLimits.DecodeTimeout"/>): call from a background thread in UI code.</summary>
    public ImageInfo Inspect(ImageSource source, ImageLimits limits, CancellationToken cancellationToken = default)
    {
        var (format, header) = CheckHeader(source, limits);
        Run(() => engine.Decode(source, format, new DecodeBudget(limits.DecodeTimeout, cancellationToken)), limits, cancellationToken);
        return new ImageInfo(format.ContentType, format.Extension, header.Width, header.Height, header.Frames);
    }

    /// <summary>Checks <paramref name="source"/> like <see cref="Inspect"/> and re-encodes it; the re-encode is the
    /// full decode, so a corrupt or over-budget image is refused here too.</summary>
    public NormalizedImage Normalize(ImageSource source, ImageLimits limits, CancellationToken cancellationToken = default)
    {
        var (format, _) = CheckHeader(source, limits);
        var (bytes, width, height) = Run(
            () => engine.Reencode(source, format, new DecodeBudget(limits.DecodeTimeout, cancellationToken)), limits, cancellationToken);
        // Engines are asked for no metadata; this makes the promise hold whatever an encoder version adds.
        if (format == ImageFormat.Webp)
            bytes = WebpMetadata.Strip(bytes);
        return new NormalizedImage(bytes, new ImageInfo(format.ContentType, format.Extension, width, height, Frames: 1));
    }

    /// <summary>Every check that needs no decoding, in order: magic bytes, the PNG's declared size, the GIF's frame
    /// count, then the header the engine reads. Throws <see cref="ImageRejectedException"/>.</summary>
    internal (ImageFormat Format, ImageHeader Header) CheckHeader(ImageSource source, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        Span<byte> prefix = stackalloc byte[ImageFormat.PrefixLength];
        var length = source.ReadPrefix(prefix);
        if (length == 0)
            throw new ImageRejectedException("is empty");
        var format = ImageFormat.Detect(prefix[..length]) ?? throw new ImageRejectedException(NotAcceptedType);

        if (format == ImageFormat.Png && ImageFormat.PngDeclaredSize(prefix[..length]) is var (w, h))
            CheckSize(w, h, limits);
        if (format == ImageFormat.Gif)
        {
            using var gif = source.OpenRead();
            CheckFrames(GifFrames.Count(gif).Frames, limits);
        }

        ImageHeader header;
        try
        {
            header = engine.ReadHeader(source, format);
        }
        catch (ImageDecodeException e)
        {
            throw Corrupt(e);
        }
        CheckSize(header.Width, header.Height, limits);
        CheckFrames(header.Frames, limits);
        return (format, header);
    }

    /// <summary>Runs an engine's decode, turning its failures into the refusals users read.</summary>
    internal static T Run<T>(Func<T> decode, ImageLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return decode();
        }
        catch (ImageDecodeException e)
        {
            // A decode stopped by cancellation can surface as a decoder error: the caller's cancellation wins.
            cancellationToken.ThrowIfCancellationRequested();
            throw Corrupt(e);
        }
        catch (TimeoutException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new ImageRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"took longer than {limits.DecodeTimeout.TotalSeconds:0.#} s to decode; it is too complex to accept"), e);
        }
    }

    private static void Run(Action decode, ImageLimits limits, CancellationToken cancellationToken) =>
        Run(() => { decode(); return 0; }, limits, cancellationToken);

    private static ImageRejectedException Corrupt(ImageDecodeException e) =>
        new($"is truncated or corrupt ({e.Message})", e);

    private static void CheckSize(long width, long height, ImageLimits limits)
    {
        if (width > limits.MaxSide || height > limits.MaxSide)
            throw new ImageRejectedException(
                $"is {width}×{height} pixels; the largest side allowed is {limits.MaxSide}");
        if (width * height > limits.MaxPixels)
            throw new ImageRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"is {width}×{height} pixels ({width * height:N0}); at most {limits.MaxPixels:N0} pixels are allowed"));
        if (width < 1 || height < 1)
            throw new ImageRejectedException($"is {width}×{height} pixels; an image needs at least one pixel");
    }

    private static void CheckFrames(int frames, ImageLimits limits)
    {
        if (frames <= limits.MaxFrames)
            return;
        var count = frames > GifFrames.Cap ? $"more than {GifFrames.Cap}" : frames.ToString(CultureInfo.InvariantCulture);
        throw new ImageRejectedException(limits.MaxFrames == 1
            ? $"has {count} frames; {limits.Purpose} must be a single image"
            : $"has {count} frames; {limits.Purpose} may have at most {limits.MaxFrames}");
    }
}
