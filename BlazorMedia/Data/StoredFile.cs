namespace BlazorMedia.Data;

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
}
