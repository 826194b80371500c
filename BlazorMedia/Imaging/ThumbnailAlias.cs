using System.Text.RegularExpressions;

namespace BlazorMedia.Imaging;

/// <summary>A named thumbnail size, like easy-thumbnails' aliases: a square centre crop of
/// <see cref="Size"/>×<see cref="Size"/> pixels in WebP.</summary>
public sealed partial record ThumbnailAlias
{
    public ThumbnailAlias(string name, int size)
    {
        // The name becomes a storage path segment: keep it to a safe, lower-case slug.
        if (!SlugPattern().IsMatch(name))
            throw new ArgumentException($"Thumbnail alias '{name}' must be 1-32 of a-z, 0-9 and '-'.", nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 2048);
        Name = name;
        Size = size;
    }

    public string Name { get; }

    public int Size { get; }

    /// <summary>64 px: lists and avatars beside a name.</summary>
    public static ThumbnailAlias Small { get; } = new("small", 64);

    /// <summary>256 px: profile pages and the media library grid.</summary>
    public static ThumbnailAlias Medium { get; } = new("medium", 256);

    /// <summary>The aliases made for every stored image (the library, profiles, the audit and the regenerate verb all
    /// read this list, so adding an alias is one line).</summary>
    public static IReadOnlyList<ThumbnailAlias> All { get; } = [Small, Medium];

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex SlugPattern();
}
