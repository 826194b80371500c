using System.Globalization;

namespace BlazorMedia.Features.Files;

/// <summary>Paging of the media library page: First / Previous / Next / Last, each a keyset request relative to the
/// rows shown (no page numbers: a jump to page 1,234 of a 100,000-file folder would need an OFFSET). The trash is
/// small and paged by offset. The position in the summary is tracked here, from the moves made.</summary>
public sealed partial class FileLibrary
{
    private int skip;
    private int total;
    private bool totalCapped;
    private bool hasPrevious;
    private bool hasNext;

    /// <summary>"1–50 of 100,000 files"; "51–57 of 1,000+ files" for a search counted up to its cap; the last page
    /// of a capped search has no known position ("Last 7 of 1,000+ files").</summary>
    private string Summary
    {
        get
        {
            var of = string.Create(CultureInfo.InvariantCulture, $"{total:N0}{(totalCapped ? "+" : "")} file{(total == 1 && !totalCapped ? "" : "s")}");
            if (items.Count == 0) return of;
            return skip < 0
                ? string.Create(CultureInfo.InvariantCulture, $"Last {items.Count:N0} of {of}")
                : string.Create(CultureInfo.InvariantCulture, $"{skip + 1:N0}–{skip + items.Count:N0} of {of}");
        }
    }

    private Task FirstPageAsync() => ReloadAsync(LibraryPaging.First);

    /// <summary>Fetches the page <paramref name="move"/> asks for, relative to the rows shown, and updates the
    /// position, total and button states.</summary>
    private async Task<LibraryPage> FetchPageAsync(LibraryPaging move)
    {
        if (showTrash) return Track(await FetchTrashAsync(move));
        // On the first page a reload starts from the top, not from the first row shown: a file added meanwhile that
        // sorts before that row belongs on this page (dropping b.pdf after r.pdf must show both).
        if (move == LibraryPaging.Current && !hasPrevious) move = LibraryPaging.First;
        var anchor = move switch
        {
            LibraryPaging.Next => items.LastOrDefault(),
            LibraryPaging.Previous or LibraryPaging.Current => items.FirstOrDefault(),
            _ => null,
        };
        // Rows from another view (the trash, another folder) are no anchor here.
        if (anchor is not null && anchor.TrashedUtc is not null) anchor = null;
        var page = await Library.ListAsync(caller, new LibraryQuery(folder, search, sort, descending, move, anchor, PageSize));
        var shown = items.Count;
        skip = !page.HasPrevious ? 0
            : !page.HasNext ? (page.TotalIsCapped ? -1 : Math.Max(0, page.Total - page.Items.Count))
            : skip < 0 ? -1
            : move switch
            {
                LibraryPaging.Next => skip + shown,
                LibraryPaging.Previous => Math.Max(0, skip - page.Items.Count),
                _ => skip,
            };
        return Track(page);
    }

    private async Task<LibraryPage> FetchTrashAsync(LibraryPaging move)
    {
        skip = move switch
        {
            LibraryPaging.First => 0,
            LibraryPaging.Next => skip + PageSize,
            LibraryPaging.Previous => skip - PageSize,
            LibraryPaging.Last => (total - 1) / PageSize * PageSize,
            _ => skip,
        };
        skip = Math.Max(0, skip);
        var page = await Library.ListTrashAsync(caller, skip, PageSize);
        if (page.Total > 0 && page.Items.Count == 0 && skip > 0)
        {
            // The last page emptied (deletions elsewhere): show the one before it.
            skip = (page.Total - 1) / PageSize * PageSize;
            page = await Library.ListTrashAsync(caller, skip, PageSize);
        }
        return page;
    }

    private LibraryPage Track(LibraryPage page)
    {
        (total, totalCapped, hasPrevious, hasNext) = (page.Total, page.TotalIsCapped, page.HasPrevious, page.HasNext);
        return page;
    }
}
