using BlazorMedia.Imaging;

namespace BlazorMedia.Tests.Imaging;

/// <summary>Thumbnails (<see cref="ThumbnailGenerator"/>), on every engine.</summary>
public abstract partial class ImagingContractTests
{
    public static TheoryData<string, int, int, int> Inputs() => new()
    {
        { "jpeg", 640, 300, 64 },
        { "jpeg", 300, 900, 256 },
        { "png", 500, 120, 64 },
        { "webp", 100, 700, 256 },
        { "gif", 50, 20, 64 }, // upscaled: aliases promise an exact size
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Generate_NonSquareInput_WebpOfExactAliasSize(string kind, int width, int height, int size)
    {
        var alias = size == 64 ? ThumbnailAlias.Small : ThumbnailAlias.Medium;

        var webp = _generator.Generate(ImageSource.FromMemory(Make(kind, width, height)), alias, General);

        "RIFF"u8.SequenceEqual(webp.AsSpan(0, 4)).ShouldBeTrue();
        "WEBP"u8.SequenceEqual(webp.AsSpan(8, 4)).ShouldBeTrue();
        using var image = Decoded.Load(webp, "webpload_buffer");
        (image.Width, image.Height).ShouldBe((size, size));
    }

    [Fact]
    public void Generate_ExifRotatedSpooledFile_SquareWithoutMetadata()
    {
        using var file = new TempFile(TestImages.JpegWithExifOrientation6AndGps(400, 200));

        var webp = _generator.Generate(ImageSource.FromFile(file.Path), ThumbnailAlias.Small, General);

        using var image = Decoded.Load(webp, "webpload_buffer");
        (image.Width, image.Height).ShouldBe((64, 64));
        image.GetFields().ShouldNotContain(f => f.StartsWith("exif", StringComparison.Ordinal) || f == "orientation",
            string.Join(",", image.GetFields()));
    }

    [Fact]
    public void Generate_Svg_RefusedBeforeLibvips()
    {
        Should.Throw<ImageRejectedException>(
            () => _generator.Generate(ImageSource.FromMemory(TestImages.SvgWithScript()), ThumbnailAlias.Small, General))
            .Message.ShouldBe("is not an image of an accepted type (JPEG, PNG, WebP, GIF)");
    }

    [Fact]
    public void Generate_PixelBomb_RefusedFromHeader()
    {
        Should.Throw<ImageRejectedException>(
            () => _generator.Generate(ImageSource.FromMemory(TestImages.PngHeader(100_000, 100_000)), ThumbnailAlias.Small, General))
            .Message.ShouldBe("is 100000×100000 pixels; the largest side allowed is 8192");
    }

    [Theory]
    [InlineData("Small")]
    [InlineData("../x")]
    [InlineData("")]
    public void ThumbnailAlias_UnsafeName_Throws(string name)
    {
        Should.Throw<ArgumentException>(() => new ThumbnailAlias(name, 64));
    }

    [Fact]
    public void Generate_ExifOrientation6_ThumbnailTurned()
    {
        var webp = _generator.Generate(ImageSource.FromMemory(TestImages.JpegWithMarkedCorner(400, 200, 6)), ThumbnailAlias.Medium, General);

        // The 200×400 upright picture's top-right quarter is white; the centre crop keeps its top and bottom thirds'
        // middle, so the white is still in the upper right.
        Decoded.BrightCorner(webp).ShouldBe("top-right");
    }

    [Theory]
    [InlineData("small")]
    [InlineData("medium")]
    public void Generate_EveryAlias_ExactSizeWithoutMetadata(string name)
    {
        var alias = ThumbnailAlias.All.Single(a => a.Name == name);

        var webp = _generator.Generate(ImageSource.FromMemory(TestImages.JpegWithExifOrientation6AndGps(300, 500)), alias, General);

        using var image = Decoded.Load(webp, "webpload_buffer");
        (image.Width, image.Height).ShouldBe((alias.Size, alias.Size));
        image.GetFields().ShouldNotContain(f => f.StartsWith("exif", StringComparison.Ordinal) || f == "orientation"
            || f == "xmp-data" || f == "icc-profile-data");
    }

    [Fact]
    public void Generate_TruncatedSpooledFile_RefusedAsCorrupt()
    {
        using var file = new TempFile(TestImages.Truncated(TestImages.Jpeg(600, 400)));

        Should.Throw<ImageRejectedException>(() => _generator.Generate(ImageSource.FromFile(file.Path), ThumbnailAlias.Small, General))
            .Message.ShouldStartWith("is truncated or corrupt (");
    }

    [Fact]
    public void Generate_Truncated_RefusedAsCorrupt()
    {
        Should.Throw<ImageRejectedException>(() => _generator.Generate(
                ImageSource.FromMemory(TestImages.Truncated(TestImages.Jpeg(600, 400))), ThumbnailAlias.Small, General))
            .Message.ShouldStartWith("is truncated or corrupt (");
    }
}
