using System.Reflection;
using System.Runtime.InteropServices;
using BlazorMedia.Imaging;
using BlazorMedia.Imaging.LibVips;
using NetVips;

namespace BlazorMedia.Tests.Imaging;

/// <summary>The imaging contract on libvips (NetVips 3.2.0, bundled libvips 8.18.7), and what only libvips has: the
/// loader allow-list, the bundled native library.</summary>
public sealed class LibVipsEngineTests() : ImagingContractTests(new LibVipsEngine())
{
    [Fact]
    public void Loaders_AppSetUp_OnlyJpegPngWebpGifUnblocked()
    {
        LibVipsRuntime.EnsureInitialised();

        var unblocked = LibVipsRuntime.Loaders().Where(l => !l.Blocked).Select(l => l.Nickname).Order(StringComparer.Ordinal);

        unblocked.ShouldBe(["gifload", "gifload_buffer", "gifload_source", "jpegload", "jpegload_buffer", "jpegload_source",
            "pngload", "pngload_buffer", "pngload_source", "webpload", "webpload_buffer", "webpload_source"]);
    }

    [Fact]
    public void Loaders_ThisBuild_HasTheLoadersBlockUntrustedMisses()
    {
        // Why BlockUntrusted is not enough: these decode untrusted bytes yet are not flagged untrusted in this build.
        var loaders = LibVipsRuntime.Loaders();

        loaders.ShouldContain(l => l.Nickname == "heifload_buffer");
        loaders.ShouldContain(l => l.Nickname == "matrixload_source");
        loaders.Where(l => l.Nickname is "heifload_buffer" or "matrixload_source").ShouldAllBe(l => l.Blocked);
    }

    [Fact]
    public void SelfCheck_AppSetUp_NoProblems()
    {
        new LibVipsEngine().SelfCheck().ShouldBeEmpty();
    }

    [Fact]
    public void Problems_RequiredLoaderMissing_NamesIt()
    {
        var loaders = AllowedLoaders().Where(l => l.Nickname != "gifload_buffer").ToList();

        LibVipsRuntime.Problems(loaders).ShouldBe(["libvips has no 'gifload_buffer' loader, which reading accepted images needs."]);
    }

    [Fact]
    public void Problems_RequiredLoaderBlocked_NamesIt()
    {
        var loaders = AllowedLoaders().Select(l => l.Nickname == "pngload" ? l with { Blocked = true } : l).ToList();

        LibVipsRuntime.Problems(loaders).ShouldBe(["libvips loader 'pngload' (VipsForeignLoadPngFile) is blocked, but accepted images need it."]);
    }

    [Fact]
    public void Problems_OtherLoaderNotBlocked_NamesIt()
    {
        List<LoaderState> loaders = [.. AllowedLoaders(), new("heifload_buffer", "VipsForeignLoadHeifBuffer", false),
            new("tiffload", "VipsForeignLoadTiffFile", true)];

        LibVipsRuntime.Problems(loaders).ShouldBe(
            ["libvips loader 'heifload_buffer' (VipsForeignLoadHeifBuffer) is not blocked: only JPEG, PNG, WebP and GIF may be decoded."]);
    }

    public static TheoryData<string> RefusedFormats => new() { "tiff", "matrix", "avif", "csv", "ppm" };

    [Theory]
    [MemberData(nameof(RefusedFormats))]
    public void NewFromBuffer_FormatOutsideAllowList_Refused(string kind)
    {
        var bytes = Foreign(kind);

        Should.Throw<VipsException>(() =>
        {
            using var image = Image.NewFromBuffer(bytes);
            _ = image.Avg();
        });
    }

    [Theory]
    [MemberData(nameof(RefusedFormats))]
    public void ThumbnailBuffer_FormatOutsideAllowList_Refused(string kind)
    {
        var bytes = Foreign(kind);

        Should.Throw<VipsException>(() =>
        {
            using var image = Image.ThumbnailBuffer(bytes, 2);
            _ = image.Avg();
        });
    }

    [Theory]
    [InlineData("tiffload_buffer", "tiff")]
    [InlineData("heifload_buffer", "avif")]
    [InlineData("svgload_buffer", "svg")]
    public void Call_BlockedLoaderByName_RefusedAsBlocked(string loader, string kind)
    {
        Should.Throw<VipsException>(() => Operation.Call(loader, Foreign(kind))).Message.ShouldContain("operation is blocked");
    }

    [Fact]
    public void Call_HeifLoaderOnOtherBytes_LibheifParsesBeforeTheBlockBites()
    {
        // Recorded so nobody relies on the block alone: heifload's build hands the bytes to libheif before the
        // blocked flag is checked. The engine never names a loader other than the four; sniffing skips blocked ones.
        Should.Throw<VipsException>(() => Operation.Call("heifload_buffer", Foreign("tiff"))).Message.ShouldContain("heif:");
    }

    [Fact]
    public void NativeLibrary_Bundled_NoSystemLibvipsNoModulesNoSecondSqlite()
    {
        LibVipsRuntime.EnsureInitialised();

        var mapped = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])
            .Where(p => p.StartsWith('/')).ToHashSet();
        // The copy NuGet ships beside the app, not Debian's libvips42 (which may still be installed for vipsthumbnail).
        mapped.Where(p => p.Contains("libvips", StringComparison.Ordinal))
            .ShouldAllBe(p => p.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal));
        mapped.ShouldContain(p => p.EndsWith("/libvips.so.42", StringComparison.Ordinal));
        // Modules (heif, magick, poppler…) would parse formats we never accept and, from Debian's build, drag the
        // system libsqlite3 into the global symbol scope, where it corrupts EF's bundled SQLite.
        mapped.ShouldNotContain(m => m.Contains("vips-modules", StringComparison.Ordinal));
        mapped.ShouldNotContain(m => m.Contains("libsqlite3", StringComparison.Ordinal));
    }

    [Fact]
    public void App_DeclaresNoNativeImportOfLibvips()
    {
        var imports = typeof(IImageEngine).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<DllImportAttribute>()?.Value)
            .Where(library => library is not null && (library.Contains("vips", StringComparison.OrdinalIgnoreCase)
                || library.Contains("glib", StringComparison.OrdinalIgnoreCase) || library.Contains("gobject", StringComparison.OrdinalIgnoreCase)));

        imports.ShouldBeEmpty();
    }

    [Fact]
    public void Decode_CorruptSpooledFile_DetailNamesNoPath()
    {
        using var file = new TempFile(TestImages.Truncated(TestImages.Jpeg(512, 512)));

        var e = Should.Throw<ImageDecodeException>(() => new LibVipsEngine().Decode(
            ImageSource.FromFile(file.Path), ImageFormat.Jpeg, new DecodeBudget(TimeSpan.FromMinutes(2), CancellationToken.None)));

        e.Message.ShouldBe("VipsJpeg: premature end of JPEG image");
    }

    private static List<LoaderState> AllowedLoaders() =>
    [
        new("jpegload", "VipsForeignLoadJpegFile", false), new("jpegload_buffer", "VipsForeignLoadJpegBuffer", false),
        new("pngload", "VipsForeignLoadPngFile", false), new("pngload_buffer", "VipsForeignLoadPngBuffer", false),
        new("webpload", "VipsForeignLoadWebpFile", false), new("webpload_buffer", "VipsForeignLoadWebpBuffer", false),
        new("gifload", "VipsForeignLoadNsgifFile", false), new("gifload_buffer", "VipsForeignLoadNsgifBuffer", false),
    ];

    /// <summary>Files libvips could parse if its loaders were not blocked, written by its own savers where it has one.</summary>
    private static byte[] Foreign(string kind)
    {
        LibVipsRuntime.EnsureInitialised();
        using var black = Image.Black(4, 4, bands: 3);
        return kind switch
        {
            "tiff" => black.TiffsaveBuffer(),
            "avif" => black.HeifsaveBuffer(compression: Enums.ForeignHeifCompression.Av1),
            "matrix" => "2 2\n1 2\n3 4\n"u8.ToArray(),
            "csv" => "1,2\n3,4\n"u8.ToArray(),
            "svg" => TestImages.SvgWithScript(),
            _ => "P3\n1 1\n255\n0 0 0\n"u8.ToArray(),
        };
    }
}
