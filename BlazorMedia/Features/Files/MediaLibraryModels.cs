namespace BlazorMedia.Features.Files;

public enum LibrarySort
{
    Name,
    Size,
    Type,
    Modified,
}

/// <summary>One page request. <paramref name="Search"/> (a prefix of the file name, case-insensitive) searches every
/// folder; otherwise the page lists <paramref name="Folder"/> ("" = the top level).</summary>
public sealed record LibraryQuery(string Folder, string? Search = null, LibrarySort Sort = LibrarySort.Name,
    bool Descending = false, int Skip = 0, int Take = 50);

public sealed record LibraryItem(long Id, string Name, string Folder, string FileName, long Size, string ContentType,
    int? Width, int? Height, string Sha256, string? OwnerId, DateTime CreatedUtc, DateTime? TrashedUtc, string? TrashedFrom)
{
    /// <summary>The owner's user name (their email), filled by the service; null for files stored by the app.</summary>
    public string? Owner { get; init; }

    public bool IsImage => Width is not null;

    public bool IsPdf => ContentType == "application/pdf";
}

public sealed record LibraryPage(IReadOnlyList<LibraryItem> Items, int Total);

public sealed record LibraryFolder(string Path, string Name, bool HasChildren);

/// <summary>A library operation refused for a reason the user can act on; the message names the file or folder
/// and the reason, ready to show.</summary>
public sealed class LibraryRefusedException(string message, Exception? inner = null) : Exception(message, inner);
