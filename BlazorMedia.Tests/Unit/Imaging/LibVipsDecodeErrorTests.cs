using BlazorMedia.Imaging;
using BlazorMedia.Imaging.LibVips;
using NetVips;

namespace BlazorMedia.Tests.Imaging;

/// <summary>libvips has one error buffer per process: a refusal must not carry what another upload's decode logged
/// meanwhile, nor any server path.</summary>
public sealed class LibVipsDecodeErrorTests
{
    [Fact]
    public void DecodeError_OtherFormatsLinesInTheSharedBuffer_LeftOut()
    {
        var e = new VipsException("unable to call pngload_buffer\nVipsJpeg: Corrupt JPEG data: premature end of data segment\npngload_buffer: libpng read error");

        var error = LibVipsEngine.DecodeError(e, ImageSource.FromMemory(new byte[] { 1 }), ImageFormat.Png);

        error.Message.ShouldBe("pngload_buffer: libpng read error");
    }

    [Fact]
    public void DecodeError_OnlyAnotherFormatsLines_TheFormatsOwnPlainReason()
    {
        var e = new VipsException("unable to call pngload\nVipsJpeg: Premature end of input file");

        LibVipsEngine.DecodeError(e, ImageSource.FromMemory(new byte[] { 1 }), ImageFormat.Png).Message.ShouldBe("the PNG decoder refused it");
    }

    [Fact]
    public void DecodeError_AnotherUploadsSpoolPath_NeverShown()
    {
        var e = new VipsException("VipsJpeg: /var/tmp/bm-spool/other-user-upload.tmp: Premature end of input file");

        LibVipsEngine.DecodeError(e, ImageSource.FromMemory(new byte[] { 1 }), ImageFormat.Jpeg).Message
            .ShouldBe("VipsJpeg: input: Premature end of input file");
    }
}
