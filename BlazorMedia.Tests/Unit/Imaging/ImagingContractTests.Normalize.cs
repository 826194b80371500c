using System.Text;
using BlazorMedia.Imaging;

namespace BlazorMedia.Tests.Imaging;

/// <summary>Re-encoding for storage (<see cref="ImageInspector.Normalize"/>), on every engine.</summary>
public abstract partial class ImagingContractTests
{
    [Fact]
    public void Load_HandWrittenExif_LibvipsSeesOrientationAndGps()
    {
        // Guards the fixture: if libvips did not read our EXIF, the stripping tests below would prove nothing.
        using var image = Decoded.Load(TestImages.JpegWithExifOrientation6AndGps(120, 80));

        Decoded.Orientation(image).ShouldBe(6);
        image.GetFields().ShouldContain(f => f.StartsWith("exif-ifd3-GPSLatitude", StringComparison.Ordinal));
    }

    [Fact]
    public void Normalize_ExifOrientation6_DimensionsSwapped()
    {
        var result = _inspector.Normalize(
            ImageSource.FromMemory(TestImages.JpegWithExifOrientation6AndGps(120, 80)), Avatar);

        result.Info.ShouldBe(new ImageInfo("image/jpeg", ".jpg", 80, 120, 1));
        using var image = Decoded.Load(result.Bytes);
        (image.Width, image.Height).ShouldBe((80, 120));
    }

    [Fact]
    public void Normalize_ExifWithGps_NoMetadataLeft()
    {
        var result = _inspector.Normalize(
            ImageSource.FromMemory(TestImages.JpegWithExifOrientation6AndGps(120, 80)), Avatar);

        using var image = Decoded.Load(result.Bytes);
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
        using var sourceImage = Decoded.Load(TestImages.JpegWithExifOrientation6AndGps(40, 20));
        var bytes = Decoded.Save(sourceImage, saver);

        var result = _inspector.Normalize(ImageSource.FromMemory(bytes), General);

        result.Info.Extension.ShouldBe(kind == "jpeg" ? ".jpg" : "." + kind);
        using var image = Decoded.Load(result.Bytes, loader);
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
        var result = _inspector.Normalize(
            ImageSource.FromMemory(Make(kind, 90, 60)), General);

        result.Info.ContentType.ShouldBe(type);
        (result.Info.Width, result.Info.Height).ShouldBe((90, 60));
        result.Bytes[0].ShouldBe(firstByte);
    }

    [Fact]
    public void Normalize_SpooledFile_SameResultAsMemory()
    {
        var bytes = TestImages.JpegWithExifOrientation6AndGps(64, 32);
        using var file = new TempFile(bytes);

        var fromFile = _inspector.Normalize(ImageSource.FromFile(file.Path), General);

        fromFile.Info.ShouldBe(new ImageInfo("image/jpeg", ".jpg", 32, 64, 1));
    }

    [Fact]
    public void Normalize_AnimatedGif_KeepsFirstFrame()
    {
        var result = _inspector.Normalize(ImageSource.FromMemory(TestImages.GifWithFrames(3)), General);

        result.Info.ShouldBe(new ImageInfo("image/gif", ".gif", 1, 1, 1));
    }

    [Fact]
    public void Normalize_PixelBomb_RefusedLikeInspect()
    {
        var e = Should.Throw<ImageRejectedException>(() => _inspector.Normalize(
            ImageSource.FromMemory(TestImages.PngHeader(100_000, 100_000)), General));

        e.Message.ShouldBe("is 100000×100000 pixels; the largest side allowed is 8192");
    }

    [Fact]
    public void Normalize_Truncated_RefusedAsCorrupt()
    {
        var e = Should.Throw<ImageRejectedException>(() => _inspector.Normalize(
            ImageSource.FromMemory(TestImages.Truncated(TestImages.Jpeg(400, 400))), General));

        e.Message.ShouldStartWith("is truncated or corrupt (");
    }

    [Theory]
    [InlineData(1, 120, 80, "top-left")]
    [InlineData(2, 120, 80, "top-right")]    // mirrored left-right
    [InlineData(3, 120, 80, "bottom-right")] // turned 180°
    [InlineData(4, 120, 80, "bottom-left")]  // mirrored top-bottom
    [InlineData(5, 80, 120, "top-left")]     // transposed
    [InlineData(6, 80, 120, "top-right")]    // turned 90° clockwise
    [InlineData(7, 80, 120, "bottom-right")] // transversed
    [InlineData(8, 80, 120, "bottom-left")]  // turned 90° anticlockwise
    public void Normalize_EachExifOrientation_PixelsTurnedAsExifSays(int orientation, int width, int height, string corner)
    {
        var result = _inspector.Normalize(
            ImageSource.FromMemory(TestImages.JpegWithMarkedCorner(120, 80, orientation)), General);

        (result.Info.Width, result.Info.Height).ShouldBe((width, height));
        Decoded.BrightCorner(result.Bytes).ShouldBe(corner);
    }

    [Theory]
    [InlineData("webp", "webpsave_buffer")]
    [InlineData("png", "pngsave_buffer")]
    public void Normalize_ExifOrientation6InWebpOrPng_Turned(string kind, string saver)
    {
        using var source = Decoded.Load(TestImages.JpegWithMarkedCorner(120, 80, 6));
        var bytes = Decoded.Save(source, saver);

        var result = _inspector.Normalize(ImageSource.FromMemory(bytes), General);

        result.Info.Extension.ShouldBe("." + kind);
        (result.Info.Width, result.Info.Height).ShouldBe((80, 120));
        Decoded.BrightCorner(result.Bytes).ShouldBe("top-right");
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("gif")]
    public void Normalize_TruncatedEachFormat_RefusedAsCorrupt(string kind)
    {
        var e = Should.Throw<ImageRejectedException>(() => _inspector.Normalize(
            ImageSource.FromMemory(TestImages.Truncated(Make(kind, 300, 200))), General));

        e.Message.ShouldStartWith("is truncated or corrupt (");
    }
}
