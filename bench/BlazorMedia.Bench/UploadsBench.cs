using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>bench/uploads.sh: a large report through the real UI (Chromium chooses the file on /profiles/new, the
/// drop zone streams it, Save stores and fsyncs it) against the Django peer (the same Chromium posting the same file
/// to a FileField form, <see cref="DjangoPeer"/>), a raw streaming POST of the same file to a minimal Kestrel endpoint
/// that writes and fsyncs it, and dd writing as many bytes with fdatasync on the same disk, interleaved round by
/// round; plus InputFile over SignalR (the threshold raised above the file) against a raw POST of the same smaller
/// file.</summary>
internal static class UploadsBench
{
    public static async Task<int> RunAsync(int rounds, int bigMiB, int signalrMiB)
    {
        using var dir = new TempDirectory("bm-bench-uploads");
        var big = WriteDocument(dir.Combine($"report-{bigMiB}mib.pdf"), bigMiB * (1L << 20), sparse: false);
        var small = WriteDocument(dir.Combine($"report-{signalrMiB}mib.pdf"), signalrMiB * (1L << 20), sparse: false);
        var warm = WriteDocument(dir.Combine("warm-up.pdf"), 8L << 20, sparse: false);

        var limit = (Math.Max(bigMiB, signalrMiB) + 1L) << 20;
        await using var streaming = await StartAppAsync(limit, threshold: null);
        await using var signalr = await StartAppAsync(limit, threshold: long.MaxValue);
        await using var raw = await RawUploadServer.StartAsync(dir.Combine("raw"));
        await using var django = await DjangoPeer.StartAsync(dir.Combine("django"));
        await using var browser = await BenchBrowser.LaunchAsync();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var loadBefore = LoadAverage();

        // Warm-up (JIT, first circuit, first SQLite write, gunicorn's workers): not measured.
        await raw.PostAsync(http, warm);
        await UiAsync(browser, streaming, warm);
        await UiAsync(browser, signalr, warm);
        await django.UploadAsync(browser, http, warm);
        await django.UploadAsync(browser, http, warm);

        var times = new Dictionary<string, List<double>>
        {
            ["raw-big"] = [], ["ui-big"] = [], ["django-big"] = [], ["dd-big"] = [], ["raw-small"] = [], ["signalr-small"] = [],
        };
        for (var round = 1; round <= rounds; round++)
        {
            times["raw-big"].Add(await raw.PostAsync(http, big));
            times["ui-big"].Add(await UiAsync(browser, streaming, big));
            times["django-big"].Add(await django.UploadAsync(browser, http, big));
            // On the app's media disk: the physical reference for writing and flushing the same bytes.
            times["dd-big"].Add(await DdReference.WriteAsync(streaming.MediaRoot, bigMiB));
            times["raw-small"].Add(await raw.PostAsync(http, small));
            times["signalr-small"].Add(await UiAsync(browser, signalr, small));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: raw {times["raw-big"][^1]:0.00}s ui {times["ui-big"][^1]:0.00}s django {times["django-big"][^1]:0.00}s dd {times["dd-big"][^1]:0.00}s raw-small {times["raw-small"][^1]:0.00}s signalr {times["signalr-small"][^1]:0.00}s"));
        }

        double Median(string key) => Stats.Median(times[key]);
        double Rate(string key, int mib) => mib * 1.048576 / Median(key); // MB/s (10^6 bytes)
        string Row(string what, string key, int mib, string target) => string.Create(CultureInfo.InvariantCulture,
            $"| {what} | {mib} MiB | {Median(key):0.00} | {Rate(key, mib):0} | {Median("django-big") / Median(key):0.00}× | {Median("dd-big") / Median(key):0.00}× | {Median("raw-big") / Median(key):0.00}× | {target} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of {rounds} interleaved rounds, timed from choosing the file to the saved page (UI, Django) or to the response (raw POST), or dd's whole run; the app, the raw POST and dd flush to disk, Django does not. Load average (1 min) {loadBefore} before, {LoadAverage()} after, on {Environment.ProcessorCount} cores"));
        Console.WriteLine();
        Console.WriteLine("| transport | file | median s | MB/s | vs Django | vs dd | vs raw POST | target |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Row("UI: drop zone → streaming POST, then Save (Chromium)", "ui-big", bigMiB, "≥ 1.2× Django, ≥ 0.8× dd"));
        Console.WriteLine(Row("peer: Django 3.2 + gunicorn (2 sync workers), FileField form (Chromium)", "django-big", bigMiB, ""));
        Console.WriteLine(Row("peer: raw streaming POST to Kestrel (write + fsync, HttpClient)", "raw-big", bigMiB, ""));
        Console.WriteLine(Row("reference: dd if=/dev/zero bs=1M conv=fdatasync, same disk", "dd-big", bigMiB, ""));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| peer: raw streaming POST to Kestrel (write + fsync) | {signalrMiB} MiB | {Median("raw-small"):0.00} | {Rate("raw-small", signalrMiB):0} | | | 1.00× | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| UI: InputFile over SignalR (threshold raised), then Save | {signalrMiB} MiB | {Median("signalr-small"):0.00} | {Rate("signalr-small", signalrMiB):0} | | | {Median("raw-small") / Median("signalr-small"):0.00}× | reference |"));
        return 0;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>The app on a free port with the report limit raised for the bench; <paramref name="threshold"/>
    /// null keeps the default streaming threshold, <c>long.MaxValue</c> sends everything over SignalR.</summary>
    internal static Task<AppProcess> StartAppAsync(long maxDocumentSize, long? threshold, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Uploads__MaxDocumentSize"] = maxDocumentSize.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            // Transport, not quotas: a 4 GiB upload is over the default 1 GiB a day per user.
            ["Uploads__PerUser__BytesPerDay"] = "0",
            ["Uploads__PerUser__StorageQuota"] = "0",
        };
        if (threshold is { } t) settings["Uploads__StreamingThreshold"] = t.ToString(CultureInfo.InvariantCulture);
        foreach (var (k, v) in more ?? new Dictionary<string, string?>()) settings[k] = v;
        return AppProcess.StartAsync(settings);
    }

    /// <summary>One user upload: a fresh page, the file chosen, accepted, saved. Returns seconds from choosing the
    /// file to the saved profile's page; the profile is deleted afterwards (untimed) so the disk does not fill.</summary>
    internal static async Task<double> UiAsync(BenchBrowser browser, AppProcess app, string path)
    {
        var page = await browser.OpenEditorAsync(app.BaseUrl, "Bench " + Path.GetFileNameWithoutExtension(path));
        try
        {
            var clock = Stopwatch.StartNew();
            await BenchBrowser.UploadReportAndSaveAsync(page, path);
            var seconds = clock.Elapsed.TotalSeconds;
            await BenchBrowser.DeleteShownProfileAsync(page);
            return seconds;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A PDF the Report field accepts: the magic bytes, then random bytes (incompressible), or a hole when
    /// <paramref name="sparse"/> (gigabytes that take no disk and that no client holds in memory).</summary>
    internal static string WriteDocument(string path, long size, bool sparse)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write("%PDF-1.7\n"u8);
        if (sparse)
        {
            file.SetLength(size);
            return path;
        }
        var chunk = new byte[1 << 20];
        var random = new Random(1);
        while (file.Length < size)
        {
            random.NextBytes(chunk);
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, size - file.Length));
        }
        return path;
    }
}

/// <summary>The peer: the least an ASP.NET Core server can do with an upload (stream the body to a file, fsync it),
/// in this process, on a free loopback port.</summary>
internal sealed class RawUploadServer(WebApplication app, string baseUrl) : IAsyncDisposable
{
    public static async Task<RawUploadServer> StartAsync(string dir)
    {
        Directory.CreateDirectory(dir);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(url).ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        app.MapPost("/raw", async (HttpContext context) =>
        {
            var path = Path.Combine(dir, Guid.NewGuid().ToString("N"));
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await context.Request.Body.CopyToAsync(file, 64 * 1024, context.RequestAborted);
                file.Flush(flushToDisk: true);
            }
            File.Delete(path);
            return Results.Ok();
        });
        await app.StartAsync();
        return new RawUploadServer(app, url);
    }

    /// <summary>Streams the file from disk as the request body; returns seconds to the response.</summary>
    public async Task<double> PostAsync(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var response = await http.PostAsync($"{baseUrl}/raw", new StreamContent(file, 64 * 1024));
        response.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
