using System.Linq.Expressions;
using BlazorMedia.Catalog;
using BlazorMedia.Security;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Files;

/// <summary>Keyset paging of a folder or a search: every page is an index seek in the page's order, whatever its
/// depth, and a folder's total is its kept count (<see cref="CatalogCounts"/>), never a COUNT(*) over the folder.</summary>
public sealed partial class FilesService
{
    /// <summary>A search counts its matches up to this many, then says "1,000+": counting every match of a one-letter
    /// prefix in a large library would cost what keyset paging saves.</summary>
    public const int SearchCountCap = 1_000;

    /// <summary>One page of a folder (or of a search across folders), sorted on an indexed key, taken relative to
    /// <see cref="FileQuery.Anchor"/>.</summary>
    public async Task<FileListPage> ListAsync(Caller caller, FileQuery query, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var files = db.StoredFiles.AsNoTracking();
        int total;
        var capped = false;
        if (SearchText.Fold(query.Search ?? "") is { Length: > 0 } prefix)
        {
            // A range on the folded name: an index seek on both providers, unlike LIKE '%…%'.
            var upper = prefix[..^1] + (char)(prefix[^1] + 1);
            // Trashed rows have an empty SearchName (CatalogFolders), so the range alone excludes them.
            files = files.Where(f => string.Compare(f.SearchName, prefix) >= 0 && string.Compare(f.SearchName, upper) < 0);
            // Ordered so the cap takes a range of the (SearchName, Id) index (and EF does not warn of an unordered Take).
            total = await files.OrderBy(f => f.SearchName).ThenBy(f => f.Id).Take(SearchCountCap + 1).CountAsync(cancellationToken);
            if (total > SearchCountCap) (total, capped) = (SearchCountCap, true);
        }
        else
        {
            var folder = NormalizeFolder(query.Folder);
            if (CatalogFolders.IsHidden(folder)) return new FileListPage([], 0);
            // Trashed rows live in trash/{id}, never in a library folder: the folder alone selects live files.
            files = files.Where(f => f.Folder == folder);
            total = (int)await db.FolderCounts.Where(c => c.Path == folder).Select(c => c.FileCount).FirstOrDefaultAsync(cancellationToken);
        }
        var page = await PageAsync(files, query, Math.Clamp(query.Take, 1, 500), cancellationToken);
        return page with { Items = await WithOwnersAsync(db, [.. page.Items], cancellationToken), Total = total, TotalIsCapped = capped };
    }

    private static async Task<FileListPage> PageAsync(IQueryable<StoredFile> files, FileQuery query, int take, CancellationToken cancellationToken)
    {
        var (sort, descending, anchor) = (query.Sort, query.Descending, query.Anchor);
        var move = anchor is null && query.Page is FilePaging.Next or FilePaging.Previous or FilePaging.Current
            ? FilePaging.First : query.Page;
        switch (move)
        {
            case FilePaging.Next:
            {
                // One row more than the page says whether another page follows.
                var rows = await SeekAsync(files, sort, descending, anchor, inclusive: false, take + 1, cancellationToken);
                if (rows.Count == 0) goto case FilePaging.Last; // the rows after the anchor went meanwhile
                return new FileListPage(rows.Take(take).ToList(), 0, HasPrevious: true, HasNext: rows.Count > take);
            }
            case FilePaging.Previous:
            {
                var rows = await SeekAsync(files, sort, !descending, anchor, inclusive: false, take + 1, cancellationToken);
                // Fewer than a page before the anchor (rows went, or came after it): the first page, full.
                if (rows.Count < take) goto default;
                return new FileListPage(Reversed(rows.Take(take)), 0, HasPrevious: rows.Count > take, HasNext: true);
            }
            case FilePaging.Last:
            {
                // The last page is the first page of the reverse order, turned round.
                var rows = await SeekAsync(files, sort, !descending, null, inclusive: false, take + 1, cancellationToken);
                return new FileListPage(Reversed(rows.Take(take)), 0, HasPrevious: rows.Count > take, HasNext: false);
            }
            case FilePaging.Current:
            {
                // From the first row shown, inclusive: a live change reloads the same page, not the first one.
                var rows = await SeekAsync(files, sort, descending, anchor, inclusive: true, take + 1, cancellationToken);
                if (rows.Count == 0) goto case FilePaging.Last;
                var before = await SeekAsync(files, sort, !descending, anchor, inclusive: false, 1, cancellationToken);
                return new FileListPage(rows.Take(take).ToList(), 0, HasPrevious: before.Count > 0, HasNext: rows.Count > take);
            }
            default:
            {
                var rows = await SeekAsync(files, sort, descending, null, inclusive: false, take + 1, cancellationToken);
                return new FileListPage(rows.Take(take).ToList(), 0, HasPrevious: false, HasNext: rows.Count > take);
            }
        }
    }

    /// <summary>Up to <paramref name="take"/> rows after <paramref name="anchor"/> (or from the start) in the given
    /// order. Two seeks rather than one <c>key &gt; k OR (key = k AND Id &gt; i)</c>, which neither SQLite nor
    /// PostgreSQL turns into a range: first the rows sharing the anchor's key beyond its Id (a seek on
    /// (folder, key, Id)), then the rows with a key strictly beyond (a seek on (folder, key)).</summary>
    internal static async Task<List<FileItem>> SeekAsync(IQueryable<StoredFile> files, FileSort sort, bool descending,
        FileItem? anchor, bool inclusive, int take, CancellationToken cancellationToken)
    {
        if (anchor is null) return await Order(files, sort, descending).Take(take).Select(Project).ToListAsync(cancellationToken);
        var id = anchor.Id;
        Expression<Func<StoredFile, bool>> beyondId = (descending, inclusive) switch
        {
            (false, false) => f => f.Id > id,
            (false, true) => f => f.Id >= id,
            (true, false) => f => f.Id < id,
            (true, true) => f => f.Id <= id,
        };
        var rows = await Order(files.Where(SameKey(sort, anchor)).Where(beyondId), sort, descending)
            .Take(take).Select(Project).ToListAsync(cancellationToken);
        if (rows.Count < take)
            rows.AddRange(await Order(files.Where(BeyondKey(sort, descending, anchor)), sort, descending)
                .Take(take - rows.Count).Select(Project).ToListAsync(cancellationToken));
        return rows;
    }

    private static Expression<Func<StoredFile, bool>> SameKey(FileSort sort, FileItem a)
    {
        var (name, size, type, created) = (a.SortName, a.Size, a.ContentType, a.CreatedUtc);
        return sort switch
        {
            FileSort.Size => f => f.Size == size,
            FileSort.Type => f => f.ContentType == type,
            FileSort.Modified => f => f.CreatedUtc == created,
            _ => f => f.SearchName == name,
        };
    }

    private static Expression<Func<StoredFile, bool>> BeyondKey(FileSort sort, bool descending, FileItem a)
    {
        var (name, size, type, created) = (a.SortName, a.Size, a.ContentType, a.CreatedUtc);
        return (sort, descending) switch
        {
            (FileSort.Size, false) => f => f.Size > size,
            (FileSort.Size, true) => f => f.Size < size,
            (FileSort.Type, false) => f => string.Compare(f.ContentType, type) > 0,
            (FileSort.Type, true) => f => string.Compare(f.ContentType, type) < 0,
            (FileSort.Modified, false) => f => f.CreatedUtc > created,
            (FileSort.Modified, true) => f => f.CreatedUtc < created,
            (_, false) => f => string.Compare(f.SearchName, name) > 0,
            (_, true) => f => string.Compare(f.SearchName, name) < 0,
        };
    }

    internal static IQueryable<StoredFile> Order(IQueryable<StoredFile> q, FileSort sort, bool descending) => (sort, descending) switch
    {
        (FileSort.Size, false) => q.OrderBy(f => f.Size).ThenBy(f => f.Id),
        (FileSort.Size, true) => q.OrderByDescending(f => f.Size).ThenByDescending(f => f.Id),
        (FileSort.Type, false) => q.OrderBy(f => f.ContentType).ThenBy(f => f.Id),
        (FileSort.Type, true) => q.OrderByDescending(f => f.ContentType).ThenByDescending(f => f.Id),
        (FileSort.Modified, false) => q.OrderBy(f => f.CreatedUtc).ThenBy(f => f.Id),
        (FileSort.Modified, true) => q.OrderByDescending(f => f.CreatedUtc).ThenByDescending(f => f.Id),
        (_, false) => q.OrderBy(f => f.SearchName).ThenBy(f => f.Id),
        (_, true) => q.OrderByDescending(f => f.SearchName).ThenByDescending(f => f.Id),
    };

    private static List<FileItem> Reversed(IEnumerable<FileItem> rows) => rows.Reverse().ToList();
}
