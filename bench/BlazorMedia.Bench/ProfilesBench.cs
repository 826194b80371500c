using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Commands;
using BlazorMedia.Data;
using BlazorMedia.Features.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Server time of the profile list's query (what one page of /profiles costs the server) at 1,000 and
/// 100,000 profiles, in one run: first page, the last page, and a name search. The 1,000-profile figures are the peer.</summary>
internal static class ProfilesBench
{
    private static readonly int[] Sizes = [1_000, 100_000];

    public static async Task<int> RunAsync(int samples)
    {
        await using var bench = await BenchApp.StartAsync("profiles");
        var app = bench.App;
        var factory = app.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>();

        var results = new Dictionary<(string, int), (double P50, double P95)>();
        var seeded = 0;
        foreach (var size in Sizes)
        {
            seeded += await SeedProfilesCommand.SeedAsync(factory, size - seeded, CancellationToken.None);
            await using var scope = app.Services.CreateAsyncScope();
            var profiles = scope.ServiceProvider.GetRequiredService<ProfileService>();
            results[("first page", size)] = await MeasureAsync(samples, () => profiles.ListAsync(null, ProfileSort.Name, false, 0, 20));
            results[("last page", size)] = await MeasureAsync(samples, () => profiles.ListAsync(null, ProfileSort.Name, false, size - 20, 20));
            // Paging on from a deep page, as the grid's Next button does: sought by key from the page shown.
            var middle = await profiles.ListAsync(null, ProfileSort.Name, false, size / 2, 20);
            results[("next page after the middle one", size)] = await MeasureAsync(samples,
                () => profiles.ListAsync(null, ProfileSort.Name, false, size / 2 + 20, 20, middle));
            // The grid's numbered buttons move a few pages from the page shown: sought by key, then 40 rows skipped.
            results[("numbered button 3 pages on from the middle", size)] = await MeasureAsync(samples,
                () => profiles.ListAsync(null, ProfileSort.Name, false, size / 2 + 60, 20, middle));
            results[("numbered button 3 pages back from the middle", size)] = await MeasureAsync(samples,
                () => profiles.ListAsync(null, ProfileSort.Name, false, size / 2 - 60, 20, middle));
            // A jump straight into the middle with no page shown near it pays an OFFSET. The grid has no page-number
            // box, so only a caller of the service (not a user) can ask for it.
            results[("jump to the middle page", size)] = await MeasureAsync(samples, () => profiles.ListAsync(null, ProfileSort.Name, false, size / 2, 20));
            results[("newest first", size)] = await MeasureAsync(samples, () => profiles.ListAsync(null, ProfileSort.Created, true, 0, 20));
            results[("search \"ada lo\"", size)] = await MeasureAsync(samples, () => profiles.ListAsync("ada lo", ProfileSort.Name, false, 0, 20));
        }

        Console.WriteLine($"| query (SQLite, {samples} samples each) | p50 @1k ms | p95 @1k ms | p50 @100k ms | p95 @100k ms | p95 100k/1k | targets: p95 ≤ 20 ms, ≤ 1.5× |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var scenario in results.Keys.Select(k => k.Item1).Distinct())
        {
            var small = results[(scenario, Sizes[0])];
            var large = results[(scenario, Sizes[1])];
            var ratio = large.P95 / small.P95;
            var met = large.P95 <= 20 && ratio <= 1.5 ? "met" : "NOT met";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario} | {small.P50:0.00} | {small.P95:0.00} | {large.P50:0.00} | {large.P95:0.00} | {ratio:0.00}× | {met} |"));
        }
        return 0;
    }

    private static async Task<(double, double)> MeasureAsync(int samples, Func<Task<ProfilePage>> query)
    {
        for (var i = 0; i < 10; i++) await query(); // warm-up: JIT, query compilation, page cache
        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var page = await query();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (page.Items.Count == 0) throw new InvalidOperationException("the query returned nothing: the benchmark is wrong");
        }
        Array.Sort(times);
        return (times[samples / 2], times[(int)Math.Ceiling(samples * 0.95) - 1]);
    }
}
