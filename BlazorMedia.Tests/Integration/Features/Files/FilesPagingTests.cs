using BlazorMedia.Catalog;
using BlazorMedia.Features.Files;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;

namespace BlazorMedia.Tests.Features.Files;

/// <summary>Keyset paging of the library (every sort, both directions, equal keys across page boundaries, rows
/// written while paging) on the run's database.</summary>
[Trait("Database", "Each")]
public sealed class FilesPagingTests : IAsyncLifetime
{
    private const string Folder = "many";
    private const int Files = 23, Take = 5;
    private static readonly Caller Admin = Caller.Operator;
    private static readonly DateTime Start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Rows with many equal keys: sizes repeat every 3, two types, four files per minute, and names that
    /// differ only in case (the same folded name).</summary>
    private async Task SeedAsync(string folder = Folder, int count = Files, string stem = "f")
    {
        await using var db = _h.Db();
        for (var i = 0; i < count; i++)
            db.StoredFiles.Add(Row($"{folder}/{(i % 2 == 0 ? stem.ToUpperInvariant() : stem)}-{i / 2:D4}.txt", i));
        await db.SaveChangesAsync();
    }

    private static StoredFile Row(string name, int i) => new()
    {
        Name = name, Size = 100 + i % 3, ContentType = i % 2 == 0 ? "text/plain" : "application/pdf",
        Sha256 = new string('a', 64), OriginalName = name, CreatedUtc = Start.AddMinutes(i / 4),
    };

    private Task<FileListPage> PageAsync(FileSort sort, bool descending, FilePaging move, FileItem? anchor = null, string? search = null) =>
        _h.Library.ListAsync(Admin, new FileQuery(Folder, search, sort, descending, move, anchor, Take));

    /// <summary>The order the database must produce: the sort key, then Id, both in the page's direction.</summary>
    private static List<long> Expected(IEnumerable<FileItem> rows, FileSort sort, bool descending)
    {
        var ordered = sort switch
        {
            FileSort.Size => rows.OrderBy(r => r.Size).ThenBy(r => r.Id),
            FileSort.Type => rows.OrderBy(r => r.ContentType, StringComparer.Ordinal).ThenBy(r => r.Id),
            FileSort.Modified => rows.OrderBy(r => r.CreatedUtc).ThenBy(r => r.Id),
            _ => rows.OrderBy(r => r.SortName, StringComparer.Ordinal).ThenBy(r => r.Id),
        };
        var ids = ordered.Select(r => r.Id).ToList();
        if (descending) ids.Reverse();
        return ids;
    }

    private async Task<List<FileItem>> AllAsync()
    {
        var all = new List<FileItem>();
        for (var page = await PageAsync(FileSort.Name, false, FilePaging.First); ; page = await PageAsync(FileSort.Name, false, FilePaging.Next, all[^1]))
        {
            all.AddRange(page.Items);
            if (!page.HasNext) return all;
        }
    }

    public static TheoryData<FileSort, bool> Sorts()
    {
        var data = new TheoryData<FileSort, bool>();
        foreach (var sort in Enum.GetValues<FileSort>())
        {
            data.Add(sort, false);
            data.Add(sort, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task WalkForwardAndBack_EveryFileOnceInOrder(FileSort sort, bool descending)
    {
        await SeedAsync();
        var expected = Expected(await AllReadAsync(), sort, descending);

        var forward = new List<long>();
        var page = await PageAsync(sort, descending, FilePaging.First);
        page.HasPrevious.ShouldBeFalse();
        while (true)
        {
            page.Total.ShouldBe(Files);
            forward.AddRange(page.Items.Select(i => i.Id));
            if (!page.HasNext) break;
            page.Items.Count.ShouldBe(Take);
            page = await PageAsync(sort, descending, FilePaging.Next, page.Items[^1]);
            page.HasPrevious.ShouldBeTrue();
        }
        forward.ShouldBe(expected);

        var backward = new List<IReadOnlyList<FileItem>>();
        page = await PageAsync(sort, descending, FilePaging.Last);
        page.HasNext.ShouldBeFalse();
        while (true)
        {
            backward.Insert(0, page.Items);
            if (!page.HasPrevious) break;
            page = await PageAsync(sort, descending, FilePaging.Previous, page.Items[0]);
            page.HasNext.ShouldBeTrue();
        }
        // Going back ends on a full first page (Previous tops up at the start), so the pages may overlap there.
        var last = backward[^1].Select(i => i.Id).ToList();
        last.ShouldBe(expected[^last.Count..]);
        backward[0].Select(i => i.Id).ShouldBe(expected[..Take]);
        backward.SelectMany(p => p).Select(i => i.Id).Distinct().Order().ShouldBe(expected.Order());
        for (var i = 1; i < backward.Count - 1; i++)
        {
            var start = expected.IndexOf(backward[i][0].Id);
            backward[i].Select(r => r.Id).ShouldBe(expected.Skip(start).Take(Take), $"page {i} from the end");
            backward[i + 1][0].Id.ShouldBe(expected[start + Take], "the page after it follows on");
        }
    }

    private async Task<List<FileItem>> AllReadAsync()
    {
        await using var db = _h.Db();
        var ids = db.StoredFiles.Where(f => f.Folder == Folder).Select(f => f.Id).ToList();
        var all = await AllAsync();
        all.Select(i => i.Id).Order().ShouldBe(ids.Order(), "the name walk lists every row of the folder");
        return all;
    }

    [Fact]
    public async Task Next_AfterConcurrentInserts_NothingSkippedNothingRepeated()
    {
        await SeedAsync();
        var first = await PageAsync(FileSort.Name, false, FilePaging.First);
        var before = (await AllAsync()).Select(i => i.Id).ToHashSet();
        // Someone adds one file that sorts inside the page already shown and one that sorts after it.
        await using (var db = _h.Db())
        {
            db.StoredFiles.Add(Row($"{Folder}/F-0000a.txt", 1));
            db.StoredFiles.Add(Row($"{Folder}/z-last.txt", 1));
            await db.SaveChangesAsync();
        }

        var seen = first.Items.Select(i => i.Id).ToList();
        var page = first;
        while (page.HasNext)
        {
            page = await PageAsync(FileSort.Name, false, FilePaging.Next, page.Items[^1]);
            seen.AddRange(page.Items.Select(i => i.Id));
        }

        seen.Count.ShouldBe(seen.Distinct().Count(), "no row is shown twice");
        before.ShouldBeSubsetOf(seen, "no row that existed is skipped");
        page.Items[^1].FileName.ShouldBe("z-last.txt", "a row added after the anchor is reached");
        page.Total.ShouldBe(Files + 2);
    }

    [Fact]
    public async Task Current_AfterADeleteOnThePage_ReloadsTheSamePlace()
    {
        await SeedAsync();
        var first = await PageAsync(FileSort.Size, true, FilePaging.First);
        var second = await PageAsync(FileSort.Size, true, FilePaging.Next, first.Items[^1]);

        await using (var db = _h.Db())
        {
            db.StoredFiles.Remove(db.StoredFiles.Single(f => f.Id == second.Items[0].Id));
            await db.SaveChangesAsync();
        }
        var reloaded = await PageAsync(FileSort.Size, true, FilePaging.Current, second.Items[0]);

        reloaded.Items.Select(i => i.Id).ShouldBe(second.Items.Skip(1).Select(i => i.Id).Append(reloaded.Items[^1].Id));
        (reloaded.HasPrevious, reloaded.HasNext, reloaded.Total).ShouldBe((true, true, Files - 1));
    }

    [Fact]
    public async Task Search_CountedUpToTheCap()
    {
        await SeedAsync("big", FilesService.SearchCountCap + 1, "hit");
        await SeedAsync("small", 3, "miss");

        var capped = await PageAsync(FileSort.Name, false, FilePaging.First, search: "HIT-");
        (capped.Total, capped.TotalIsCapped, capped.Items.Count, capped.HasNext).ShouldBe((FilesService.SearchCountCap, true, Take, true));
        var exact = await PageAsync(FileSort.Name, false, FilePaging.Last, search: "miss");
        (exact.Total, exact.TotalIsCapped, exact.Items.Count, exact.HasPrevious).ShouldBe((3, false, 3, false));
    }

    [Fact]
    public async Task NextWithoutAnchor_IsTheFirstPage()
    {
        await SeedAsync();
        var page = await PageAsync(FileSort.Type, false, FilePaging.Next);
        page.Items.Select(i => i.Id).ShouldBe((await PageAsync(FileSort.Type, false, FilePaging.First)).Items.Select(i => i.Id));
        page.HasPrevious.ShouldBeFalse();
    }
}
