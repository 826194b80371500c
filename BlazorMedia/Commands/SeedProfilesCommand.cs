using System.Diagnostics;
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

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        if (!CommandLine.TryParseCount(args, out var count))
        {
            Console.Error.WriteLine("seed-profiles: give the number of profiles to add, e.g. `seed-profiles 100000`.");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var added = await SeedAsync(services.GetRequiredService<IDbContextFactory<MediaDbContext>>(), count, cancellationToken);
        Console.WriteLine($"seed-profiles: added {added:N0} profiles in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    public static async Task<int> SeedAsync(IDbContextFactory<MediaDbContext> factory, int count, CancellationToken cancellationToken)
    {
        const int batch = 5000;
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
        }
        return count;
    }
}
