using System.Globalization;
using BlazorMedia.Commands;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>PostgreSQL's plans of the keyset-paging and search queries of /files and /profiles at 100,000 rows: the
/// app on a private PostgreSQL 15 (the tests' own server), 100,000 files in one folder (and 1,000 in another) and
/// 100,000 profiles, then every statement the services send for each kind of page, captured as sent and run again
/// under <c>EXPLAIN (ANALYZE, COSTS OFF)</c> with its parameters. A plan that reads one of the 100,000-row tables by a
/// sequential scan, or walks an index discarding 10,000 rows or more by filter (an index scan that is not a seek), is
/// marked, and the run fails (exit 1) if any does. <c>FolderCounts</c> and <c>Folders</c> hold a few rows here: the
/// planner rightly reads their one page.</summary>
internal static partial class PostgresPlansBench
{
    [System.Text.RegularExpressions.GeneratedRegex(@"Rows Removed by Filter: (\d+)")]
    private static partial System.Text.RegularExpressions.Regex RemovedByFilter();

    public static async Task<int> RunAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        try
        {
            var connectionString = await server.CreateDatabaseAsync("bench");
            await using var bench = await BenchApp.StartAsync("pgplans", new Dictionary<string, string?>
            {
                ["Database:Provider"] = DatabaseOptions.PostgreSql,
                ["ConnectionStrings:PostgreSQL"] = connectionString,
            });
            var factory = bench.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>();
            await FilesBench.SeedAsync(factory, FilesBench.Small, 1_000);
            await FilesBench.SeedAsync(factory, FilesBench.Large, 100_000);
            await SeedProfilesCommand.SeedAsync(factory, 100_000, CancellationToken.None);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            // What autovacuum would do in time: statistics for the planner, and the visibility map for index-only scans.
            await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection)) await vacuum.ExecuteNonQueryAsync();
            await using (var version = new NpgsqlCommand("SHOW server_version", connection))
                Console.WriteLine($"PostgreSQL {await version.ExecuteScalarAsync()}: 100,000 files in '{FilesBench.Large}', 1,000 in '{FilesBench.Small}', 100,000 profiles");

            await using var scope = bench.Services.CreateAsyncScope();
            var files = scope.ServiceProvider.GetRequiredService<FilesService>();
            var profiles = scope.ServiceProvider.GetRequiredService<ProfileService>();
            var admin = Caller.Operator;
            var pages = new List<(string Name, Func<Task> Call)>();
            foreach (var (name, query) in await FilesBench.ScenariosAsync(factory, files))
                pages.Add(($"/files: {name}", () => files.ListAsync(admin, query(FilesBench.Large))));
            var middle = await profiles.ListAsync(null, ProfileSort.Name, false, 50_000, 20);
            var middleByDate = await profiles.ListAsync(null, ProfileSort.Created, true, 50_000, 20);
            pages.Add(("/profiles: first page by name", () => profiles.ListAsync(null, ProfileSort.Name, false, 0, 20)));
            pages.Add(("/profiles: next page after the middle, by name", () => profiles.ListAsync(null, ProfileSort.Name, false, 50_020, 20, middle)));
            pages.Add(("/profiles: previous page before the middle, by name", () => profiles.ListAsync(null, ProfileSort.Name, false, 49_980, 20, middle)));
            pages.Add(("/profiles: last page by name", () => profiles.ListAsync(null, ProfileSort.Name, false, 99_980, 20)));
            pages.Add(("/profiles: newest first", () => profiles.ListAsync(null, ProfileSort.Created, true, 0, 20)));
            pages.Add(("/profiles: newest first, next after the middle", () => profiles.ListAsync(null, ProfileSort.Created, true, 50_020, 20, middleByDate)));
            pages.Add(("/profiles: search prefix 'ada lovelace 1'", () => profiles.ListAsync("Ada Lovelace 1", ProfileSort.Name, false, 0, 20)));
            pages.Add(("/profiles: search prefix 'a' (many matches)", () => profiles.ListAsync("a", ProfileSort.Name, false, 0, 20)));

            using var capture = new CommandCapture();
            var sequential = 0;
            foreach (var (name, call) in pages)
            {
                Console.WriteLine();
                Console.WriteLine($"== {name}");
                foreach (var (sql, parameters) in await capture.CaptureAsync(call))
                {
                    await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + sql, connection);
                    foreach (var (parameter, value) in parameters) command.Parameters.AddWithValue(parameter, value ?? DBNull.Value);
                    var plan = new List<string>();
                    await using (var reader = await command.ExecuteReaderAsync())
                        while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
                    var seq = plan.Any(l => l.Contains("Seq Scan on \"StoredFiles\"", StringComparison.Ordinal)
                        || l.Contains("Seq Scan on \"Profiles\"", StringComparison.Ordinal)
                        || (RemovedByFilter().Match(l) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= 10_000));
                    if (seq) sequential++;
                    Console.WriteLine($"  {sql.ReplaceLineEndings(" ")}");
                    foreach (var line in plan) Console.WriteLine($"    {line}");
                    if (seq) Console.WriteLine("    ^^ NOT A SEEK: a sequential scan of a large table, or an index walked and filtered");
                }
            }
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pages.Count} pages, {(sequential == 0 ? "every statement on the large tables is an index seek" : $"{sequential} statement(s) not a seek")}"));
            return sequential == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.DisposeAsync();
        }
    }
}
