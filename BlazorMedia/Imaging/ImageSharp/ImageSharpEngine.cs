using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Processing;
using SixImage = SixLabors.ImageSharp.Image;

namespace BlazorMedia.Imaging.ImageSharp;

/// <summary>SixLabors.ImageSharp 2.1.13, fully managed. Hardened against its known flaws by what it never does:
/// <list type="bullet">
/// <item>its <see cref="Configuration"/> holds only the JPEG, PNG, WebP and GIF modules, so TIFF (the CCITT encoder
/// and BigTIFF decoder advisories), BMP, TGA and PBM cannot be reached even by a caller that skipped our sniffing;</item>
/// <item>every decoder runs with <c>IgnoreMetadata</c>: no EXIF, XMP, IPTC or ICC profile is parsed (the ICC CLUT
/// allocation advisory), and nothing of them can reach the output; the orientation is read by hand
/// (<see cref="ExifOrientation"/>);</item>
/// <item>no histogram equalisation or other processor beyond rotate/flip and resize is ever applied;</item>
/// <item>headers are identified (and limits checked by the inspector) before any decode, the allocator refuses any
/// buffer over <see cref="ImagingOptions.ImageSharpAllocationLimitMegabytes"/>, GIFs decode one frame
/// (<c>GifDecoder.MaxFrames</c>), and the file's structure is checked to its end first, because 2.1's decoders accept
/// truncated files (<see cref="Completeness"/>).</item>
/// </list>
/// It has no decode-time downscale, so a thumbnail of a 24 MP JPEG decodes all 24 MP.</summary>
public sealed class ImageSharpEngine : IImageEngine
{
    private readonly Configuration _configuration;
    private readonly int _quality;
    private readonly int _thumbnailQuality;

    private static readonly JpegDecoder JpegDecoder = new() { IgnoreMetadata = true };
    private static readonly PngDecoder PngDecoder = new() { IgnoreMetadata = true };
    private static readonly WebpDecoder WebpDecoder = new() { IgnoreMetadata = true };
    private static readonly GifDecoder GifDecoder = new() { IgnoreMetadata = true, DecodingMode = FrameDecodingMode.First, MaxFrames = 1 };

    public ImageSharpEngine(ImagingOptions? options = null)
    {
        options ??= new ImagingOptions();
        _quality = options.Quality;
        _thumbnailQuality = options.ThumbnailQuality;
        _configuration = CreateConfiguration(options.ImageSharpAllocationLimitMegabytes);
    }

    public ImagingEngine Kind => ImagingEngine.ImageSharp;

    /// <summary>The formats this engine's configuration can decode or encode: exactly the accepted four.</summary>
    internal IEnumerable<IImageFormat> ConfiguredFormats => _configuration.ImageFormats;

    internal static Configuration CreateConfiguration(int allocationLimitMegabytes) =>
        new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule(), new GifConfigurationModule())
        {
            // One core per image, as libvips is set up: a large upload must not starve the others.
            MaxDegreeOfParallelism = 1,
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = allocationLimitMegabytes,
                // Uploads are occasional and mostly different sizes: a large pool would only hold memory.
                MaximumPoolSizeMegabytes = 16,
            }),
        };

    public ImageHeader ReadHeader(ImageSource source, ImageFormat format)
    {
        using var stream = source.OpenRead();
        var info = Guard(() => ((IImageInfoDetector)Decoder(format)).Identify(_configuration, stream, CancellationToken.None))
            ?? throw new ImageDecodeException($"the {format.Name} header could not be read");
        stream.Position = 0;
        var frames = format == ImageFormat.Gif ? GifFrames.Count(stream).Frames
            : format == ImageFormat.Webp ? RiffChunks.Frames(stream)
            : 1;
        stream.Position = 0;
        return new ImageHeader(info.Width, info.Height, frames, ExifOrientation.Read(stream, format));
    }

    public void Decode(ImageSource source, ImageFormat format, DecodeBudget budget)
    {
        using var image = Load(source, format, budget, out _);
    }

    public (byte[] Bytes, int Width, int Height) Reencode(ImageSource source, ImageFormat format, DecodeBudget budget)
    {
        var clock = Stopwatch.StartNew();
        using var image = Load(source, format, budget, out var orientation);
        Orient(image, orientation);
        ThrowIfDone(clock, budget);
        using var output = new MemoryStream();
        image.Save(output, Encoder(format));
        ThrowIfDone(clock, budget);
        return (output.ToArray(), image.Width, image.Height);
    }

    public byte[] Thumbnail(ImageSource source, ImageFormat format, int size, DecodeBudget budget)
    {
        var clock = Stopwatch.StartNew();
        using var image = Load(source, format, budget, out var orientation);
        Orient(image, orientation);
        ThrowIfDone(clock, budget);
        image.Mutate(_configuration, x => x.Resize(new ResizeOptions
        {
            Size = new Size(size, size),
            Mode = ResizeMode.Crop, // cover, then crop the overflow: exactly size×size, small images scaled up
            Position = AnchorPositionMode.Center,
        }));
        ThrowIfDone(clock, budget);
        using var output = new MemoryStream();
        image.Save(output, new WebpEncoder { Quality = _thumbnailQuality, FileFormat = WebpFileFormatType.Lossy });
        ThrowIfDone(clock, budget);
        return output.ToArray();
    }

    public IReadOnlyList<string> SelfCheck()
    {
        var problems = new List<string>();
        var configured = _configuration.ImageFormats.Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
        string[] expected = ["GIF", "JPEG", "PNG", "Webp"];
        if (!configured.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
            problems.Add($"ImageSharp is configured for {string.Join(", ", configured)}; it must be exactly JPEG, PNG, WebP and GIF.");
        using var sample = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(_configuration, 2, 2);
        foreach (var format in ImageFormat.All)
        {
            try
            {
                using var bytes = new MemoryStream();
                sample.Save(bytes, Encoder(format));
                Decode(ImageSource.FromMemory(bytes.ToArray()), format, new DecodeBudget(TimeSpan.FromSeconds(5), CancellationToken.None));
            }
            catch (ImageDecodeException e)
            {
                problems.Add($"ImageSharp could not read back a {format.Name} it wrote: {e.Message}");
            }
        }
        return problems;
    }

    /// <summary>Checks the structure, then decodes the first frame with metadata ignored, under the budget. Returns
    /// the EXIF orientation read by hand beside it.</summary>
    private SixImage Load(ImageSource source, ImageFormat format, DecodeBudget budget, out int orientation)
    {
        var clock = Stopwatch.StartNew();
        using var stream = source.OpenRead();
        if (Completeness.Problem(stream, format) is { } problem)
            throw new ImageDecodeException(problem);
        stream.Position = 0;
        orientation = ExifOrientation.Read(stream, format);
        stream.Position = 0;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(budget.CancellationToken);
        timeout.CancelAfter(budget.Limit < TimeSpan.FromDays(1) ? budget.Limit : TimeSpan.FromDays(1));
        SixImage image;
        try
        {
            image = Guard(() => Decoder(format).Decode(_configuration, stream, timeout.Token));
        }
        catch (OperationCanceledException) when (!budget.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"over the {budget.Limit} decode budget");
        }
        try
        {
            ThrowIfDone(clock, budget);
            // IgnoreMetadata keeps the profiles out (the ICC profile is never even parsed); these make sure no encoder
            // finds anything to write.
            image.Metadata.ExifProfile = null;
            image.Metadata.IptcProfile = null;
            image.Metadata.XmpProfile = null;
            image.Metadata.GetPngMetadata().TextData.Clear();
            image.Metadata.GetGifMetadata().Comments.Clear();
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>Applies EXIF orientation 2–8 (rotate first, then flip, as ImageSharp's RotateFlip does).</summary>
    private void Orient(SixImage image, int orientation)
    {
        var (rotate, flip) = orientation switch
        {
            2 => (RotateMode.None, FlipMode.Horizontal),
            3 => (RotateMode.Rotate180, FlipMode.None),
            4 => (RotateMode.None, FlipMode.Vertical),
            5 => (RotateMode.Rotate90, FlipMode.Horizontal), // transpose
            6 => (RotateMode.Rotate90, FlipMode.None),
            7 => (RotateMode.Rotate270, FlipMode.Horizontal), // transverse
            8 => (RotateMode.Rotate270, FlipMode.None),
            _ => (RotateMode.None, FlipMode.None),
        };
        if (rotate != RotateMode.None || flip != FlipMode.None)
            image.Mutate(_configuration, x => x.RotateFlip(rotate, flip));
    }

    private IImageEncoder Encoder(ImageFormat format) => format.Name switch
    {
        "JPEG" => new JpegEncoder { Quality = _quality },
        "PNG" => new PngEncoder(),
        "WebP" => new WebpEncoder { Quality = _quality, FileFormat = WebpFileFormatType.Lossy },
        _ => new GifEncoder(),
    };

    private static IImageDecoder Decoder(ImageFormat format) => format.Name switch
    {
        "JPEG" => JpegDecoder,
        "PNG" => PngDecoder,
        "WebP" => WebpDecoder,
        _ => GifDecoder,
    };

    private static void ThrowIfDone(Stopwatch clock, DecodeBudget budget)
    {
        budget.CancellationToken.ThrowIfCancellationRequested();
        if (clock.Elapsed > budget.Limit)
            throw new TimeoutException($"over the {budget.Limit} decode budget");
    }

    /// <summary>Runs a decoder call on untrusted bytes, turning what its decoders throw on malformed data into an
    /// <see cref="ImageDecodeException"/>. The list is what 2.1's decoders throw for bad input: format errors, an
    /// allocation over the limit, and the index and argument errors a malformed header can provoke.</summary>
    private static T Guard<T>(Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is ImageFormatException or InvalidMemoryOperationException or InvalidDataException
            or EndOfStreamException or NotSupportedException or IndexOutOfRangeException or ArgumentException)
        {
            throw new ImageDecodeException(e.Message, e);
        }
    }
}
