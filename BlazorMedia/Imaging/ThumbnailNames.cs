using System.Security.Cryptography;
using System.Text;

namespace BlazorMedia.Imaging;

/// <summary>Content-derived thumbnail names: the same source bytes and alias always give the same name, and any
/// change gives a new one, so thumbnail URLs can be cached forever (<c>immutable</c>) and never need purging.</summary>
public static class ThumbnailNames
{
    /// <summary>Folder under the media root holding every thumbnail.</summary>
    public const string Prefix = "thumbnails";

    /// <summary>Bumped when the encoding changes (quality, format, crop) so old cached thumbnails are not reused.</summary>
    private const string Version = "v1";

    /// <summary><c>thumbnails/{alias}/{h[0..2]}/{h}.webp</c>, where h = SHA-256 of (source SHA-256, alias name,
    /// size, encoding version). The two-character fan-out keeps folders small on file-system storage.</summary>
    /// <param name="sourceSha256">Lower-case hex SHA-256 of the source bytes (the catalog's <c>Sha256</c>).</param>
    public static string For(string sourceSha256, ThumbnailAlias alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        if (sourceSha256.Length != 64 || !sourceSha256.All(char.IsAsciiHexDigitLower))
            throw new ArgumentException("Expected a lower-case hex SHA-256 (64 characters).", nameof(sourceSha256));
        var key = SHA256.HashData(Encoding.ASCII.GetBytes($"{sourceSha256}|{alias.Name}|{alias.Size}|{Version}"));
        var hash = Convert.ToHexStringLower(key);
        return $"{Prefix}/{alias.Name}/{hash[..2]}/{hash}.webp";
    }
}
