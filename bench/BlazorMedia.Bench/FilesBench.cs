using System.Diagnostics;
using System.Globalization;
using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using BlazorMedia.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Server time of one page of /files (the catalog queries behind it: the kept count, then the keyset seeks)
/// in a folder of 100,000 files next to the same queries in a folder of 1,000 files of the same database, in one run;
/// plus SQLite's plan of every statement sent, so a figure is never read without knowing whether an index served it.</summary>
internal static class FilesBench
{
    internal const string Large = "files/large", Small = "files/small";

    public static async Task<int> RunAsync(int samples)
    {
        await using var bench = await BenchApp.StartAsync("files");
        var factory = bench.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>();
        await SeedAsync(factory, Small, 1_000);
        await SeedAsync(factory, Large, 100_000);
        await using var scope = bench.Services.CreateAsyncScope();
        var files = scope.ServiceProvider.GetRequiredService<FilesService>();
        var admin = Caller.Operator;

        var scenarios = await ScenariosAsync(factory, files);

        Console.WriteLine($"| query (SQLite, {samples} samples each) | p50 @1k ms | p50 @100k ms | p95 @1k ms | p95 @100k ms | p50 100k/1k | p95 100k/1k |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, query) in scenarios)
        {
            var small = await MeasureAsync(samples, () => files.ListAsync(admin, query(Small)));
            var large = await MeasureAsync(samples, () => files.ListAsync(admin, query(Large)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {small.P50:0.00} | {large.P50:0.00} | {small.P95:0.00} | {large.P95:0.00} | {large.P50 / small.P50:0.00}× | {large.P95 / small.P95:0.00}× |"));
        }

        Console.WriteLine();
        Console.WriteLine("SQLite plans (EXPLAIN QUERY PLAN of every statement the service sent for the 100k page, captured as sent):");
        using var capture = new CommandCapture();
        await using var explainDb = await factory.CreateDbContextAsync();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)explainDb.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var (name, query) in scenarios)
        {
            var sent = await capture.CaptureAsync(() => files.ListAsync(admin, query(Large)));
            Console.WriteLine($"  {name}:");
            foreach (var (sql, parameters) in sent)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "EXPLAIN QUERY PLAN " + sql;
                foreach (var (parameter, value) in parameters) command.Parameters.AddWithValue(parameter, value ?? DBNull.Value);
                var steps = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync())
                    while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
                Console.WriteLine($"    {string.Join("; ", steps)}");
            }
        }
        return 0;
    }

    /// <summary>Every kind of page /files asks for, as a query on a folder (<see cref="Small"/> or <see cref="Large"/>),
    /// with the anchors of "next after the middle" taken from the seeded rows.</summary>
    internal static async Task<List<(string Name, Func<string, FileQuery> Query)>> ScenariosAsync(
        IDbContextFactory<MediaDbContext> factory, FilesService files)
    {
        var admin = Caller.Operator;
        // The anchor of "next after the middle": the row in the middle of the folder in that order, as a page shows it.
        async Task<FileItem> MiddleAsync(string folder, FileSort sort, bool descending)
        {
            await using var db = await factory.CreateDbContextAsync();
            var n = (int)await db.FolderCounts.Where(c => c.Path == folder).Select(c => c.FileCount).SingleAsync();
            var rows = db.StoredFiles.AsNoTracking().Where(f => f.Folder == folder);
            var ordered = (sort, descending) switch
            {
                (FileSort.Size, true) => rows.OrderByDescending(f => f.Size).ThenByDescending(f => f.Id),
                (FileSort.Modified, true) => rows.OrderByDescending(f => f.CreatedUtc).ThenByDescending(f => f.Id),
                (FileSort.Type, false) => rows.OrderBy(f => f.ContentType).ThenBy(f => f.Id),
                _ => rows.OrderBy(f => f.SearchName).ThenBy(f => f.Id),
            };
            var id = await ordered.Skip(n / 2).Select(f => f.Id).FirstAsync();
            return (await files.GetAsync(admin, id))!;
        }

        var scenarios = new List<(string Name, Func<string, FileQuery> Query)>();
        var anchors = new Dictionary<(string, FileSort, bool), FileItem>();
        foreach (var folder in new[] { Small, Large })
            foreach (var (sort, descending) in new[] { (FileSort.Name, false), (FileSort.Size, true), (FileSort.Modified, true), (FileSort.Type, false) })
                anchors[(folder, sort, descending)] = await MiddleAsync(folder, sort, descending);
        FileQuery Next(string f, FileSort sort, bool descending) =>
            new(f, Sort: sort, Descending: descending, Page: FilePaging.Next, Anchor: anchors[(f, sort, descending)]);
        scenarios.Add(("first page by name", f => new FileQuery(f)));
        scenarios.Add(("next page after the middle, by name", f => Next(f, FileSort.Name, false)));
        scenarios.Add(("last page by name", f => new FileQuery(f, Page: FilePaging.Last)));
        scenarios.Add(("previous page before the middle, by name", f => Next(f, FileSort.Name, false) with { Page = FilePaging.Previous }));
        scenarios.Add(("largest first", f => new FileQuery(f, Sort: FileSort.Size, Descending: true)));
        scenarios.Add(("largest first, next after the middle", f => Next(f, FileSort.Size, true)));
        scenarios.Add(("newest first", f => new FileQuery(f, Sort: FileSort.Modified, Descending: true)));
        scenarios.Add(("newest first, next after the middle", f => Next(f, FileSort.Modified, true)));
        scenarios.Add(("by type", f => new FileQuery(f, Sort: FileSort.Type)));
        scenarios.Add(("by type, next after the middle (2 types: long ties)", f => Next(f, FileSort.Type, false)));
        scenarios.Add(("by type, last page", f => new FileQuery(f, Sort: FileSort.Type, Page: FilePaging.Last)));
        scenarios.Add(("search prefix (all folders)", f => new FileQuery(f, Search: f == Large ? "large-09999" : "small-00099")));
        scenarios.Add(("search prefix, count capped (matches whole folder)", f => new FileQuery(f, Search: f == Large ? "large-" : "small-")));

        return scenarios;
    }

    internal static async Task SeedAsync(IDbContextFactory<MediaDbContext> factory, string folder, int count)
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

    private static async Task<(double P50, double P95)> MeasureAsync(int samples, Func<Task<FileListPage>> query)
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

/// <summary>Records the commands EF sends (its DiagnosticSource events) while a call runs, with their parameters, so
/// the plans printed are those of the statements the service really sends.</summary>
internal sealed class CommandCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private List<(string Sql, List<(string Name, object? Value)> Parameters)>? _sent;

    public CommandCapture() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public async Task<List<(string Sql, List<(string Name, object? Value)> Parameters)>> CaptureAsync(Func<Task> call)
    {
        _sent = [];
        await call();
        var result = _sent;
        _sent = null;
        return result;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name) _listeners.Add(value.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (_sent is not null && value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data)
            _sent.Add((data.Command.CommandText,
                data.Command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        foreach (var listener in _listeners) listener.Dispose();
        _subscription.Dispose();
    }
}
