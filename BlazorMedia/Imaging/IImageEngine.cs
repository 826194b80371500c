namespace BlazorMedia.Imaging;

/// <summary>The pixel work behind <see cref="ImageInspector"/> and <see cref="ThumbnailGenerator"/>: libvips (NetVips)
/// or ImageSharp, chosen by <c>Imaging:Engine</c>. An engine only reports facts and does the decoding; the rules
/// (accepted types, limits, messages) live in <see cref="ImageInspector"/>, so both engines refuse the same files
/// with the same words. Bad data is an <see cref="ImageDecodeException"/>, a spent budget a
/// <see cref="TimeoutException"/>, a cancelled token an <see cref="OperationCanceledException"/>.
/// Implementations are thread-safe singletons.</summary>
public interface IImageEngine
{
    ImagingEngine Kind { get; }

    /// <summary>Width, height, frames and EXIF orientation of an image whose magic bytes said
    /// <paramref name="format"/>, from its header only: no pixel is decoded.</summary>
    ImageHeader ReadHeader(ImageSource source, ImageFormat format);

    /// <summary>Decodes every pixel of the first frame and discards them: the proof that the data is whole.</summary>
    void Decode(ImageSource source, ImageFormat format, DecodeBudget budget);

    /// <summary>Decodes the first frame, applies the EXIF orientation, converts to sRGB and encodes it again in the
    /// same format with no metadata at all. Returns the bytes and the size of the result.</summary>
    (byte[] Bytes, int Width, int Height) Reencode(ImageSource source, ImageFormat format, DecodeBudget budget);

    /// <summary>A WebP of exactly <paramref name="size"/>² pixels: scaled to cover, centre-cropped, oriented, no
    /// metadata.</summary>
    byte[] Thumbnail(ImageSource source, ImageFormat format, int size, DecodeBudget budget);

    /// <summary>What makes this engine unsafe or unable to run here (a loader that should be blocked but is not, a
    /// format missing); empty when all is well. Run once at start-up: any line stops the app.</summary>
    IReadOnlyList<string> SelfCheck();
}

/// <summary><c>Imaging:Engine</c>.</summary>
public enum ImagingEngine
{
    /// <summary>libvips 8.18 through NetVips (bundled native library): shrink-on-load thumbnails. The default.</summary>
    LibVips,

    /// <summary>SixLabors.ImageSharp 2.1.13, fully managed: no native code, full decodes.</summary>
    ImageSharp,
}

/// <summary>What a header says, before any pixel is decoded. <see cref="Orientation"/> is EXIF's 1–8 (1 = upright).</summary>
public sealed record ImageHeader(int Width, int Height, int Frames, int Orientation);

/// <summary>Wall-clock budget and cancellation for one decode.</summary>
public readonly record struct DecodeBudget(TimeSpan Limit, CancellationToken CancellationToken);

/// <summary>An engine could not decode the bytes; <see cref="Exception.Message"/> is the decoder's own reason, with
/// no server path in it.</summary>
public sealed class ImageDecodeException(string detail, Exception? inner = null) : Exception(detail, inner);
