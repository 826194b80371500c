using System.Globalization;
using BlazorMedia.Tests.Infrastructure;

/// <summary>bench/upload-memory.sh: the app's resident memory while Chromium streams a 1 GiB and a 4 GiB report
/// through the real UI and Save stores it. Peak = the larger of VmHWM (reset before each upload by writing 5 to
/// /proc/PID/clear_refs) and VmRSS sampled every 10 ms; growth = peak − VmRSS just before the upload. The files are
/// sparse (no disk, and the browser streams them from disk rather than holding them).</summary>
internal static class UploadMemoryBench
{
    private const long GiB = 1L << 30;

    /// <param name="smallMiB">The smaller upload (1024 for the 1 GiB).</param>
    /// <param name="largeMiB">The larger upload (4096 for the 4 GiB).</param>
    public static async Task<int> RunAsync(int rounds, int smallMiB, int largeMiB)
    {
        long[] sizes = [smallMiB * (1L << 20), largeMiB * (1L << 20)];
        using var dir = new TempDirectory("bm-bench-upload-memory");
        // Spool (temp) + stored copy of the largest file must fit at once, with room to spare for everyone else.
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;
        var needed = 2 * sizes.Max() + 2 * GiB;
        if (free < needed)
        {
            Console.Error.WriteLine($"upload-memory: {free / GiB} GiB free under {Path.GetTempPath()}, {needed / GiB} GiB needed; not run.");
            return 1;
        }
        var files = sizes.ToDictionary(s => s, s => UploadsBench.WriteDocument(dir.Combine($"report-{Size(s)}.pdf"), s, sparse: true));
        var warm = UploadsBench.WriteDocument(dir.Combine("warm-up.pdf"), 64L << 20, sparse: true);

        await using var app = await UploadsBench.StartAppAsync(sizes.Max() + (1L << 20), threshold: null);
        await using var browser = await BenchBrowser.LaunchAsync();
        await UploadsBench.UiAsync(browser, app, warm); // JIT and first-use allocations are not upload growth

        var growth = sizes.ToDictionary(s => s, _ => new List<double>());
        var idle = sizes.ToDictionary(s => s, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
            foreach (var size in sizes)
            {
                var page = await browser.OpenEditorAsync(app.BaseUrl, $"Memory {Size(size)}");
                var before = ProcStatus.ReadKb(app.Pid, "VmRSS");
                var peakWasReset = ProcStatus.ResetPeak(app.Pid);
                using var stop = new CancellationTokenSource();
                var sampler = ProcStatus.SampleMaxRssAsync(app.Pid, stop.Token);
                double peak;
                try
                {
                    await BenchBrowser.UploadReportAndSaveAsync(page, files[size]);
                    await stop.CancelAsync();
                    peak = Math.Max(await sampler, peakWasReset ? ProcStatus.ReadKb(app.Pid, "VmHWM") : 0);
                    await BenchBrowser.DeleteShownProfileAsync(page);
                }
                finally
                {
                    await stop.CancelAsync();
                    await page.Context.CloseAsync();
                }
                idle[size].Add(before / 1024.0);
                growth[size].Add((peak - before) / 1024.0);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {Size(size)} idle {before / 1024.0:0.0} MB peak {peak / 1024.0:0.0} MB"));
            }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of {rounds} rounds ({Size(sizes[0])} and {Size(sizes[1])} interleaved), UI upload (streaming POST) + Save, server RSS in MiB"));
        Console.WriteLine();
        Console.WriteLine("| upload | RSS before | growth at peak | target |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var size in sizes)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Size(size)} | {Stats.Median(idle[size]):0.0} | {Stats.Median(growth[size]):0.0} | ≤ 32, same for both |"));
        var difference = Math.Abs(Stats.Median(growth[sizes[1]]) - Stats.Median(growth[sizes[0]]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Size(sizes[1])} − {Size(sizes[0])} | | {difference:0.0} | ≈ 0 |"));
        return 0;
    }

    private static string Size(long bytes) => bytes % GiB == 0 ? $"{bytes / GiB} GiB" : $"{bytes >> 20} MiB";
}

/// <summary>Reads a process's memory figures from /proc/PID/status (kB).</summary>
internal static class ProcStatus
{
    public static long ReadKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }

    /// <summary>Resets VmHWM to the current RSS (Linux ≥ 4.0). False when not allowed: then only the sampled maximum
    /// counts, as VmHWM would still hold the warm-up's peak.</summary>
    public static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cannot reset VmHWM ({e.Message}); using sampled VmRSS only");
            return false;
        }
    }

    /// <summary>Largest VmRSS seen every 10 ms until cancelled.</summary>
    public static async Task<long> SampleMaxRssAsync(int pid, CancellationToken cancellationToken)
    {
        var max = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            do max = Math.Max(max, ReadKb(pid, "VmRSS"));
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) { }
        return Math.Max(max, ReadKb(pid, "VmRSS"));
    }
}
