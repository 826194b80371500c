using BlazorMedia.Imaging;
using BlazorMedia.Storage;

namespace BlazorMedia.Media;

/// <summary>URLs the UI hands out: thumbnails (regenerated on demand when missing, so a lost thumbnail heals on the
/// next page view) and file links (signed and expiring for private names).</summary>
public sealed class MediaLinks(IFileStorage storage, MediaUrlSigner signer, ThumbnailService thumbnails)
{
    public async Task<string> ThumbnailUrlAsync(string sourceName, string sourceSha256, ThumbnailAlias alias,
        CancellationToken cancellationToken = default)
    {
        var name = ThumbnailNames.For(sourceSha256, alias);
        if (!await storage.ExistsAsync(name, cancellationToken))
            name = await thumbnails.GetOrCreateAsync(sourceName, alias, cancellationToken);
        return storage.GetUrl(name);
    }

    /// <summary>The URL of a stored file: plain for public names, signed with the default lifetime for private ones.</summary>
    public string FileUrl(string name) => signer.GetUrl(name);
}
