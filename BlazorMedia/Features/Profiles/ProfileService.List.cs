using BlazorMedia.Catalog;
using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Profiles;

public enum ProfileSort
{
    Name,
    Created,
}

public sealed record ProfileListItem(int Id, string Name, string? AvatarName, string? AvatarSha256, DateTime CreatedUtc)
{
    /// <summary>The folded name the list sorts by (keyset paging needs the exact sort key).</summary>
    public string SortName { get; init; } = "";
}

/// <summary>A page and where it sits, so the next request for the page after or before it can seek by key.</summary>
public sealed record ProfilePage(IReadOnlyList<ProfileListItem> Items, int Total, int Skip = 0);

/// <summary>The public, paged list of profiles (anyone may read it).</summary>
public sealed partial class ProfileService
{
    /// <summary>One page of profiles. Cost stays independent of the table size for the first and last pages, for
    /// search, and for pages a few pages after or before <paramref name="previous"/> (keyset seek on the indexed sort
    /// key, then the rows between); only a jump far from both ends and from the page shown pays an OFFSET, taken
    /// from whichever end is nearer.</summary>
    public async Task<ProfilePage> ListAsync(string? search, ProfileSort sort, bool descending, int skip, int take,
        ProfilePage? previous = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Profiles.AsNoTracking();
        if (SearchText.Fold(search ?? "") is { Length: > 0 } prefix)
        {
            // A range on the indexed folded name: an index seek on both providers, unlike LIKE '%…%'.
            var upper = prefix[..^1] + (char)(prefix[^1] + 1);
            query = query.Where(p => string.Compare(p.SearchName, prefix) >= 0 && string.Compare(p.SearchName, upper) < 0);
        }
        var total = await query.CountAsync(cancellationToken);
        skip = Math.Clamp(skip, 0, Math.Max(0, total - 1));

        // A page after or before the one shown (Next, Previous, or a numbered button a few pages on) is sought by key
        // from that page and skips only the rows between: cheaper than an OFFSET from either end once the
        // table is deep. The OFFSET it replaces would skip min(skip, rows after the page).
        var offsetRows = Math.Min(skip, Math.Max(0, total - skip - take));
        List<ProfileListItem> items;
        if (previous is { Items.Count: > 0 } && skip >= previous.Skip + previous.Items.Count
            && skip - previous.Skip - previous.Items.Count is var ahead && ahead <= offsetRows)
            items = await Project(db, Order(After(query, sort, descending, previous.Items[^1]), sort, descending).Skip(ahead).Take(take), cancellationToken);
        else if (previous is { Items.Count: > 0 } && skip + take <= previous.Skip
            && previous.Skip - skip - take is var behind && behind <= offsetRows)
            items = Reversed(await Project(db, Order(After(query, sort, !descending, previous.Items[0]), sort, !descending).Skip(behind).Take(take), cancellationToken));
        else if (skip > total / 2)
        {
            // Nearer the end: read backwards from the end and turn the page round.
            var fromEnd = Math.Max(0, total - skip - take);
            var count = Math.Min(take, total - skip);
            items = Reversed(await Project(db, Order(query, sort, !descending).Skip(fromEnd).Take(count), cancellationToken));
        }
        else
            items = await Project(db, Order(query, sort, descending).Skip(skip).Take(take), cancellationToken);
        return new ProfilePage(items, total, skip);
    }

    private static IQueryable<Profile> Order(IQueryable<Profile> q, ProfileSort sort, bool descending) => (sort, descending) switch
    {
        (ProfileSort.Created, false) => q.OrderBy(p => p.CreatedUtc).ThenBy(p => p.Id),
        (ProfileSort.Created, true) => q.OrderByDescending(p => p.CreatedUtc).ThenByDescending(p => p.Id),
        (_, false) => q.OrderBy(p => p.SearchName).ThenBy(p => p.Id),
        (_, true) => q.OrderByDescending(p => p.SearchName).ThenByDescending(p => p.Id),
    };

    /// <summary>Rows strictly after <paramref name="key"/> in the given order (a seek on the (key, Id) index). The
    /// leading <c>key &gt;= k</c> is implied by the rest but is what a planner can seek on: PostgreSQL cannot seek on
    /// <c>key &gt; k OR (key = k AND Id &gt; i)</c> and walked half of 100,000 profiles to skip them (bench/library-postgres.sh).</summary>
    private static IQueryable<Profile> After(IQueryable<Profile> q, ProfileSort sort, bool descending, ProfileListItem key) =>
        (sort, descending) switch
        {
            (ProfileSort.Created, false) => q.Where(p => p.CreatedUtc >= key.CreatedUtc && (p.CreatedUtc > key.CreatedUtc || p.Id > key.Id)),
            (ProfileSort.Created, true) => q.Where(p => p.CreatedUtc <= key.CreatedUtc && (p.CreatedUtc < key.CreatedUtc || p.Id < key.Id)),
            (_, false) => q.Where(p => string.Compare(p.SearchName, key.SortName) >= 0
                && (string.Compare(p.SearchName, key.SortName) > 0 || p.Id > key.Id)),
            (_, true) => q.Where(p => string.Compare(p.SearchName, key.SortName) <= 0
                && (string.Compare(p.SearchName, key.SortName) < 0 || p.Id < key.Id)),
        };

    private static Task<List<ProfileListItem>> Project(MediaDbContext db, IQueryable<Profile> q, CancellationToken cancellationToken) =>
        q.Select(p => new ProfileListItem(p.Id, p.Name, p.AvatarName,
                db.StoredFiles.Where(f => f.Name == p.AvatarName).Select(f => f.Sha256).FirstOrDefault(), p.CreatedUtc)
            { SortName = p.SearchName })
            .ToListAsync(cancellationToken);

    private static List<ProfileListItem> Reversed(List<ProfileListItem> items)
    {
        items.Reverse();
        return items;
    }
}
