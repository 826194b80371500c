using System.Globalization;
using BlazorMedia.Catalog;
using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Security;

namespace BlazorMedia.Features.Files;

/// <summary>What the Files page lists, wherever it is: a folder, a search or the trash.</summary>
public sealed record FilesView(string Folder, string? Search, bool InTrash, FileSort Sort, bool Descending);

/// <summary>The page of files the Files page shows, and how to get the next one. A folder or a search is paged by key
/// (First / Previous / Next / Last relative to the rows shown: every page is an index seek, at any depth); the trash is
/// small and paged by offset. The position in the summary is tracked from the moves made. With each page come the
/// thumbnails of its images and what uses its files. Not thread-safe: the page calls it one load at a time.</summary>
public sealed class FileListing(FilesService files, MediaLinks links)
{
    public const int PageSize = 50;

    private int _skip;

    public IReadOnlyList<FileItem> Items { get; private set; } = [];

    public IReadOnlyDictionary<long, string> Thumbnails { get; private set; } = new Dictionary<long, string>();

    public IReadOnlyDictionary<string, IReadOnlyList<FileUse>> Uses { get; private set; } = new Dictionary<string, IReadOnlyList<FileUse>>();

    public int Total { get; private set; }

    public bool TotalIsCapped { get; private set; }

    public bool HasPrevious { get; private set; }

    public bool HasNext { get; private set; }

    /// <summary>"1–50 of 100,000 files"; "51–57 of 1,000+ files" for a search counted up to its cap; the last page
    /// of a capped search has no known position ("Last 7 of 1,000+ files").</summary>
    public string Summary
    {
        get
        {
            var of = string.Create(CultureInfo.InvariantCulture, $"{Total:N0}{(TotalIsCapped ? "+" : "")} file{(Total == 1 && !TotalIsCapped ? "" : "s")}");
            if (Items.Count == 0) return of;
            return _skip < 0
                ? string.Create(CultureInfo.InvariantCulture, $"Last {Items.Count:N0} of {of}")
                : string.Create(CultureInfo.InvariantCulture, $"{_skip + 1:N0}–{_skip + Items.Count:N0} of {of}");
        }
    }

    /// <summary>Loads the page <paramref name="move"/> asks for, relative to the rows shown (<see cref="FilePaging.Current"/>
    /// reloads the page shown from its first row: a live change keeps the user's place).</summary>
    public async Task LoadAsync(Caller caller, FilesView view, FilePaging move, CancellationToken cancellationToken = default)
    {
        var page = view.InTrash ? await TrashAsync(caller, move, cancellationToken) : await FolderAsync(caller, view, move, cancellationToken);
        (Items, Total, TotalIsCapped, HasPrevious, HasNext) = (page.Items, page.Total, page.TotalIsCapped, page.HasPrevious, page.HasNext);
        var thumbnails = new Dictionary<long, string>();
        foreach (var item in Items.Where(i => i.IsImage && i.TrashedUtc is null))
            thumbnails[item.Id] = await links.ThumbnailUrlAsync(item.Name, item.Sha256, ThumbnailAlias.Medium, cancellationToken);
        Thumbnails = thumbnails;
        Uses = await files.GetUsesAsync(caller, [.. Items.Where(i => i.TrashedUtc is null).Select(i => i.Name)], cancellationToken);
    }

    private async Task<FileListPage> FolderAsync(Caller caller, FilesView view, FilePaging move, CancellationToken cancellationToken)
    {
        // On the first page a reload starts from the top, not from the first row shown: a file added meanwhile that
        // sorts before that row belongs on this page (dropping b.pdf after r.pdf must show both).
        if (move == FilePaging.Current && !HasPrevious) move = FilePaging.First;
        var anchor = move switch
        {
            FilePaging.Next => Items.LastOrDefault(),
            FilePaging.Previous or FilePaging.Current => Items.FirstOrDefault(),
            _ => null,
        };
        // Rows from another view (the trash) are no anchor here.
        if (anchor is not null && anchor.TrashedUtc is not null) anchor = null;
        var page = await files.ListAsync(caller, new FileQuery(view.Folder, view.Search, view.Sort, view.Descending, move, anchor, PageSize), cancellationToken);
        var shown = Items.Count;
        _skip = !page.HasPrevious ? 0
            : !page.HasNext ? (page.TotalIsCapped ? -1 : Math.Max(0, page.Total - page.Items.Count))
            : _skip < 0 ? -1
            : move switch
            {
                FilePaging.Next => _skip + shown,
                FilePaging.Previous => Math.Max(0, _skip - page.Items.Count),
                _ => _skip,
            };
        return page;
    }

    private async Task<FileListPage> TrashAsync(Caller caller, FilePaging move, CancellationToken cancellationToken)
    {
        _skip = move switch
        {
            FilePaging.First => 0,
            FilePaging.Next => _skip + PageSize,
            FilePaging.Previous => _skip - PageSize,
            FilePaging.Last => (Total - 1) / PageSize * PageSize,
            _ => _skip,
        };
        _skip = Math.Max(0, _skip);
        var page = await files.ListTrashAsync(caller, _skip, PageSize, cancellationToken);
        if (page.Total > 0 && page.Items.Count == 0 && _skip > 0)
        {
            // The last page emptied (deletions elsewhere): show the one before it.
            _skip = (page.Total - 1) / PageSize * PageSize;
            page = await files.ListTrashAsync(caller, _skip, PageSize, cancellationToken);
        }
        return page;
    }
}
