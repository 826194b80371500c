namespace BlazorMedia.Features.Files;

public enum FileSort
{
    Name,
    Size,
    Type,
    Modified,
}

/// <summary>Which page a request wants, relative to the page the user has (keyset paging: no page numbers).</summary>
public enum FilePaging
{
    First,
    /// <summary>The rows after the anchor (the last row shown).</summary>
    Next,
    /// <summary>The rows before the anchor (the first row shown).</summary>
    Previous,
    Last,
    /// <summary>The page starting at the anchor (the first row shown), for a reload after a live change.</summary>
    Current,
}

/// <summary>One page request. <paramref name="Search"/> (a prefix of the file name, case-insensitive) searches every
/// folder; otherwise the page lists <paramref name="Folder"/> ("" = the top level). <paramref name="Anchor"/> is the
/// row the page is taken relative to (needed for <see cref="FilePaging.Next"/>, <see cref="FilePaging.Previous"/>
/// and <see cref="FilePaging.Current"/>; without one they give the first page).</summary>
public sealed record FileQuery(string Folder, string? Search = null, FileSort Sort = FileSort.Name,
    bool Descending = false, FilePaging Page = FilePaging.First, FileItem? Anchor = null, int Take = 50);

public sealed record FileItem(long Id, string Name, string Folder, string FileName, long Size, string ContentType,
    int? Width, int? Height, string Sha256, string? OwnerId, DateTime CreatedUtc, DateTime? TrashedUtc, string? TrashedFrom)
{
    /// <summary>The owner's user name (their email), filled by the service; null for files stored by the app.</summary>
    public string? Owner { get; init; }

    /// <summary>The folded name the name sort uses (keyset paging needs the exact sort key).</summary>
    public string SortName { get; init; } = "";

    public bool IsImage => Width is not null;

    public bool IsPdf => ContentType == "application/pdf";
}

/// <summary>A page of files. <paramref name="Total"/> counts the whole folder (or search); when
/// <paramref name="TotalIsCapped"/> a search matched at least that many and was not counted further.
/// <paramref name="HasPrevious"/> / <paramref name="HasNext"/> say whether rows exist before / after this page.</summary>
public sealed record FileListPage(IReadOnlyList<FileItem> Items, int Total, bool HasPrevious = false, bool HasNext = false,
    bool TotalIsCapped = false);

public sealed record FolderNode(string Path, string Name, bool HasChildren);

/// <summary>A Files operation refused for a reason the user can act on; the message names the file or folder
/// and the reason, ready to show.</summary>
public sealed class FilesRefusedException(string message, Exception? inner = null) : Exception(message, inner);
