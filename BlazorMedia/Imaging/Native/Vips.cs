using System.Runtime.InteropServices;

namespace BlazorMedia.Imaging.Native;

/// <summary>Process-wide libvips setup, done once before the first operation, and error retrieval.</summary>
internal static class Vips
{
    /// <summary>Loader classes left usable. Everything else under <c>VipsForeignLoad</c> is blocked, so even if a
    /// caller skipped our magic-byte check, libvips could not be tricked into parsing SVG, PDF, TIFF, HEIF,
    /// ImageMagick formats or its own raw formats from user bytes.</summary>
    internal static readonly string[] AllowedLoaders =
        ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif"];

    private static readonly Lazy<bool> Initialised = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Initialises libvips on first use; throws <see cref="InvalidOperationException"/> when the native
    /// library is missing or fails to start.</summary>
    public static void EnsureInitialised() => _ = Initialised.Value;

    /// <summary>A prefix with no <c>lib/vips-modules-8.x</c> below it (see <see cref="Initialise"/>).</summary>
    internal const string NoModulesHome = "/nonexistent/blazormedia-vipshome";

    private static bool Initialise()
    {
        // vips_init loads every optional module (heif, magick, poppler, openslide, jxl) from VIPSHOME/lib with
        // GModule's default global binding. That puts their dependencies, the system libsqlite3 among them, into the
        // process-wide symbol scope, where lazily bound calls inside EF's bundled e_sqlite3 then resolve: two SQLite
        // copies mixed in one process crash at random. We accept none of those formats (JPEG, PNG, WebP and GIF are
        // in libvips' core), so pointing VIPSHOME at a prefix without modules also removes attack surface.
        // C's getenv does not see Environment.SetEnvironmentVariable, hence setenv; an explicit VIPSHOME is kept.
        LibC.setenv("VIPSHOME", NoModulesHome, overwrite: 0);

        int result;
        try
        {
            result = LibVips.vips_init("blazormedia");
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "libvips.so.42 was not found; install it with `apt-get install -y libvips42`.", e);
        }
        if (result != 0)
            throw new InvalidOperationException($"libvips failed to start: {TakeError()}");

        // Defence in depth: the untrusted flag covers loaders libvips itself marks unsafe (svg, pdf, magick, ...);
        // the class block then narrows what remains to the four formats we accept.
        LibVips.vips_block_untrusted_set(1);
        LibVips.vips_operation_block_set("VipsForeignLoad", 1);
        foreach (var loader in AllowedLoaders)
            LibVips.vips_operation_block_set(loader, 0);

        // Inputs are untrusted and rarely repeat: caching operations would only keep hostile pipelines alive.
        LibVips.vips_cache_set_max(0);
        // The server already runs requests in parallel on 2 cores; one worker thread per operation keeps a single
        // large upload from starving the others and makes the time limit a per-request CPU budget.
        LibVips.vips_concurrency_set(1);
        return true;
    }

    /// <summary>The loader class libvips would pick for <paramref name="bytes"/> (e.g. "VipsForeignLoadJpegBuffer"),
    /// or null. In 8.14 this ignores blocking (the block only bites when the loader is built, and pdfload even
    /// parses before that check), which is why callers sniff magic bytes themselves before any libvips call.</summary>
    public static unsafe string? FindLoader(ReadOnlySpan<byte> bytes)
    {
        EnsureInitialised();
        nint name;
        fixed (byte* p = bytes)
            name = LibVips.vips_foreign_find_load_buffer(p, (nuint)bytes.Length);
        if (name == 0)
        {
            LibVips.vips_error_clear();
            return null;
        }
        return Marshal.PtrToStringUTF8(name); // a static class nickname: not ours to free
    }

    /// <summary>Reads and clears libvips' (process-wide) error buffer, trimmed to one line per message.</summary>
    public static string TakeError()
    {
        var text = Marshal.PtrToStringUTF8(LibVips.vips_error_buffer()) ?? "";
        LibVips.vips_error_clear();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "unknown libvips error" : string.Join("; ", lines.Distinct());
    }
}

internal static partial class LibC
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);
}

/// <summary>A libvips call failed; the message is libvips' own. Converted to <see cref="ImageRejectedException"/>
/// (input problem) or left as a server fault by the callers, who know which it is.</summary>
internal sealed class VipsException(string message) : Exception(message);
