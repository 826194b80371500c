namespace BlazorMedia.Catalog;

/// <summary>Catalog row for every file the app stored: what the bytes are, not where a model uses them.</summary>
public sealed class StoredFile
{
    public long Id { get; set; }

    /// <summary>Storage name (unique relative key).</summary>
    public required string Name { get; set; }

    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the stored bytes.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Content type detected from the bytes (never the browser's claim).</summary>
    public required string ContentType { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    /// <summary>File name as the user's browser gave it, for display and downloads only.</summary>
    public required string OriginalName { get; set; }

    public string? OwnerId { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>Folder part of <see cref="Name"/> ("" at the root). Derived by <see cref="Data.MediaDbContext"/> on every
    /// save, so the library lists a folder with an index seek instead of listing storage.</summary>
    public string Folder { get; set; } = "";

    /// <summary>Last segment of <see cref="Name"/>; derived like <see cref="Folder"/>.</summary>
    public string FileName { get; set; } = "";

    /// <summary><see cref="FileName"/> folded (<see cref="SearchText.Fold"/>) for case-insensitive sort and prefix
    /// search; derived like <see cref="Folder"/>; "" while the file is in the trash (never found by search).</summary>
    public string SearchName { get; set; } = "";

    /// <summary>When the file was moved to the trash, or null. A trashed file lives under <c>trash/{Id}/…</c>,
    /// which the media endpoint never serves.</summary>
    public DateTime? TrashedUtc { get; set; }

    /// <summary>The name the file had before it was trashed; restore puts it back there.</summary>
    public string? TrashedFrom { get; set; }
}
