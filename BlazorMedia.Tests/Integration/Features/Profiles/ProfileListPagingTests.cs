using BlazorMedia.Commands;
using BlazorMedia.Data;
using BlazorMedia.Features.Profiles;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Features.Profiles;

/// <summary>Every way of reaching a page (OFFSET, keyset forward and backward, reading from the end) returns exactly
/// the rows of the reference order, ties on the sort key included.</summary>
/// <remarks>Runs once: its subclasses name their database (SQLite, and the suite's own PostgreSQL).</remarks>
public abstract class ProfileListPagingTests : IAsyncLifetime
{
    private const int PageSize = 7;
    private ProfileHarness _h = default!;

    /// <summary>The harness on this class's database provider.</summary>
    protected abstract Task<ProfileHarness> CreateHarnessAsync();

    public async Task InitializeAsync()
    {
        _h = await CreateHarnessAsync();
        var factory = new HarnessFactory(_h);
        await SeedProfilesCommand.SeedAsync(factory, 60, CancellationToken.None);
        await using var db = _h.Db();
        var now = DateTime.UtcNow;
        foreach (var i in Enumerable.Range(0, 5)) // same name and same time: only Id tells them apart
            db.Profiles.Add(new Profile { Name = "Twin", SearchName = "twin", CreatedUtc = now, UpdatedUtc = now, Version = Guid.NewGuid() });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<ProfileSort, bool> Orders => new()
    {
        { ProfileSort.Name, false }, { ProfileSort.Name, true }, { ProfileSort.Created, false }, { ProfileSort.Created, true },
    };

    private async Task<List<int>> ReferenceAsync(ProfileSort sort, bool descending)
    {
        await using var db = _h.Db();
        var rows = await db.Profiles.AsNoTracking().Select(p => new { p.Id, p.SearchName, p.CreatedUtc }).ToListAsync();
        var ordered = sort == ProfileSort.Name
            ? rows.OrderBy(r => r.SearchName, StringComparer.Ordinal).ThenBy(r => r.Id)
            : rows.OrderBy(r => r.CreatedUtc).ThenBy(r => r.Id);
        var ids = ordered.Select(r => r.Id).ToList();
        if (descending) ids.Reverse();
        return ids;
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task ListAsync_EveryPath_MatchesReferenceOrder(ProfileSort sort, bool descending)
    {
        var reference = await ReferenceAsync(sort, descending);
        var pages = (reference.Count + PageSize - 1) / PageSize;

        // OFFSET (and read-from-the-end for the back half), each page on its own.
        var byOffset = new List<int>();
        for (var p = 0; p < pages; p++)
            byOffset.AddRange((await _h.Profiles.ListAsync(null, sort, descending, p * PageSize, PageSize)).Items.Select(i => i.Id));

        // Keyset forward: each page sought from the one before it.
        var forward = new List<int>();
        ProfilePage? page = null;
        for (var p = 0; p < pages; p++)
        {
            page = await _h.Profiles.ListAsync(null, sort, descending, p * PageSize, PageSize, page);
            forward.AddRange(page.Items.Select(i => i.Id));
        }

        // Keyset backward: from the last page to the first.
        var backward = new List<int>();
        page = await _h.Profiles.ListAsync(null, sort, descending, (pages - 1) * PageSize, PageSize);
        backward.InsertRange(0, page.Items.Select(i => i.Id));
        for (var p = pages - 2; p >= 0; p--)
        {
            page = await _h.Profiles.ListAsync(null, sort, descending, p * PageSize, PageSize, page);
            backward.InsertRange(0, page.Items.Select(i => i.Id));
        }

        byOffset.ShouldBe(reference);
        forward.ShouldBe(reference);
        backward.ShouldBe(reference);

        // Numbered buttons: from every page, 1–3 pages on and back (sought by key, then the rows between, where that
        // is nearer than either end), each compared with the reference slice.
        for (var from = 0; from < pages; from++)
        {
            var shown = await _h.Profiles.ListAsync(null, sort, descending, from * PageSize, PageSize);
            foreach (var to in new[] { from - 3, from - 2, from + 2, from + 3 }.Where(t => t >= 0 && t < pages))
                (await _h.Profiles.ListAsync(null, sort, descending, to * PageSize, PageSize, shown)).Items.Select(i => i.Id)
                    .ShouldBe(reference.Skip(to * PageSize).Take(PageSize), $"page {to} reached from page {from}");
        }
    }

    private sealed class HarnessFactory(ProfileHarness h) : IDbContextFactory<MediaDbContext>
    {
        public MediaDbContext CreateDbContext() => h.Db();
    }
}

public sealed class SqliteProfileListPagingTests : ProfileListPagingTests
{
    protected override Task<ProfileHarness> CreateHarnessAsync() => Task.FromResult(ProfileHarness.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresProfileListPagingTests(BlazorMedia.Tests.Infrastructure.PostgresServer server) : ProfileListPagingTests
{
    protected override async Task<ProfileHarness> CreateHarnessAsync() => new(await server.CreateTestDatabaseAsync());
}
