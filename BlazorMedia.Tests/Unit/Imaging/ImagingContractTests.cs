using System.Diagnostics;
using BlazorMedia.Imaging;

namespace BlazorMedia.Tests.Imaging;

/// <summary>What every <see cref="IImageEngine"/> must do, checked through the services the app uses
/// (<see cref="ImageInspector"/>, <see cref="ThumbnailGenerator"/>): the same accepted formats, limits and messages,
/// metadata stripped, orientation applied, thumbnails of every alias. An engine's test class derives from this and
/// adds its own tests, as the storage backends do with <c>FileStorageContractTests</c>. Results are read back with
/// libvips (<see cref="Decoded"/>), whichever engine made them.</summary>
public abstract partial class ImagingContractTests
{
    private readonly ImageInspector _inspector;
    private readonly ThumbnailGenerator _generator;

    /// <summary>The app's limits with a decode budget no machine load reaches: these tests check what is decided, not
    /// how fast (the budget has tests of its own, with a budget of one tick). A unit lane on a machine with a load
    /// average of 22 timed out a 100×700 WebP thumbnail against the real 5 s.</summary>
    private static readonly ImageLimits General = ImageLimits.General with { DecodeTimeout = TimeSpan.FromMinutes(2) };

    private static readonly ImageLimits Avatar = ImageLimits.Avatar with { DecodeTimeout = TimeSpan.FromMinutes(2) };

    protected ImagingContractTests(IImageEngine engine)
    {
        _inspector = new ImageInspector(engine);
        _generator = new ThumbnailGenerator(engine, _inspector);
    }

    public static TheoryData<string, int, int, string, string> ValidImages() => new()
    {
        { "jpeg", 1, 1, "image/jpeg", ".jpg" },
        { "jpeg", 640, 480, "image/jpeg", ".jpg" },
        { "jpeg", 300, 2000, "image/jpeg", ".jpg" },
        { "png", 1, 1, "image/png", ".png" },
        { "png", 500, 200, "image/png", ".png" },
        { "webp", 64, 64, "image/webp", ".webp" },
        { "webp", 800, 600, "image/webp", ".webp" },
        { "gif", 10, 30, "image/gif", ".gif" },
        { "gif", 320, 240, "image/gif", ".gif" },
    };

    [Theory]
    [MemberData(nameof(ValidImages))]
    public void Inspect_ValidImageInMemory_ReportsTypeAndSize(string kind, int width, int height, string type, string extension)
    {
        var info = _inspector.Inspect(ImageSource.FromMemory(Make(kind, width, height)), General);

        info.ShouldBe(new ImageInfo(type, extension, width, height, 1));
    }

    [Theory]
    [MemberData(nameof(ValidImages))]
    public void Inspect_ValidImageSpooledToFile_ReportsTypeAndSize(string kind, int width, int height, string type, string extension)
    {
        using var file = new TempFile(Make(kind, width, height));

        var info = _inspector.Inspect(ImageSource.FromFile(file.Path), General);

        info.ShouldBe(new ImageInfo(type, extension, width, height, 1));
    }

    public static TheoryData<string, string> HeaderRefusals() => new()
    {
        { "empty", "is empty" },
        { "text", "is not an image of an accepted type (JPEG, PNG, WebP, GIF)" },
        { "svg", "is not an image of an accepted type (JPEG, PNG, WebP, GIF)" },
        { "png-bomb", "is 100000×100000 pixels; the largest side allowed is 8192" },
        { "png-tall", "is 1×500000000 pixels; the largest side allowed is 8192" },
        { "png-pixels", "is 8000×8000 pixels (64,000,000); at most 40,000,000 pixels are allowed" },
        { "jpeg-forged", "is 65000×65000 pixels; the largest side allowed is 8192" },
        { "jpeg-forged-pixels", "is 8000×6000 pixels (48,000,000); at most 40,000,000 pixels are allowed" },
        { "gif-10000", "has more than 4096 frames; avatars must be a single image" },
    };

    [Theory]
    [MemberData(nameof(HeaderRefusals))]
    public void Inspect_HeaderDetectableBomb_RefusedWithReason(string kind, string reason)
    {
        var e = Should.Throw<ImageRejectedException>(
            () => _inspector.Inspect(ImageSource.FromMemory(Hostile(kind)), Avatar));

        e.Message.ShouldBe(reason);
    }

    [Theory]
    [MemberData(nameof(HeaderRefusals))]
    public void Inspect_HeaderDetectableBomb_RefusedWithin100Ms(string kind, string reason)
    {
        var bytes = Hostile(kind);
        var source = ImageSource.FromMemory(bytes);
        Should.Throw<ImageRejectedException>(() => _inspector.Inspect(source, Avatar)); // warm-up

        var clock = Stopwatch.StartNew();
        Should.Throw<ImageRejectedException>(() => _inspector.Inspect(source, Avatar)).Message.ShouldBe(reason);
        clock.Stop();

        clock.ElapsedMilliseconds.ShouldBeLessThan(100);
    }

    [Fact]
    public void Inspect_ManyFramesUnderGeneralLimits_RefusedWithLimit()
    {
        var e = Should.Throw<ImageRejectedException>(
            () => _inspector.Inspect(ImageSource.FromMemory(TestImages.GifWithFrames(10_000)), General));

        e.Message.ShouldBe("has more than 4096 frames; images may have at most 100");
    }

    [Fact]
    public void Inspect_FewFramesUnderGeneralLimits_ReportsFrameCount()
    {
        var info = _inspector.Inspect(ImageSource.FromMemory(TestImages.GifWithFrames(3)), General);

        info.ShouldBe(new ImageInfo("image/gif", ".gif", 1, 1, 3));
    }

    [Theory]
    [InlineData("jpeg-truncated")]
    [InlineData("png-truncated")]
    [InlineData("png-html")]
    public void Inspect_CorruptData_RefusedAsTruncatedOrCorrupt(string kind)
    {
        var e = Should.Throw<ImageRejectedException>(
            () => _inspector.Inspect(ImageSource.FromMemory(Hostile(kind)), General));

        e.Message.ShouldStartWith("is truncated or corrupt (");
    }

    [Fact]
    public void Inspect_CorruptSpooledFile_MessageDoesNotRevealTempPath()
    {
        using var file = new TempFile(Hostile("jpeg-truncated"));

        var e = Should.Throw<ImageRejectedException>(
            () => _inspector.Inspect(ImageSource.FromFile(file.Path), General));

        e.Message.ShouldNotContain(file.Path);
    }

    [Fact]
    public void Inspect_DecodeOverTimeLimit_RefusedAsTooComplex()
    {
        var limits = General with { DecodeTimeout = TimeSpan.FromTicks(1) };

        var e = Should.Throw<ImageRejectedException>(
            () => _inspector.Inspect(ImageSource.FromMemory(TestImages.Jpeg(2000, 2000)), limits));

        e.Message.ShouldBe("took longer than 0 s to decode; it is too complex to accept");
    }

    [Fact]
    public void Inspect_CancelledToken_ThrowsOperationCanceled()
    {
        Should.Throw<OperationCanceledException>(() => _inspector.Inspect(
            ImageSource.FromMemory(TestImages.Jpeg(2000, 2000)), General, new CancellationToken(true)));
    }

    [Fact]
    public void Inspect_Tiff_NotAnAcceptedType()
    {
        using var black = NetVips.Image.Black(4, 4);

        Should.Throw<ImageRejectedException>(
                () => _inspector.Inspect(ImageSource.FromMemory(black.TiffsaveBuffer()), General))
            .Message.ShouldBe(ImageInspector.NotAcceptedType);
    }

    [Theory]
    [InlineData("relative/photo.jpg")]
    [InlineData("/tmp/photo[shrink=8].jpg")]
    public void FromFile_UnsafePath_Throws(string path)
    {
        Should.Throw<ArgumentException>(() => ImageSource.FromFile(path));
    }

    internal static byte[] Make(string kind, int width, int height) => kind switch
    {
        "jpeg" => TestImages.Jpeg(width, height),
        "png" => TestImages.Png(width, height),
        "webp" => TestImages.Webp(width, height),
        "gif" => TestImages.Gif(width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static byte[] Hostile(string kind) => kind switch
    {
        "empty" => [],
        "text" => TestImages.Text(),
        "svg" => TestImages.SvgWithScript(),
        "png-bomb" => TestImages.PngHeader(100_000, 100_000),
        "png-tall" => TestImages.PngHeader(1, 500_000_000),
        "png-pixels" => TestImages.PngHeader(8000, 8000),
        "jpeg-forged" => TestImages.JpegWithForgedSize(65000, 65000),
        "jpeg-forged-pixels" => TestImages.JpegWithForgedSize(8000, 6000),
        "gif-10000" => TestImages.GifWithFrames(10_000),
        "jpeg-truncated" => TestImages.Truncated(TestImages.Jpeg(512, 512)),
        "png-truncated" => TestImages.Truncated(TestImages.Png(512, 512)),
        "png-html" => TestImages.PngMagicThenHtml(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>A spooled-upload stand-in, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"blazormedia-test-{Guid.NewGuid():N}.upload");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
