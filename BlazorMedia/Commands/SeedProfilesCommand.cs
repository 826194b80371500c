using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Features.Profiles;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Commands;

/// <summary><c>seed-profiles COUNT</c>: inserts demo profiles in batches (names only, no files), so paging, sorting
/// and search can be tried and measured at 100,000 rows.</summary>
internal static class SeedProfilesCommand
{
    private static readonly string[] First =
        ["Ada", "Grace", "Alan", "Katherine", "Edsger", "Barbara", "Donald", "Margaret", "Linus", "Radia", "Ken", "Frances",
         "Dennis", "Hedy", "Tim", "Sophie", "John", "Adele", "Niklaus", "Anita", "Guido", "Jean", "Bjarne", "Karen"];

    private static readonly string[] Last =
        ["Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Torvalds", "Perlman",
         "Thompson", "Allen", "Ritchie", "Lamarr", "Berners-Lee", "Wilson", "McCarthy", "Goldberg", "Wirth", "Borg",
         "van Rossum", "Sammet", "Stroustrup", "Spärck Jones"];

    public const string Usage = "seed-profiles COUNT   add COUNT demo profiles (names only), for trying paging and search at scale";

    public static async Task<VerbOutcome> RunAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        if (!CommandLine.TryParseCount(args, out var count) || args.Length > 1)
        {
            console.Error.WriteLine(args.Length > 1
                ? $"seed-profiles: unexpected argument '{args[1]}'; give only the number of profiles to add, e.g. `seed-profiles 100000`."
                : "seed-profiles: give the number of profiles to add, e.g. `seed-profiles 100000`.");
            return new(2, null);
        }
        var factory = services.GetRequiredService<IDbContextFactory<MediaDbContext>>();
        var added = await console.TrackAsync("profiles", progress =>
        {
            progress.Report(0, count);
            return SeedAsync(factory, count, new InlineProgress<int>(done => progress.Report(done, count)), cancellationToken);
        });
        return new(0, Summary(added, console.Elapsed));
    }

    internal static string Summary(int added, TimeSpan elapsed) => $"seed-profiles: added {VerbText.Count(added)} profiles in {VerbText.Seconds(elapsed)}";

    public static Task<int> SeedAsync(IDbContextFactory<MediaDbContext> factory, int count, CancellationToken cancellationToken) =>
        SeedAsync(factory, count, progress: null, cancellationToken);

    /// <summary><paramref name="progress"/> hears the number added so far after each batch is saved.</summary>
    public static async Task<int> SeedAsync(IDbContextFactory<MediaDbContext> factory, int count, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        const int batch = 1000; // one save and one progress step per thousand: the bar moves, the inserts stay batched
        var now = DateTime.UtcNow;
        var random = new Random(20261122);
        for (var done = 0; done < count; done += batch)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var n = Math.Min(batch, count - done);
            for (var i = 0; i < n; i++)
            {
                var name = $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]} {random.Next(1, 100_000)}";
                var created = now.AddSeconds(-(done + i));
                db.Profiles.Add(new Profile
                {
                    Name = name, SearchName = SearchText.Fold(name), CreatedUtc = created, UpdatedUtc = created, Version = Guid.NewGuid(),
                });
            }
            await db.SaveChangesAsync(cancellationToken);
            progress?.Report(done + n);
        }
        return count;
    }
}
