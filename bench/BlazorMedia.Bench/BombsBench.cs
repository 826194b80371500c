using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Imaging;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Uploads;
using Microsoft.Extensions.DependencyInjection;

/// <summary>How fast and how cheaply the upload service refuses decompression bombs and forged headers (spooling +
/// validation, as an upload from the editor), next to accepting an ordinary 1 MP JPEG in the same run.
/// Memory is the process's peak resident set (VmHWM) after all refusals, minus the resident set before them.</summary>
internal static class BombsBench
{
    public static async Task<int> RunAsync(ImagingEngine engine, int samples)
    {
        await using var bench = await BenchApp.StartAsync("bombs", new Dictionary<string, string?> { ["Imaging:Engine"] = engine.ToString() });
        var app = bench.App;
        await using var scope = app.Services.CreateAsyncScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var avatar = scope.ServiceProvider.GetRequiredService<UploadFields>().Avatar;

        var bombs = new (string Name, byte[] Bytes)[]
        {
            ("PNG declaring 100000×100000", TestImages.PngHeader(100_000, 100_000)),
            ("PNG declaring 1×500000000", TestImages.PngHeader(1, 500_000_000)),
            ("JPEG with forged 60000×60000 SOF", TestImages.JpegWithForgedSize(60_000, 60_000)),
            ("GIF with 10,000 frames", TestImages.GifWithFrames(10_000)),
        };
        var photo = TestImages.Jpeg(1200, 900); // about 1 MP

        // Warm-up: JIT and libvips start-up are not what is measured.
        await RefuseAsync(uploads, avatar, bombs[0].Bytes);
        await using (await uploads.ReceiveAsync(new MemoryStream(photo), "warm.jpg", avatar, BlazorMedia.Security.Caller.Operator)) { }

        GC.Collect();
        var rssBefore = Status("VmRSS:");
        var rows = new List<string>();
        foreach (var (name, bytes) in bombs)
        {
            var times = new double[samples];
            for (var i = 0; i < samples; i++) times[i] = await RefuseAsync(uploads, avatar, bytes);
            rows.Add(Row($"refuse {name} ({bytes.Length:N0} B)", times, "< 50 ms"));
        }
        var hwmAfterRefusals = Status("VmHWM:");
        var growthKb = hwmAfterRefusals - rssBefore;

        var accept = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await using (await uploads.ReceiveAsync(new MemoryStream(photo), "photo.jpg", avatar, BlazorMedia.Security.Caller.Operator)) { }
            accept[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Console.WriteLine($"Imaging:Engine={engine}");
        Console.WriteLine();
        Console.WriteLine($"| upload ({samples} samples each, 1 core busy at most) | p50 ms | p95 ms | target |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine(Row($"peer: accept an ordinary 1 MP JPEG ({photo.Length:N0} B, decoded and re-encoded)", accept, null));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Peak resident growth during all refusals: {growthKb / 1024.0:0.0} MB (VmHWM after them {hwmAfterRefusals / 1024.0:0.0} MB - VmRSS before {rssBefore / 1024.0:0.0} MB); target < 20 MB: {(growthKb < 20 * 1024 ? "met" : "NOT met")}"));
        return 0;
    }

    private static async Task<double> RefuseAsync(UploadService uploads, UploadField field, byte[] bytes)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await using (await uploads.ReceiveAsync(new MemoryStream(bytes), "bomb.png", field, BlazorMedia.Security.Caller.Operator)) { }
        }
        catch (UploadRejectedException)
        {
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        throw new InvalidOperationException("a bomb was accepted: the benchmark (or the validation) is wrong");
    }

    private static string Row(string label, double[] times, string? target)
    {
        Array.Sort(times);
        var p50 = times[times.Length / 2];
        var p95 = times[(int)Math.Ceiling(times.Length * 0.95) - 1];
        var verdict = target is null ? "reference" : $"{target}: {(p95 < 50 ? "met" : "NOT met")}";
        return string.Create(CultureInfo.InvariantCulture, $"| {label} | {p50:0.00} | {p95:0.00} | {verdict} |");
    }

    private static long Status(string field) => long.Parse(
        File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
