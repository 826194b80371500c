using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Imaging;

// One measured pass of ThumbnailGenerator over every JPEG in a folder, as bench/thumbnails.sh runs it once per
// round. Prints one machine-readable line: "ours files=N seconds=S vmhwm_kb=K".
// Usage: BlazorMedia.Bench <corpus-dir> <out-dir> <size>
//        BlazorMedia.Bench profiles [samples]   (bench/profiles.sh)
//        BlazorMedia.Bench bombs [samples]      (bench/bombs.sh)
//        BlazorMedia.Bench files [samples]      (bench/files.sh)
//        BlazorMedia.Bench uploads [rounds] [MiB] [signalr-MiB]   (bench/uploads.sh)
//        BlazorMedia.Bench upload-memory [rounds] [MiB] [MiB]     (bench/upload-memory.sh)
//        BlazorMedia.Bench circuits [circuits] [rounds]           (bench/circuits.sh)
if (args is ["bombs", ..])
    return await BombsBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50);
if (args is ["files", ..])
    return await FilesBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100);
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
if (args is ["uploads", ..])
    return await UploadsBench.RunAsync(Arg(1, 5), Arg(2, 256), Arg(3, 64));
if (args is ["upload-memory", ..])
    return await UploadMemoryBench.RunAsync(Arg(1, 5), Arg(2, 1024), Arg(3, 4096));
if (args is ["circuits", ..])
    return await CircuitsBench.RunAsync(Arg(1, 200), Arg(2, 5));
if (args is ["profiles", ..])
    return await ProfilesBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: BlazorMedia.Bench <corpus-dir> <out-dir> <size>");
    return 2;
}
var files = Directory.GetFiles(args[0], "*.jpg").Order(StringComparer.Ordinal).ToArray();
var outDir = args[1];
var alias = new ThumbnailAlias("bench", int.Parse(args[2], CultureInfo.InvariantCulture));
var generator = new ThumbnailGenerator();
Directory.CreateDirectory(outDir);

// Warm-up on the smallest file: JIT and libvips start-up are not what we compare (vipsthumbnail is native).
generator.Generate(ImageSource.FromFile(Path.GetFullPath(files[0])), alias);

var clock = Stopwatch.StartNew();
foreach (var file in files)
{
    var webp = generator.Generate(ImageSource.FromFile(Path.GetFullPath(file)), alias);
    File.WriteAllBytes(Path.Combine(outDir, Path.GetFileNameWithoutExtension(file) + ".webp"), webp);
}
clock.Stop();

// VmHWM: the process's peak resident set, the same quantity /usr/bin/time reports as "Maximum resident set size".
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
    .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ours files={files.Length} seconds={clock.Elapsed.TotalSeconds:0.000} vmhwm_kb={hwm}"));
return 0;
