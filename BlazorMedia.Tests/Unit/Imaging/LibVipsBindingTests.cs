using BlazorMedia.Imaging.Native;

namespace BlazorMedia.Tests.Imaging;

/// <summary>Each P/Invoke and the operation-call plumbing, exercised once against the real libvips.so.42.</summary>
public sealed class LibVipsBindingTests
{
    [Fact]
    public void EnsureInitialised_LoadsNoOptionalModules_NoSecondSqliteInProcess()
    {
        Vips.EnsureInitialised();

        // Modules (heif, magick, poppler…) would drag the system libsqlite3 into the global symbol scope, where it
        // corrupts EF's bundled SQLite; they also parse formats we never accept.
        var mapped = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]).ToHashSet();
        mapped.ShouldNotContain(m => m.Contains("vips-modules", StringComparison.Ordinal));
        mapped.ShouldNotContain(m => m.Contains("libsqlite3", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_BlackImage_ReportsWidthHeightBands()
    {
        using var call = new VipsCall("black").Set("width", 30).Set("height", 20).Set("bands", 3).Build();
        using var image = call.GetImage("out");

        (image.Width, image.Height, image.Bands).ShouldBe((30, 20, 3));
    }

    [Fact]
    public void Interpretation_DecodedJpeg_IsSrgb()
    {
        using var load = new VipsCall("jpegload_buffer").Set("buffer", TestImages.Jpeg(8, 8)).Build();
        using var image = load.GetImage("out");

        image.Interpretation.ShouldBe(22); // VIPS_INTERPRETATION_sRGB
    }

    [Fact]
    public void RemoveAllMetadata_CopyWithOrientation_FieldGone()
    {
        using var load = new VipsCall("jpegload_buffer").Set("buffer", TestImages.JpegWithExifOrientation6AndGps(8, 8)).Build();
        using var source = load.GetImage("out");
        using var copy = new VipsCall("copy").Set("in", source).Build();
        using var image = copy.GetImage("out");

        image.RemoveAllMetadata();

        image.GetFields().ShouldNotContain(f => f == "orientation" || f.StartsWith("exif", StringComparison.Ordinal));
        source.GetInt("orientation").ShouldBe(6); // the copy's metadata is its own
    }

    [Fact]
    public void GetDouble_AvgOfBlack_IsZero()
    {
        using var black = new VipsCall("black").Set("width", 8).Set("height", 8).Build();
        using var image = black.GetImage("out");
        using var avg = new VipsCall("avg").Set("in", image).Build();

        avg.GetDouble("out").ShouldBe(0);
    }

    [Fact]
    public void GetBlob_JpegSave_StartsWithJpegMagic()
    {
        var bytes = TestImages.Jpeg(16, 8);

        bytes.AsSpan(0, 3).ToArray().ShouldBe(new byte[] { 0xFF, 0xD8, 0xFF });
    }

    [Fact]
    public void SetBlob_JpegLoadBuffer_ReadsHeader()
    {
        using var load = new VipsCall("jpegload_buffer").Set("buffer", TestImages.Jpeg(40, 24)).Build();
        using var image = load.GetImage("out");

        (image.Width, image.Height).ShouldBe((40, 24));
    }

    [Fact]
    public void SetInt_Orientation_ReadBackAndListedInFields()
    {
        using var black = new VipsCall("black").Set("width", 4).Set("height", 4).Build();
        using var source = black.GetImage("out");
        using var copy = new VipsCall("copy").Set("in", source).Build();
        using var image = copy.GetImage("out");

        image.SetInt("orientation", 6);

        image.GetInt("orientation").ShouldBe(6);
        image.GetFields().ShouldContain("orientation");
    }

    [Fact]
    public void Build_UnknownOperation_ThrowsWithLibvipsMessage()
    {
        var e = Should.Throw<VipsException>(() => new VipsCall("no_such_op"));

        e.Message.ShouldContain("no_such_op");
    }

    [Fact]
    public void Build_CorruptBuffer_ThrowsAndClearsErrorBuffer()
    {
        using var call = new VipsCall("jpegload_buffer").Set("buffer", new byte[] { 0xFF, 0xD8, 0xFF, 0, 1, 2 });

        Should.Throw<VipsException>(() => call.Build()).Message.ShouldNotBeNullOrWhiteSpace();
        Vips.TakeError().ShouldBe("unknown libvips error");
    }

    [Fact]
    public void SetEnum_UnknownNick_Throws()
    {
        using var call = new VipsCall("jpegload_buffer");

        Should.Throw<VipsException>(() => call.SetEnum("access", "sideways"));
    }

    [Theory]
    [InlineData("tiffload_buffer")]
    [InlineData("svgload_buffer")]
    public void Build_BlockedLoader_Refused(string loader)
    {
        using var tiff = new VipsCall("black").Set("width", 4).Set("height", 4).Build();
        using var image = tiff.GetImage("out");
        using var save = new VipsCall("tiffsave_buffer").Set("in", image).Build();
        var bytes = save.GetBlob("buffer");
        VipsCall call;
        try
        {
            call = new VipsCall(loader);
        }
        catch (VipsException)
        {
            return; // not even compiled into this libvips build: refused either way
        }
        using (call)
        {
            call.Set("buffer", bytes);
            Should.Throw<VipsException>(() => call.Build()).Message.ShouldContain("blocked");
        }
    }

    [Fact]
    public void FindLoader_Jpeg_ReturnsJpegBufferLoaderClass()
    {
        Vips.FindLoader(TestImages.Jpeg(4, 4)).ShouldBe("VipsForeignLoadJpegBuffer");
    }

    [Fact]
    public void Build_ThumbnailBufferOfTiff_RefusedBecauseLoaderBlocked()
    {
        using var black = new VipsCall("black").Set("width", 4).Set("height", 4).Build();
        using var image = black.GetImage("out");
        using var save = new VipsCall("tiffsave_buffer").Set("in", image).Build();
        using var thumbnail = new VipsCall("thumbnail_buffer").Set("buffer", save.GetBlob("buffer")).Set("width", 2);

        Should.Throw<VipsException>(() => thumbnail.Build()).Message.ShouldContain("blocked");
    }
}
