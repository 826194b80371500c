using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Imaging;
using BlazorMedia.Imaging.ImageSharp;
using BlazorMedia.Imaging.LibVips;

/// <summary>One pass of the app's <see cref="ThumbnailGenerator"/> (the engine named) over every JPEG in a folder, as
/// bench/thumbnails.sh runs it once per round, inside a process the script times as a whole: start-up, JIT and
/// engine start are part of what is compared, because the target is stated for the whole process. Prints one
/// machine-readable line: "ours engine=E files=N seconds=S vmhwm_kb=K" (seconds = the loop alone, for reference).</summary>
internal static class ThumbnailsBench
{
    public static int Run(ImagingEngine kind, string corpus, string outDir, int size)
    {
        var files = Directory.GetFiles(corpus, "*.jpg").Order(StringComparer.Ordinal).ToArray();
        var alias = new ThumbnailAlias("bench", size);
        IImageEngine engine = kind == ImagingEngine.ImageSharp ? new ImageSharpEngine() : new LibVipsEngine();
        var generator = new ThumbnailGenerator(engine, new ImageInspector(engine));
        // The app's limits, but a 60 s decode budget instead of 5 s: the budget is wall-clock, and on a shared machine
        // a full 24 MP decode (the ImageSharp engine) can pass 5 s and be refused; throughput is what is measured here.
        var limits = ImageLimits.General with { DecodeTimeout = TimeSpan.FromSeconds(60) };
        Directory.CreateDirectory(outDir);

        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var webp = generator.Generate(ImageSource.FromFile(Path.GetFullPath(file)), alias, limits);
            File.WriteAllBytes(Path.Combine(outDir, Path.GetFileNameWithoutExtension(file) + ".webp"), webp);
        }
        clock.Stop();

        // VmHWM: the process's peak resident set, the same quantity /usr/bin/time reports as "Maximum resident set size".
        var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours engine={kind} files={files.Length} seconds={clock.Elapsed.TotalSeconds:0.000} vmhwm_kb={hwm}"));
        return 0;
    }
}
