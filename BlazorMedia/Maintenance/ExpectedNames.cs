using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Imaging;
using BlazorMedia.Storage.FileSystem;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Maintenance;

/// <summary>The orphan rule, in one place: the catalog (<see cref="StoredFile"/> rows) is the truth, and a storage name
/// is expected when a row names it, when it is a thumbnail derived from a catalogued image's SHA-256
/// (<see cref="ThumbnailNames.For"/>), when it is a storage temp file (an in-flight write), or when it is hidden (a
/// dot-file the app cannot have written). Anything else in storage is an orphan. Features that keep files elsewhere (a trash prefix, folders) teach this class, and every verb follows.</summary>
public sealed class ExpectedNames
{
    private readonly HashSet<string> _rows;
    private readonly HashSet<string> _thumbnails;

    private ExpectedNames(HashSet<string> rows, HashSet<string> thumbnails)
    {
        _rows = rows;
        _thumbnails = thumbnails;
    }

    public static async Task<ExpectedNames> LoadAsync(MediaDbContext db, CancellationToken cancellationToken)
    {
        var files = await db.StoredFiles.AsNoTracking()
            .Select(f => new { f.Name, f.Sha256, IsImage = f.Width != null }).ToListAsync(cancellationToken);
        var thumbnails = files.Where(f => f.IsImage && IsSha256(f.Sha256))
            .SelectMany(f => ThumbnailAlias.All.Select(a => ThumbnailNames.For(f.Sha256, a)));
        return new ExpectedNames(files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal), thumbnails.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Names the catalog has rows for.</summary>
    public IReadOnlySet<string> RowNames => _rows;

    public bool IsOrphan(string name) =>
        !_rows.Contains(name) && !_thumbnails.Contains(name) && !IsStorageTemp(name) && !IsHidden(name);

    /// <summary>A file or folder whose name starts with a dot (the repository's <c>media/.gitkeep</c>, an editor's or a
    /// sync tool's files): the app never writes one (<c>get_valid_name</c> drops leading dots, upload-to never makes
    /// one), so it is not an upload the catalog lost, and <c>cleanup-orphans</c> must not delete it.</summary>
    private static bool IsHidden(string name) => name.StartsWith('.') || name.Contains("/.", StringComparison.Ordinal);

    private static bool IsStorageTemp(string name) =>
        name[(name.LastIndexOf('/') + 1)..].StartsWith(FileSystemStorage.TempFilePrefix, StringComparison.Ordinal);

    /// <summary>A corrupted row must not stop the audit: its thumbnails simply count as unexpected.</summary>
    private static bool IsSha256(string s) => s.Length == 64 && s.All(char.IsAsciiHexDigitLower);
}
