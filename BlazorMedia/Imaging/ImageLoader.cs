using System.Globalization;
using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Imaging;

/// <summary>The checks every path runs before any pixel is decoded: magic bytes, then the header libvips reads
/// lazily (a loader's build reads only the header), then the limits. Shared by inspection, normalisation and
/// thumbnails so none of them can skip a step.</summary>
internal static class ImageLoader
{
    private const int GifFrameCap = 4096;

    public const string NotAcceptedType = "is not an image of an accepted type (JPEG, PNG, WebP, GIF)";

    public static ImageFormat Sniff(ImageSource source)
    {
        Span<byte> prefix = stackalloc byte[ImageFormat.PrefixLength];
        var length = source.ReadPrefix(prefix);
        if (length == 0)
            throw new ImageRejectedException("is empty");
        return ImageFormat.Detect(prefix[..length]) ?? throw new ImageRejectedException(NotAcceptedType);
    }

    /// <summary>Opens <paramref name="source"/> header-only and enforces <paramref name="limits"/>.
    /// <paramref name="sequential"/> streams pixels top to bottom (least memory); rotation needs random access.</summary>
    public static VipsImageHandle OpenChecked(
        ImageSource source, ImageFormat format, ImageLimits limits, bool sequential, out int frames)
    {
        if (format == ImageFormat.Png)
            CheckPngPrefix(source, limits);
        var image = Load(source, format, sequential);
        try
        {
            frames = image.GetInt("n-pages") ?? 1;
            CheckSize(image.Width, image.Height, limits);
            if (frames > limits.MaxFrames)
            {
                // libnsgif stops counting past its own frame cap and reports cap + 1.
                var count = frames > GifFrameCap ? $"more than {GifFrameCap}" : frames.ToString(CultureInfo.InvariantCulture);
                throw new ImageRejectedException(limits.MaxFrames == 1
                    ? $"has {count} frames; {limits.Purpose} must be a single image"
                    : $"has {count} frames; {limits.Purpose} may have at most {limits.MaxFrames}");
            }
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    private static VipsImageHandle Load(ImageSource source, ImageFormat format, bool sequential)
    {
        var call = source is MemoryImageSource ? new VipsCall(format.Loader + "_buffer") : new VipsCall(format.Loader);
        using (call)
        {
            SetInput(call, source, "buffer", "filename");
            call.SetEnum("access", sequential ? "sequential" : "random");
            // Truncated or damaged data is an error, not a grey band at the bottom of someone's avatar.
            call.SetEnum("fail-on", "error");
            return Build(call, source).GetImage("out");
        }
    }

    /// <summary>Sets the source argument of a loader or thumbnail operation.</summary>
    public static void SetInput(VipsCall call, ImageSource source, string bufferArgument, string fileArgument)
    {
        if (source is MemoryImageSource memory)
            call.Set(bufferArgument, memory.Bytes.Span);
        else
            call.Set(fileArgument, ((FileImageSource)source).Path);
    }

    /// <summary>Builds <paramref name="call"/>, turning a libvips failure on user bytes into a refusal.</summary>
    public static VipsCall Build(VipsCall call, ImageSource source)
    {
        try
        {
            return call.Build();
        }
        catch (VipsException e)
        {
            throw Corrupt(e, source);
        }
    }

    public static ImageRejectedException Corrupt(VipsException e, ImageSource source)
    {
        // libvips names the file it read; a spooled temp path means nothing to the user and leaks server layout.
        var detail = source is FileImageSource file ? e.Message.Replace(file.Path, "input") : e.Message;
        return new ImageRejectedException($"is truncated or corrupt ({detail})", e);
    }

    /// <summary>Maps a failed computation to the right outcome: cancelled, over time, or bad data.</summary>
    public static Exception DecodeFailure(Exception e, DecodeDeadline deadline, ImageLimits limits, ImageSource source,
        CancellationToken cancellationToken)
    {
        if (deadline.Cancelled || cancellationToken.IsCancellationRequested)
            return new OperationCanceledException(cancellationToken);
        if (deadline.Expired || e is TimeoutException)
            return new ImageRejectedException(
                string.Create(CultureInfo.InvariantCulture,
                    $"took longer than {limits.DecodeTimeout.TotalSeconds:0.#} s to decode; it is too complex to accept"), e);
        return e is VipsException vips ? Corrupt(vips, source) : e;
    }

    private static void CheckPngPrefix(ImageSource source, ImageLimits limits)
    {
        Span<byte> prefix = stackalloc byte[ImageFormat.PrefixLength];
        var length = source.ReadPrefix(prefix);
        if (ImageFormat.PngDeclaredSize(prefix[..length]) is var (w, h))
            CheckSize(w, h, limits);
    }

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
}
