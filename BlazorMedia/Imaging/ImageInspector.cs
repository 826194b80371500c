using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Imaging;

/// <summary>Django's <c>ImageField</c> validation done for real: type from magic bytes, declared size and frame
/// count checked against limits before decoding, then one full decode under a time limit so truncated or
/// corrupt data is caught at upload rather than when a thumbnail is first requested.</summary>
public sealed class ImageInspector
{
    /// <summary>Returns what the image is, or throws <see cref="ImageRejectedException"/> with the reason.
    /// CPU-bound (up to <see cref="ImageLimits.DecodeTimeout"/>): call from a background thread in UI code.</summary>
    public ImageInfo Inspect(ImageSource source, ImageLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        var format = ImageLoader.Sniff(source);
        using var image = ImageLoader.OpenChecked(source, format, limits, sequential: true, out var frames);
        var info = new ImageInfo(format.ContentType, format.Extension, image.Width, image.Height, frames);

        // avg pulls every pixel of the first frame through the decoder without keeping them: a full decode in
        // one scan line's worth of memory.
        using var deadline = new DecodeDeadline(image, limits.DecodeTimeout, cancellationToken);
        try
        {
            using var avg = new VipsCall("avg").Set("in", image).Build();
            deadline.ThrowIfDone();
        }
        catch (Exception e) when (e is VipsException or TimeoutException or OperationCanceledException)
        {
            throw ImageLoader.DecodeFailure(e, deadline, limits, source, cancellationToken);
        }
        return info;
    }
}
