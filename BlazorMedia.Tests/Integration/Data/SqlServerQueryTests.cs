using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Maintenance;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace BlazorMedia.Tests.Data;

/// <summary>The services run on SQL Server's provider against <see cref="SqlServerCapture"/> (no server): every
/// query they build must translate, and every command they send (EF's and the hand-written SQL alike) must parse as
/// T-SQL with SQL Server's own parser. Each operation runs twice: with nothing found, and with one row found (whose
/// integers are 1,000, so the pagers take their deep-page branches), so both sides of "not found" send their queries.</summary>
public sealed class SqlServerQueryTests(ITestOutputHelper output)
{
    private static readonly Caller Admin = Caller.Operator;
    private static readonly FileItem Anchor = new(7, "docs/m.txt", "docs", "m.txt", 100, "text/plain", null, null,
        new string('a', 64), null, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), null, null) { SortName = "m.txt" };

    private static ProfilePage PageOf(int skip) => new(
        [.. Enumerable.Range(0, 20).Select(i => new ProfileListItem(skip + i + 1, $"P{i}", null, null, DateTime.UtcNow) { SortName = $"p{i:00}" })],
        1000, skip);

    /// <summary>Each operation the services offer that reads or writes the catalog.</summary>
    private static readonly Dictionary<string, Func<ProfileHarness, Task>> Operations = new()
    {
        ["profiles: first page by name"] = h => h.Profiles.ListAsync(null, ProfileSort.Name, false, 0, 20),
        ["profiles: first page newest first"] = h => h.Profiles.ListAsync(null, ProfileSort.Created, true, 0, 20),
        ["profiles: search"] = h => h.Profiles.ListAsync("Ada Lo", ProfileSort.Name, false, 0, 20),
        ["profiles: last page"] = h => h.Profiles.ListAsync(null, ProfileSort.Name, false, 980, 20),
        ["profiles: jump to the middle"] = h => h.Profiles.ListAsync(null, ProfileSort.Created, false, 400, 20),
        ["profiles: next pages by key, by name"] = h => h.Profiles.ListAsync(null, ProfileSort.Name, false, 520, 20, PageOf(500)),
        ["profiles: next pages by key, by name descending"] = h => h.Profiles.ListAsync(null, ProfileSort.Name, true, 520, 20, PageOf(500)),
        ["profiles: next pages by key, by creation"] = h => h.Profiles.ListAsync(null, ProfileSort.Created, false, 520, 20, PageOf(500)),
        ["profiles: previous pages by key, by creation descending"] = h => h.Profiles.ListAsync(null, ProfileSort.Created, true, 460, 20, PageOf(500)),
        ["profiles: previous pages by key, by name"] = h => h.Profiles.ListAsync(null, ProfileSort.Name, false, 460, 20, PageOf(500)),
        ["profiles: details"] = h => h.Profiles.GetAsync(1),
        ["profiles: own profile"] = h => h.Profiles.GetOwnProfileIdAsync(new Caller("user-1", false)),
        ["profiles: report link"] = h => h.Profiles.GetReportLinkAsync(1, Admin),
        ["profiles: create with avatar and report"] = async h => await h.Profiles.SaveAsync(new ProfileEdit
        {
            Name = "Ada", NewAvatar = await h.AvatarAsync(TestImages.Jpeg(32, 32)), NewReport = await h.ReportAsync(),
        }, Admin),
        ["profiles: edit"] = async h => await h.Profiles.SaveAsync(new ProfileEdit { Id = 1, Name = "Ada L", Version = Guid.Empty }, Admin),
        ["profiles: delete"] = h => h.Profiles.DeleteAsync(1, Guid.Empty, Admin),
        ["uploads: a user's avatar, checked against their limits"] = h => h.AvatarAsync(TestImages.Jpeg(32, 32), caller: new Caller("user-1", false)),
        ["library: search, count capped"] = h => h.Library.ListAsync(Admin, new FileQuery("", Search: "Rep")),
        ["library: trash"] = h => h.Library.ListTrashAsync(Admin, 0, 50),
        ["library: one file"] = h => h.Library.GetAsync(Admin, 1),
        ["library: folders"] = h => h.Library.GetFoldersAsync(Admin, "docs"),
        ["library: folder paths"] = h => h.Library.GetFolderPathsAsync(Admin),
        ["library: new folder"] = h => h.Library.CreateFolderAsync(Admin, "docs", "new"),
        ["library: upload"] = h => h.AddLibraryTextAsync("docs", "a.txt"),
        ["library: rename"] = h => h.Library.RenameAsync(Admin, 1, "b.txt"),
        ["library: move"] = h => h.Library.MoveAsync(Admin, 1, "other"),
        ["library: trash a file"] = h => h.Library.TrashAsync(Admin, 1),
        ["library: restore"] = h => h.Library.RestoreAsync(Admin, 1),
        ["library: empty trash"] = h => h.Library.EmptyTrashAsync(Admin),
        ["library: rename folder"] = h => h.Library.RenameFolderAsync(Admin, "docs", "docs2"),
        ["library: move folder"] = h => h.Library.MoveFolderAsync(Admin, "docs", "other"),
        ["library: delete folder"] = h => h.Library.DeleteFolderAsync(Admin, "docs"),
        ["accounts: register (the first is administrator)"] = h => h.RegisterAsync("ada@example.com"),
        ["catalog: start-up backfill"] = async h => { await using var db = h.Db(); await CatalogFolders.BackfillAsync(db, default); },
        ["catalog: counts check"] = async h => { await using var db = h.Db(); await CatalogCounts.FindWrongAsync(db, default); },
        ["catalog: legacy history check"] = async h => { await using var db = h.Db(); await LegacyHistory.AdoptAsync(db, NullLogger.Instance, default); },
        ["change feed: mark, poll and prune"] = async h =>
        {
            var listener = ActivatorUtilities.CreateInstance<PolledChangeListener>(h.Services, TimeProvider.System);
            await listener.TakeMarkAsync(default);
            await listener.PollAsync(default);
            await listener.PruneAsync(default);
        },
        ["maintenance: audit"] = h => ActivatorUtilities.CreateInstance<MediaAudit>(h.Services).RunAsync(AuditChecks.Missing | AuditChecks.Orphans, default),
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Operations.Keys)
            foreach (var rows in new[] { 0, 1 })
                data.Add(name, rows);
        foreach (var sort in Enum.GetValues<FileSort>())
            foreach (var descending in new[] { false, true })
                foreach (var page in Enum.GetValues<FilePaging>())
                    data.Add($"library: {sort} {(descending ? "descending" : "ascending")} {page}", 1);
        return data;
    }

    private static Func<ProfileHarness, Task> Operation(string name)
    {
        if (Operations.TryGetValue(name, out var operation)) return operation;
        var parts = name["library: ".Length..].Split(' ');
        var query = new FileQuery("docs", null, Enum.Parse<FileSort>(parts[0]), parts[1] == "descending", Enum.Parse<FilePaging>(parts[2]), Anchor);
        return h => h.Library.ListAsync(Admin, query);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Operation_OnSqlServer_TranslatesAndSendsValidTSql(string operation, int rows)
    {
        // With a row found, every EXISTS is true but a new name's "is it taken?", so uploads and saves get as far as
        // their writes (the catalog rows, the folder counts' upsert).
        var capture = new SqlServerCapture
        {
            Rows = rows, Number = 1000, Found = rows == 0 ? null : sql => !sql.Contains("= @candidate", StringComparison.Ordinal),
        };
        await using var harness = ProfileHarness.OnCapturedSqlServer(capture);
        capture.Clear(); // setting up the harness may have sent nothing, but the operation alone is what is checked

        var ended = await RunAsync(harness, Operation(operation));

        foreach (var sql in capture.Commands) output.WriteLine(sql + "\n");
        output.WriteLine($"ended by: {ended?.GetType().Name}: {ended?.Message}");
        IsTranslationFailure(ended).ShouldBeFalse($"{operation} did not translate on SQL Server: {ended}");
        capture.Commands.ShouldNotBeEmpty($"{operation} sent nothing (ended by {ended?.Message})");
        foreach (var sql in capture.Commands)
        {
            var errors = new List<string>();
            SqlServerSchema.Parse(sql, errors);
            errors.ShouldBeEmpty($"not T-SQL:\n{sql}");
        }
    }

    [Fact]
    public async Task LibraryNextPage_OnSqlServer_SeeksTheFolderIndexByKey()
    {
        var capture = new SqlServerCapture { Rows = 0 };
        await using var harness = ProfileHarness.OnCapturedSqlServer(capture);

        await harness.Library.ListAsync(Admin, new FileQuery("docs", Page: FilePaging.Next, Anchor: Anchor));

        capture.Commands.ShouldContain(c => c.Contains("WHERE [s].[Folder] = @folder AND [s].[SearchName] = @name AND [s].[Id] > @id", StringComparison.Ordinal));
        capture.Commands.ShouldContain(c => c.Contains("WHERE [s].[Folder] = @folder AND [s].[SearchName] > @name", StringComparison.Ordinal));
        capture.Commands.ShouldContain(c => c.Contains("ORDER BY [s].[SearchName], [s].[Id]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_OnSqlServer_IsARangeOnTheFoldedName()
    {
        var capture = new SqlServerCapture { Rows = 0 };
        await using var harness = ProfileHarness.OnCapturedSqlServer(capture);

        await harness.Library.ListAsync(Admin, new FileQuery("", Search: "Rep"));
        await harness.Profiles.ListAsync("Ada", ProfileSort.Name, false, 0, 20);

        capture.Commands.ShouldContain(c => c.Contains("WHERE [s].[SearchName] >= @prefix AND [s].[SearchName] < @upper", StringComparison.Ordinal));
        capture.Commands.ShouldContain(c => c.Contains("WHERE [p].[SearchName] >= @prefix AND [p].[SearchName] < @upper", StringComparison.Ordinal));
        capture.Commands.ShouldNotContain(c => c.Contains("LIKE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FolderCountUpsert_OnSqlServer_UpdatesUnderKeyRangeLockThenInserts()
    {
        // The folder exists and the name is free, so the upload gets as far as saving its row.
        var capture = new SqlServerCapture { Rows = 1, Found = sql => sql.Contains("FROM [Folders]", StringComparison.Ordinal) };
        await using var harness = ProfileHarness.OnCapturedSqlServer(capture);

        var ended = await RunAsync(harness, h => h.AddLibraryTextAsync("docs", "a.txt"));

        foreach (var sql in capture.Commands) output.WriteLine(sql + "\n");
        output.WriteLine($"ended by: {ended}");

        var upsert = capture.Commands.Where(c => c.Contains("[FolderCounts]", StringComparison.Ordinal) && c.Contains("UPDATE", StringComparison.Ordinal)).ShouldHaveSingleItem();
        upsert.ShouldContain("UPDATE [FolderCounts] WITH (UPDLOCK, SERIALIZABLE) SET [FileCount] = [FileCount] + @p0 WHERE [Path] = @p1;");
        upsert.ShouldContain("IF @@ROWCOUNT = 0 INSERT INTO [FolderCounts] ([Path], [FileCount]) VALUES (@p2, @p3);");
        capture.Commands.ShouldNotContain(c => c.Contains("ON CONFLICT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StagedChange_OnSqlServer_WritesItsNoticeInTheSave()
    {
        // The name is free, and the insert returns the new row's key.
        var capture = new SqlServerCapture { Rows = 1, Found = sql => !sql.Contains("FROM [Folders]", StringComparison.Ordinal) };
        await using var harness = ProfileHarness.OnCapturedSqlServer(capture);

        var ended = await RunAsync(harness, h => h.Library.CreateFolderAsync(Admin, "", "new"));

        foreach (var sql in capture.Commands) output.WriteLine(sql + "\n");
        output.WriteLine($"ended by: {ended}");
        // Auto is Polled on SQL Server: the save that adds the folder also writes the change for other instances.
        capture.Commands.ShouldContain("INSERT INTO [ChangeNotices] ([Envelope], [CreatedUtc]) VALUES (@p0, @p1)");
    }

    private static async Task<Exception?> RunAsync(ProfileHarness harness, Func<ProfileHarness, Task> operation)
    {
        try
        {
            await operation(harness);
            return null;
        }
        catch (Exception e)
        {
            // The canned rows are not a consistent catalog: an operation may stop on them (a file that is not in
            // storage, a name already taken). Only a failure to translate a query is SQL Server's business.
            return e;
        }
    }

    /// <summary>EF could not turn a LINQ query into SQL for SQL Server.</summary>
    private static bool IsTranslationFailure(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is InvalidOperationException or NotSupportedException or NotImplementedException
                && (e.Message.Contains("could not be translated", StringComparison.Ordinal)
                    || e.Message.Contains("Translation of", StringComparison.Ordinal)
                    || e.Message.Contains("not supported", StringComparison.OrdinalIgnoreCase)))
                return true;
        return false;
    }
}
