using BlazorMedia.Imaging;
using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Tests.Imaging;

public sealed class ThumbnailGeneratorTests
{
    private readonly ThumbnailGenerator _generator = new();

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

        var webp = _generator.Generate(ImageSource.FromMemory(ImageInspectorTests.Make(kind, width, height)), alias);

        "RIFF"u8.SequenceEqual(webp.AsSpan(0, 4)).ShouldBeTrue();
        "WEBP"u8.SequenceEqual(webp.AsSpan(8, 4)).ShouldBeTrue();
        using var load = new VipsCall("webpload_buffer").Set("buffer", webp).Build();
        using var image = load.GetImage("out");
        (image.Width, image.Height).ShouldBe((size, size));
    }

    [Fact]
    public void Generate_ExifRotatedSpooledFile_SquareWithoutMetadata()
    {
        using var file = new TempFile(TestImages.JpegWithExifOrientation6AndGps(400, 200));

        var webp = _generator.Generate(ImageSource.FromFile(file.Path), ThumbnailAlias.Small);

        using var load = new VipsCall("webpload_buffer").Set("buffer", webp).Build();
        using var image = load.GetImage("out");
        (image.Width, image.Height).ShouldBe((64, 64));
        image.GetFields().ShouldNotContain(f => f.StartsWith("exif", StringComparison.Ordinal) || f == "orientation",
            string.Join(",", image.GetFields()));
    }

    [Fact]
    public void Generate_Svg_RefusedBeforeLibvips()
    {
        Should.Throw<ImageRejectedException>(
            () => _generator.Generate(ImageSource.FromMemory(TestImages.SvgWithScript()), ThumbnailAlias.Small))
            .Message.ShouldBe("is not an image of an accepted type (JPEG, PNG, WebP, GIF)");
    }

    [Fact]
    public void Generate_PixelBomb_RefusedFromHeader()
    {
        Should.Throw<ImageRejectedException>(
            () => _generator.Generate(ImageSource.FromMemory(TestImages.PngHeader(100_000, 100_000)), ThumbnailAlias.Small))
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
}
