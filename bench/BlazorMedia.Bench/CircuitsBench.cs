using System.Globalization;
using System.Net.Http.Json;
using BlazorMedia.Tests.Infrastructure;

/// <summary>bench/circuits.sh: server memory per idle circuit on /profiles (a full page of the profile grid, 1,000
/// profiles seeded) against the app's most trivial page, /not-found (heading, text, one button, same layout), each
/// measured in a fresh app process so no disconnected circuit lingers between measurements, kinds interleaved.
/// Memory is read by the opt-in /_diagnostics/memory after a forced compacting GC (managed heap, and RSS);
/// per circuit = (with N+1 circuits − with 1 circuit) / N.</summary>
internal static class CircuitsBench
{
    private const int Batch = 8;

    private static readonly (string Label, string Path, int Seed, string Ready)[] Pages =
    [
        ("/profiles (20 rows of 1,000)", "/profiles", 1000, "a.profile-link"),
        ("peer: /not-found (trivial page, same layout)", "/not-found", 0, "h1"),
    ];

    public static async Task<int> RunAsync(int circuits, int rounds)
    {
        // 200 pages in a handful of renderer processes: the browser's memory is not what is measured, and one
        // process per page would not fit beside the app on a shared machine.
        await using var browser = await BenchBrowser.LaunchAsync("--renderer-process-limit=8");
        var managed = Pages.ToDictionary(p => p.Path, _ => new List<double>());
        var rss = Pages.ToDictionary(p => p.Path, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
            foreach (var (_, path, seed, ready) in Pages)
            {
                var (m, r) = await MeasureAsync(browser, path, seed, ready, circuits);
                managed[path].Add(m);
                rss[path].Add(r);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {path} managed {m:0.0} KB rss {r:0.0} KB per circuit"));
            }

        var peer = Pages[1].Path;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median of {rounds} rounds, {circuits} idle circuits per measurement, KB per circuit after a forced compacting GC"));
        Console.WriteLine();
        Console.WriteLine("| page | managed KB/circuit | RSS KB/circuit | managed vs trivial page |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (label, path, _, _) in Pages)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {Stats.Median(managed[path]):0.0} | {Stats.Median(rss[path]):0.0} | {Stats.Median(managed[path]) / Stats.Median(managed[peer]):0.00}× |"));
        return 0;
    }

    private static async Task<(double ManagedKb, double RssKb)> MeasureAsync(BenchBrowser browser, string path, int seed, string ready, int circuits)
    {
        await using var app = AppProcess.Create(new Dictionary<string, string?>
        {
            ["Diagnostics__MemoryEndpoint"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        if (seed > 0 && (await app.RunVerbAsync("seed-profiles", seed.ToString(CultureInfo.InvariantCulture))).ExitCode != 0)
            throw new InvalidOperationException($"seed-profiles failed:\n{app.Log}");
        app.Start();
        await app.WaitHealthyAsync();
        // The diagnostic is for administrators only (it forces a blocking GC).
        using var http = HttpAccounts.CreateClient(new Uri(app.BaseUrl));
        await HttpAccounts.SignInAsAdministratorAsync(http);
        var context = await browser.Browser.NewContextAsync();
        try
        {
            await OpenAsync(context, app, path, ready); // the first circuit pays for JIT, caches and pools: not per circuit
            var before = await http.GetFromJsonAsync<Memory>("/_diagnostics/memory");
            // Opened in batches of 8 (one per renderer process) to shorten the run; the
            // figure is read only after every page is up, so how they were opened does not enter it.
            for (var opened = 0; opened < circuits; opened += Batch)
                await Task.WhenAll(Enumerable.Range(0, Math.Min(Batch, circuits - opened)).Select(_ => OpenAsync(context, app, path, ready)));
            var after = await http.GetFromJsonAsync<Memory>("/_diagnostics/memory");
            await GcDumpAsync(app, path, circuits);
            return ((after!.ManagedBytes - before!.ManagedBytes) / 1024.0 / circuits, (after.RssBytes - before.RssBytes) / 1024.0 / circuits);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>With CIRCUITS_GCDUMP=FOLDER, a heap snapshot of the app with every circuit open is written there
    /// (`dotnet-gcdump` must be on PATH; `dotnet-gcdump report FILE` lists the types that hold the memory): the way
    /// to learn which components a page's circuits keep.</summary>
    private static async Task GcDumpAsync(AppProcess app, string path, int circuits)
    {
        if (Environment.GetEnvironmentVariable("CIRCUITS_GCDUMP") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{path.Trim('/')}-{circuits}-{DateTime.UtcNow:HHmmss}.gcdump"));
        using var gcdump = System.Diagnostics.Process.Start("dotnet-gcdump", ["collect", "-p", app.Pid.ToString(CultureInfo.InvariantCulture), "-o", file]);
        await gcdump.WaitForExitAsync();
        Console.Error.WriteLine(gcdump.ExitCode == 0 ? $"heap snapshot: {file}" : $"dotnet-gcdump failed ({gcdump.ExitCode}) for {file}");
    }

    /// <summary>Opens one more page and waits until its circuit is up and its content rendered (the grid's rows).</summary>
    private static async Task OpenAsync(Microsoft.Playwright.IBrowserContext context, AppProcess app, string path, string ready)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + path);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.Locator(ready).First.WaitForAsync();
    }

    private sealed record Memory(long ManagedBytes, long RssBytes);
}
