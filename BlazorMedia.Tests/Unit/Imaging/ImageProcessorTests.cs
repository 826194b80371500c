using System.Text;
using BlazorMedia.Imaging;
using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Tests.Imaging;

public sealed class ImageProcessorTests
{
    private readonly ImageProcessor _processor = new();

    [Fact]
    public void Load_HandWrittenExif_LibvipsSeesOrientationAndGps()
    {
        // Guards the fixture: if libvips did not read our EXIF, the stripping tests below would prove nothing.
        using var load = new VipsCall("jpegload_buffer").Set("buffer", TestImages.JpegWithExifOrientation6AndGps(120, 80)).Build();
        using var image = load.GetImage("out");

        image.GetInt("orientation").ShouldBe(6);
        image.GetFields().ShouldContain(f => f.StartsWith("exif-ifd3-GPSLatitude", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_ExifOrientation6_DimensionsSwapped()
    {
        var result = _processor.Normalize(
            ImageSource.FromMemory(TestImages.JpegWithExifOrientation6AndGps(120, 80)), ImageLimits.Avatar);

        result.Info.ShouldBe(new ImageInfo("image/jpeg", ".jpg", 80, 120, 1));
        using var load = new VipsCall("jpegload_buffer").Set("buffer", result.Bytes).Build();
        using var image = load.GetImage("out");
        (image.Width, image.Height).ShouldBe((80, 120));
    }

    [Fact]
    public void Normalize_ExifWithGps_NoMetadataLeft()
    {
        var result = _processor.Normalize(
            ImageSource.FromMemory(TestImages.JpegWithExifOrientation6AndGps(120, 80)), ImageLimits.Avatar);

        using var load = new VipsCall("jpegload_buffer").Set("buffer", result.Bytes).Build();
        using var image = load.GetImage("out");
        image.GetFields().ShouldNotContain(f => f.StartsWith("exif", StringComparison.Ordinal)
            || f == "orientation" || f == "xmp-data" || f == "icc-profile-data");
        Encoding.Latin1.GetString(result.Bytes).ShouldNotContain("Exif");
    }

    [Theory]
    [InlineData("jpeg", "jpegsave_buffer", "jpegload_buffer")]
    [InlineData("webp", "webpsave_buffer", "webpload_buffer")]
    [InlineData("png", "pngsave_buffer", "pngload_buffer")]
    public void Normalize_ExifInAnyFormat_NoMetadataLeft(string kind, string saver, string loader)
    {
        // Re-save the EXIF-bearing JPEG's pixels and metadata as each format, without strip.
        using var source = new VipsCall("jpegload_buffer").Set("buffer", TestImages.JpegWithExifOrientation6AndGps(40, 20)).Build();
        using var sourceImage = source.GetImage("out");
        using var save = new VipsCall(saver).Set("in", sourceImage).Build();
        var bytes = save.GetBlob("buffer");

        var result = _processor.Normalize(ImageSource.FromMemory(bytes), ImageLimits.General);

        result.Info.Extension.ShouldBe(kind == "jpeg" ? ".jpg" : "." + kind);
        using var load = new VipsCall(loader).Set("buffer", result.Bytes).Build();
        using var image = load.GetImage("out");
        image.GetFields().ShouldNotContain(f => f.StartsWith("exif", StringComparison.Ordinal) || f == "orientation",
            string.Join(",", image.GetFields()));
    }

    [Theory]
    [InlineData("jpeg", "image/jpeg", 0xFF)]
    [InlineData("png", "image/png", 0x89)]
    [InlineData("webp", "image/webp", (byte)'R')]
    [InlineData("gif", "image/gif", (byte)'G')]
    public void Normalize_EachFormat_SameFamilyAndSize(string kind, string type, byte firstByte)
    {
        var result = _processor.Normalize(
            ImageSource.FromMemory(ImageInspectorTests.Make(kind, 90, 60)), ImageLimits.General);

        result.Info.ContentType.ShouldBe(type);
        (result.Info.Width, result.Info.Height).ShouldBe((90, 60));
        result.Bytes[0].ShouldBe(firstByte);
    }

    [Fact]
    public void Normalize_SpooledFile_SameResultAsMemory()
    {
        var bytes = TestImages.JpegWithExifOrientation6AndGps(64, 32);
        using var file = new TempFile(bytes);

        var fromFile = _processor.Normalize(ImageSource.FromFile(file.Path), ImageLimits.General);

        fromFile.Info.ShouldBe(new ImageInfo("image/jpeg", ".jpg", 32, 64, 1));
    }

    [Fact]
    public void Normalize_AnimatedGif_KeepsFirstFrame()
    {
        var result = _processor.Normalize(ImageSource.FromMemory(TestImages.GifWithFrames(3)), ImageLimits.General);

        result.Info.ShouldBe(new ImageInfo("image/gif", ".gif", 1, 1, 1));
    }

    [Fact]
    public void Normalize_PixelBomb_RefusedLikeInspect()
    {
        var e = Should.Throw<ImageRejectedException>(() => _processor.Normalize(
            ImageSource.FromMemory(TestImages.PngHeader(100_000, 100_000)), ImageLimits.General));

        e.Message.ShouldBe("is 100000×100000 pixels; the largest side allowed is 8192");
    }

    [Fact]
    public void Normalize_Truncated_RefusedAsCorrupt()
    {
        var e = Should.Throw<ImageRejectedException>(() => _processor.Normalize(
            ImageSource.FromMemory(TestImages.Truncated(TestImages.Jpeg(400, 400))), ImageLimits.General));

        e.Message.ShouldStartWith("is truncated or corrupt (");
    }
}
