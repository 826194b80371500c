using NetVips;

namespace BlazorMedia.Imaging.LibVips;

/// <summary>libvips 8.18 through NetVips. Loaders are called by name (the one the magic bytes chose), sequentially
/// where the pipeline allows (least memory), with <c>fail-on=error</c> so truncated data is an error rather than a
/// grey band at the bottom of someone's avatar. Thumbnails shrink while loading: JPEGs by DCT scaling chosen as
/// Pillow's draft mode chooses it (<see cref="JpegDraft"/>), the others through libvips' <c>thumbnail</c>. Every computation runs under a <see cref="DecodeDeadline"/>.</summary>
public sealed partial class LibVipsEngine : IImageEngine
{
    private readonly int _quality;
    private readonly int _thumbnailQuality;

    public LibVipsEngine(ImagingOptions? options = null)
    {
        options ??= new ImagingOptions();
        LibVipsRuntime.EnsureInitialised();
        _quality = options.Quality;
        _thumbnailQuality = options.ThumbnailQuality;
    }

    public ImagingEngine Kind => ImagingEngine.LibVips;

    public ImageHeader ReadHeader(ImageSource source, ImageFormat format)
    {
        try
        {
            using var image = Load(source, format, sequential: true); // loaders are lazy: this reads the header only
            return new ImageHeader(image.Width, image.Height, GetInt(image, "n-pages") ?? 1, GetInt(image, "orientation") ?? 1);
        }
        catch (VipsException e)
        {
            throw DecodeError(e, source, format);
        }
    }

    public void Decode(ImageSource source, ImageFormat format, DecodeBudget budget)
    {
        using var image = Open(source, format, sequential: true);
        using var deadline = new DecodeDeadline(image, budget);
        try
        {
            // avg pulls every pixel of the first frame through the decoder without keeping them: a full decode in
            // one scan line's worth of memory.
            _ = image.Avg();
            deadline.ThrowIfDone();
        }
        catch (VipsException e)
        {
            throw deadline.Failure(e, source, format);
        }
    }

    public (byte[] Bytes, int Width, int Height) Reencode(ImageSource source, ImageFormat format, DecodeBudget budget)
    {
        var image = Open(source, format, sequential: true);
        var orientation = GetInt(image, "orientation") ?? 1;
        if (orientation is >= 2 and <= 8)
        {
            // Rotating reads the source out of order, which a sequential load refuses: reopen with random access
            // (libvips then decodes to memory, or to a temp file over its disc threshold).
            image.Dispose();
            image = Open(source, format, sequential: false);
        }

        var pipeline = new List<Image> { image };
        try
        {
            // Progress signalling must be on before the downstream images exist: they inherit it when built.
            using var deadline = new DecodeDeadline(image, budget);
            try
            {
                var current = image;
                if (orientation is >= 2 and <= 8)
                    current = Add(pipeline, current.Autorot());
                current = Add(pipeline, WithoutMetadata(ToSrgb(pipeline, current)));
                deadline.ThrowIfDone();
                var bytes = Save(current, format);
                deadline.ThrowIfDone();
                return (bytes, current.Width, current.Height);
            }
            catch (VipsException e)
            {
                throw deadline.Failure(e, source, format);
            }
        }
        finally
        {
            for (var i = pipeline.Count - 1; i >= 0; i--)
                pipeline[i].Dispose();
        }
    }

    public byte[] Thumbnail(ImageSource source, ImageFormat format, int size, DecodeBudget budget)
    {
        Image? draft = null;
        Image thumbnail;
        try
        {
            if (format == ImageFormat.Jpeg)
            {
                draft = JpegDraft(source, size);
                thumbnail = draft.ThumbnailImage(size, height: size, crop: Enums.Interesting.Centre);
            }
            else
            {
                // The thumbnail operation picks its loader by sniffing; blocked loaders are skipped, and the inspector
                // has already matched the magic bytes to an accepted format. Fail-on reaches the shrink-on-load decode
                // by a different road for each (8.18: thumbnail_buffer ignores its fail-on argument but honours the
                // loader option string; thumbnail honours the argument but not a [fail_on=…] suffix): without it a
                // truncated image thumbnails without an error.
                thumbnail = source is MemoryImageSource memory
                    ? Image.ThumbnailBuffer(memory.ToArray(), size, optionString: "fail_on=error", height: size, crop: Enums.Interesting.Centre)
                    : Image.Thumbnail(((FileImageSource)source).Path, size, height: size, crop: Enums.Interesting.Centre, failOn: Enums.FailOn.Error);
            }
        }
        catch (VipsException e)
        {
            draft?.Dispose();
            throw DecodeError(e, source, format);
        }
        using (draft)
        using (thumbnail)
        {
            using var deadline = new DecodeDeadline(thumbnail, budget);
            try
            {
                // thumbnail keeps the source's EXIF (orientation included, though the pixels are already upright).
                using var image = WithoutMetadata(thumbnail);
                var webp = image.WebpsaveBuffer(q: _thumbnailQuality, keep: Enums.ForeignKeep.None);
                deadline.ThrowIfDone();
                return webp;
            }
            catch (VipsException e)
            {
                throw deadline.Failure(e, source, format);
            }
        }
    }

    public IReadOnlyList<string> SelfCheck()
    {
        var problems = new List<string>(LibVipsRuntime.Problems(LibVipsRuntime.Loaders()));
        // The flags say what should happen; one real load of each kind says what does.
        using var sample = Image.Black(2, 2, bands: 3);
        foreach (var format in ImageFormat.All)
        {
            try
            {
                using var image = Load(ImageSource.FromMemory(Save(sample, format)), format, sequential: true);
                _ = image.Avg();
            }
            catch (VipsException e)
            {
                problems.Add($"libvips could not read back a {format.Name} it wrote: {Detail(e)}");
            }
        }
        try
        {
            using var tiff = Image.NewFromBuffer(sample.TiffsaveBuffer());
            _ = tiff.Avg();
            problems.Add("libvips decoded a TIFF although every loader but JPEG, PNG, WebP and GIF is blocked.");
        }
        catch (VipsException)
        {
            // Refused, as it must be.
        }
        return problems;
    }

    /// <summary>The libvips failure as an <see cref="ImageDecodeException"/>: libvips' own lines, without the
    /// "unable to call" wrapper and without a spooled file's path (it means nothing to the user and leaks server
    /// layout). libvips keeps one error buffer for the whole process, so an exception also carries what operations
    /// on other threads logged meanwhile (another upload's "VipsJpeg: Corrupt JPEG data…" in a PNG's refusal): only
    /// lines from this format's own loader are kept, and no absolute path survives.</summary>
    internal static ImageDecodeException DecodeError(VipsException e, ImageSource source, ImageFormat format)
    {
        var token = format.Name.ToLowerInvariant(); // the loaders' domains: VipsJpeg, jpegload, pngload, spng, webpload, gifload, nsgif
        var lines = DetailLines(e).Where(line => line.IndexOf(':') is > 0 and var colon
            && line[..colon].Contains(token, StringComparison.OrdinalIgnoreCase));
        var detail = string.Join("; ", lines);
        if (source is FileImageSource file)
            detail = detail.Replace(file.Path, "input", StringComparison.Ordinal);
        detail = AbsolutePath().Replace(detail, "input");
        return new ImageDecodeException(detail.Length > 0 ? detail : $"the {format.Name} decoder refused it", e);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w.])/[^\s:;,""']+")]
    private static partial System.Text.RegularExpressions.Regex AbsolutePath();

    private static IEnumerable<string> DetailLines(VipsException e) => e.Message
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => !line.StartsWith("unable to call ", StringComparison.Ordinal))
        .Distinct();

    private static string Detail(VipsException e) => string.Join("; ", DetailLines(e));

    /// <summary>A JPEG decoded as Pillow's draft mode does it (what Django's thumbnail apps use): at the smallest
    /// DCT scale, 1/2, 1/4 or 1/8, whose shorter side still covers the thumbnail, so the resize that follows starts
    /// from at most twice the pixels it keeps. libvips' own <c>thumbnail</c> stops one scale earlier (it leaves a
    /// factor of two for its resize) and so decodes up to four times the pixels; the DCT scaling is itself an
    /// area average, so the thumbnail loses no sharpness worth that cost. Sequential unless an EXIF orientation asks
    /// for a rotation, which reads out of order.</summary>
    private static Image JpegDraft(ImageSource source, int size)
    {
        int shorter, orientation;
        using (var header = Load(source, ImageFormat.Jpeg, sequential: true))
            (shorter, orientation) = (Math.Min(header.Width, header.Height), GetInt(header, "orientation") ?? 1);
        var shrink = 1;
        while (shrink < 8 && shorter / (shrink * 2) >= size)
            shrink *= 2;
        return Load(source, ImageFormat.Jpeg, sequential: orientation is < 2 or > 8, shrink);
    }

    private static Image Open(ImageSource source, ImageFormat format, bool sequential)
    {
        try
        {
            return Load(source, format, sequential);
        }
        catch (VipsException e)
        {
            throw DecodeError(e, source, format);
        }
    }

    private static Image Load(ImageSource source, ImageFormat format, bool sequential, int jpegShrink = 1)
    {
        var access = sequential ? Enums.Access.Sequential : Enums.Access.Random;
        const Enums.FailOn failOn = Enums.FailOn.Error;
        if (source is MemoryImageSource memory)
        {
            var bytes = memory.ToArray();
            return format.Name switch
            {
                "JPEG" => Image.JpegloadBuffer(bytes, shrink: jpegShrink, access: access, failOn: failOn),
                "PNG" => Image.PngloadBuffer(bytes, access: access, failOn: failOn),
                "WebP" => Image.WebploadBuffer(bytes, access: access, failOn: failOn),
                _ => Image.GifloadBuffer(bytes, access: access, failOn: failOn),
            };
        }
        var path = ((FileImageSource)source).Path;
        return format.Name switch
        {
            "JPEG" => Image.Jpegload(path, shrink: jpegShrink, access: access, failOn: failOn),
            "PNG" => Image.Pngload(path, access: access, failOn: failOn),
            "WebP" => Image.Webpload(path, access: access, failOn: failOn),
            _ => Image.Gifload(path, access: access, failOn: failOn),
        };
    }

    private byte[] Save(Image image, ImageFormat format) => format.Name switch
    {
        "JPEG" => image.JpegsaveBuffer(q: _quality, optimizeCoding: true, keep: Enums.ForeignKeep.None),
        "PNG" => image.PngsaveBuffer(keep: Enums.ForeignKeep.None),
        "WebP" => image.WebpsaveBuffer(q: _quality, keep: Enums.ForeignKeep.None),
        _ => image.GifsaveBuffer(keep: Enums.ForeignKeep.None),
    };

    private static Image ToSrgb(List<Image> pipeline, Image image)
    {
        if (image.Contains("icc-profile-data"))
        {
            try
            {
                // Use the embedded profile to get true sRGB pixels before the profile itself is stripped.
                return Add(pipeline, image.IccTransform("srgb", embedded: true));
            }
            catch (VipsException)
            {
                // A broken profile is not worth refusing the photo for: fall through to a plain conversion.
            }
        }
        return image.Interpretation is Enums.Interpretation.Srgb or Enums.Interpretation.Bw
            or Enums.Interpretation.Rgb16 or Enums.Interpretation.Grey16
            ? image
            : Add(pipeline, image.Colourspace(Enums.Interpretation.Srgb));
    }

    /// <summary>A private copy with every metadata field removed (EXIF, GPS, XMP, IPTC, ICC, orientation, comments);
    /// the core header (size, bands, format, interpretation) is not metadata and stays. Savers are also told to keep
    /// nothing; removing the fields as well means no saver version can write them back.</summary>
    private static Image WithoutMetadata(Image image) => image.Mutate(copy =>
    {
        foreach (var name in copy.GetFields())
            copy.Remove(name);
    });

    private static int? GetInt(Image image, string name) =>
        image.Contains(name) && image.Get(name) is int value ? value : null;

    private static Image Add(List<Image> pipeline, Image image)
    {
        pipeline.Add(image);
        return image;
    }
}
