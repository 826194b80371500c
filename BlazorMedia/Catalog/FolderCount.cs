namespace BlazorMedia.Catalog;

/// <summary>How many live files a library folder holds ("" = the top level), so a page's total is one row read
/// instead of a <c>COUNT(*)</c> over the folder. Kept by <see cref="CatalogCounts"/> in the transaction of every
/// catalog write, by relative increments, so concurrent writers never lose a count. Keyed by path rather than a
/// column on <see cref="MediaFolder"/>: the top level has no folder row, and a count keyed by path stays right
/// whatever happens to folder rows.</summary>
public sealed class FolderCount
{
    public required string Path { get; set; }

    public long FileCount { get; set; }
}
