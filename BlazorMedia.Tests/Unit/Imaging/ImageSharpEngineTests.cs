using BlazorMedia.Imaging;
using BlazorMedia.Imaging.ImageSharp;

namespace BlazorMedia.Tests.Imaging;

/// <summary>The imaging contract on ImageSharp 2.1.13, and what only this engine needs: its configuration and
/// allocation limit.</summary>
public sealed class ImageSharpEngineTests() : ImagingContractTests(new ImageSharpEngine())
{
    [Fact]
    public void ConfiguredFormats_Default_ExactlyJpegPngWebpGif()
    {
        new ImageSharpEngine().ConfiguredFormats.Select(f => f.Name).Order(StringComparer.Ordinal)
            .ShouldBe(["GIF", "JPEG", "PNG", "Webp"]);
    }

    [Fact]
    public void SelfCheck_Default_NoProblems()
    {
        new ImageSharpEngine().SelfCheck().ShouldBeEmpty();
    }

    [Fact]
    public void Decode_OverAllocationLimit_RefusedAsDecodeError()
    {
        // 3000×2000 RGB is 18 MB in one buffer: over a 16 MB limit, though the header is within every image limit.
        var engine = new ImageSharpEngine(new ImagingOptions { ImageSharpAllocationLimitMegabytes = 16 });

        Should.Throw<ImageDecodeException>(() => engine.Decode(ImageSource.FromMemory(TestImages.Jpeg(3000, 2000)),
            ImageFormat.Jpeg, new DecodeBudget(TimeSpan.FromSeconds(30), CancellationToken.None)));
    }

    [Theory]
    [InlineData("jpeg", "JPEG data ends before its end-of-image marker")]
    [InlineData("png", "PNG data ends before its IEND chunk")]
    [InlineData("webp", "WebP data is shorter than its RIFF header declares")]
    [InlineData("gif", "GIF data ends inside a block")]
    public void Decode_Truncated_NamesWhatIsMissing(string kind, string detail)
    {
        // ImageSharp 2.1 would decode these without a word, the missing half grey.
        var bytes = TestImages.Truncated(Make(kind, 300, 200));

        Should.Throw<ImageDecodeException>(() => new ImageSharpEngine().Decode(ImageSource.FromMemory(bytes),
            ImageFormat.Detect(bytes)!, new DecodeBudget(TimeSpan.FromMinutes(2), CancellationToken.None))).Message.ShouldBe(detail);
    }
}
