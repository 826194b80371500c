using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Data;
using BlazorMedia.Features.Account;
using BlazorMedia.Features.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Server time of one page of /files (the catalog query behind it) in a folder of 100,000 files next to the
/// same queries in a folder of 1,000 files of the same database, in one run; plus SQLite's plan for each, so a
/// figure is never read without knowing whether an index served it.</summary>
internal static class LibraryBench
{
    private const string Large = "library/large", Small = "library/small";

    public static async Task<int> RunAsync(int samples)
    {
        await using var bench = await BenchApp.StartAsync("library");
        var factory = bench.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>();
        await SeedAsync(factory, Small, 1_000);
        await SeedAsync(factory, Large, 100_000);
        await using var scope = bench.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<MediaLibraryService>();
        var admin = Caller.Operator;

        var scenarios = new (string Name, Func<string, int, LibraryQuery> Query)[]
        {
            ("first page by name", (f, _) => new LibraryQuery(f)),
            ("last page by name", (f, n) => new LibraryQuery(f, Skip: n - 50)),
            ("largest first", (f, _) => new LibraryQuery(f, Sort: LibrarySort.Size, Descending: true)),
            ("newest first", (f, _) => new LibraryQuery(f, Sort: LibrarySort.Modified, Descending: true)),
            ("by type", (f, _) => new LibraryQuery(f, Sort: LibrarySort.Type)),
            ("search prefix (all folders)", (f, _) => new LibraryQuery(f, Search: f == Large ? "large-09999" : "small-00099")),
        };
        Console.WriteLine($"| query (SQLite, {samples} samples each) | p50 @1k ms | p50 @100k ms | p95 @1k ms | p95 @100k ms | p50 100k/1k |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, query) in scenarios)
        {
            var small = await MeasureAsync(samples, () => library.ListAsync(admin, query(Small, 1_000)));
            var large = await MeasureAsync(samples, () => library.ListAsync(admin, query(Large, 100_000)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {small.P50:0.00} | {large.P50:0.00} | {small.P95:0.00} | {large.P95:0.00} | {large.P50 / small.P50:0.00}× |"));
        }

        Console.WriteLine();
        Console.WriteLine("SQLite plans (EXPLAIN QUERY PLAN of the page query):");
        await using var db = await factory.CreateDbContextAsync();
        foreach (var (name, query) in scenarios)
        {
            var q = query(Large, 100_000);
            var sql = PageSql(db, q);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            var steps = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
            Console.WriteLine($"  {name}: {string.Join("; ", steps)}");
        }
        return 0;
    }

    /// <summary>The same query shape the service sends, with its parameters inlined for EXPLAIN.</summary>
    private static string PageSql(MediaDbContext db, LibraryQuery q)
    {
        var files = db.StoredFiles.AsNoTracking();
        if (q.Search is { } prefix)
        {
            var upper = prefix[..^1] + (char)(prefix[^1] + 1);
            files = files.Where(f => string.Compare(f.SearchName, prefix) >= 0 && string.Compare(f.SearchName, upper) < 0);
        }
        else files = files.Where(f => f.Folder == q.Folder);
        files = (q.Sort, q.Descending) switch
        {
            (LibrarySort.Size, true) => files.OrderByDescending(f => f.Size).ThenByDescending(f => f.Id),
            (LibrarySort.Modified, true) => files.OrderByDescending(f => f.CreatedUtc).ThenByDescending(f => f.Id),
            (LibrarySort.Type, false) => files.OrderBy(f => f.ContentType).ThenBy(f => f.Id),
            _ => files.OrderBy(f => f.SearchName).ThenBy(f => f.Id),
        };
        var sql = files.Skip(q.Skip).Take(q.Take).ToQueryString();
        // ToQueryString declares parameters first (".param set"); EXPLAIN needs the statement alone with values.
        var lines = sql.Split('\n');
        var statement = string.Join('\n', lines.SkipWhile(l => l.StartsWith(".param", StringComparison.Ordinal) || l.Trim().Length == 0));
        foreach (var line in lines.Where(l => l.StartsWith(".param set", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', 4);
            statement = statement.Replace(parts[2], parts[3].Trim(), StringComparison.Ordinal);
        }
        return statement;
    }

    private static async Task SeedAsync(IDbContextFactory<MediaDbContext> factory, string folder, int count)
    {
        var stem = folder.Split('/')[^1];
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var done = 0; done < count;)
        {
            await using var db = await factory.CreateDbContextAsync();
            var batch = Math.Min(5_000, count - done);
            for (var i = done; i < done + batch; i++)
                db.StoredFiles.Add(new StoredFile
                {
                    Name = $"{folder}/{stem}-{i:D6}.pdf", Size = 1_000 + i * 7 % 100_000, ContentType = i % 3 == 0 ? "application/pdf" : "text/plain",
                    Sha256 = new string('a', 64), OriginalName = $"{stem}-{i}.pdf", CreatedUtc = start.AddMinutes(i),
                });
            await db.SaveChangesAsync();
            done += batch;
        }
    }

    private static async Task<(double P50, double P95)> MeasureAsync(int samples, Func<Task<LibraryPage>> query)
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
