using NetVips;

namespace BlazorMedia.Imaging.LibVips;

/// <summary>Process-wide libvips setup, done once before the first operation, and the loader allow-list.
/// <para>libvips 8.18 comes bundled in NetVips.Native (one <c>libvips.so.42</c> with its codecs linked in, no
/// modules), so nothing is installed on the machine for images.</para></summary>
internal static class LibVipsRuntime
{
    /// <summary>Loader class prefixes left usable. Every other subclass of <c>VipsForeignLoad</c> is blocked, so even if
    /// a caller skipped our magic-byte check, libvips could not be made to parse TIFF, HEIF/AVIF, SVG, its matrix or
    /// raw formats from user bytes. <c>NetVips.BlockUntrusted</c> alone is not enough in this build: heifload and
    /// matrixload are not marked untrusted, so a text "matrix" file and an AVIF would still decode.</summary>
    internal static readonly string[] AllowedLoaders =
        ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif"];

    /// <summary>The loader operations the engine calls; each must exist and be usable.</summary>
    internal static readonly string[] RequiredLoaders =
        ["jpegload", "jpegload_buffer", "pngload", "pngload_buffer", "webpload", "webpload_buffer", "gifload", "gifload_buffer"];

    private static readonly Lazy<bool> Initialised = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Initialises libvips on first use; throws <see cref="InvalidOperationException"/> when the native
    /// library is missing or fails to start.</summary>
    public static void EnsureInitialised() => _ = Initialised.Value;

    private static bool Initialise()
    {
        if (!ModuleInitializer.VipsInitialized)
            throw new InvalidOperationException(
                $"libvips (NetVips.Native) failed to start: {ModuleInitializer.Exception?.Message ?? "unknown reason"}", ModuleInitializer.Exception);

        // Defence in depth: the untrusted flag covers loaders libvips itself marks unsafe (svg, vips, csv, raw);
        // the class block then narrows what remains to the four formats we accept.
        NetVips.NetVips.BlockUntrusted = true;
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in AllowedLoaders)
            Operation.Block(loader, false);

        // Inputs are untrusted and rarely repeat: caching operations would only keep hostile pipelines alive.
        Cache.Max = 0;
        // The server already runs requests in parallel on 2 cores; one worker thread per operation keeps a single
        // large upload from starving the others and makes the time limit a per-request CPU budget.
        NetVips.NetVips.Concurrency = 1;
        return true;
    }

    /// <summary>Every loader operation libvips has, with its class and whether it is blocked now.</summary>
    public static IReadOnlyList<LoaderState> Loaders()
    {
        EnsureInitialised();
        var loaders = new List<LoaderState>();
        foreach (var nickname in NetVips.NetVips.GetOperations())
        {
            var className = NetVips.NetVips.TypeName(NetVips.NetVips.TypeFind("VipsOperation", nickname));
            if (!className.StartsWith("VipsForeignLoad", StringComparison.Ordinal))
                continue;
            using var operation = Operation.NewFromName(nickname);
            loaders.Add(new LoaderState(nickname, className, operation.GetFlags().HasFlag(Enums.OperationFlags.BLOCKED)));
        }
        return loaders;
    }

    /// <summary>What is wrong with <paramref name="loaders"/>: a loader we call missing or blocked, or any other
    /// loader not blocked. One line each, naming the operation and its class.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyCollection<LoaderState> loaders)
    {
        var problems = new List<string>();
        foreach (var required in RequiredLoaders)
        {
            var loader = loaders.FirstOrDefault(l => l.Nickname == required);
            if (loader is null)
                problems.Add($"libvips has no '{required}' loader, which reading accepted images needs.");
            else if (loader.Blocked)
                problems.Add($"libvips loader '{required}' ({loader.ClassName}) is blocked, but accepted images need it.");
        }
        foreach (var loader in loaders.Where(l => !l.Blocked && !IsAllowed(l.ClassName)))
            problems.Add($"libvips loader '{loader.Nickname}' ({loader.ClassName}) is not blocked: only JPEG, PNG, WebP and GIF may be decoded.");
        return problems;
    }

    private static bool IsAllowed(string className) =>
        AllowedLoaders.Any(prefix => className.StartsWith(prefix, StringComparison.Ordinal));
}

/// <summary>One libvips loader operation: its nickname (<c>tiffload_buffer</c>), class (<c>VipsForeignLoadTiffBuffer</c>)
/// and whether it is blocked.</summary>
internal sealed record LoaderState(string Nickname, string ClassName, bool Blocked);
