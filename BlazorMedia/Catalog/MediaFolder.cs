namespace BlazorMedia.Catalog;

/// <summary>A folder of the media library. Kept in the catalog because S3 has no empty folders and because listing
/// storage to draw a tree does not scale; <see cref="Data.MediaDbContext"/> adds the folders of every file it saves.</summary>
public sealed class MediaFolder
{
    public long Id { get; set; }

    /// <summary>Full <c>/</c>-separated path, unique (<c>library/reports/2026</c>).</summary>
    public required string Path { get; set; }

    /// <summary>Path of the parent folder, "" for a top-level folder.</summary>
    public required string Parent { get; set; }

    /// <summary>Last segment of <see cref="Path"/>.</summary>
    public required string Name { get; set; }

    public DateTime CreatedUtc { get; set; }
}
