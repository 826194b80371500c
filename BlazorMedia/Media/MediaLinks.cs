using BlazorMedia.Catalog;
using BlazorMedia.Imaging;
using BlazorMedia.Security;
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

    /// <summary>The URL of a stored file: plain for public names; for private ones signed with the default lifetime
    /// and bound to <paramref name="caller"/>, so the link works only for that user (or an administrator). Callers
    /// check first that <paramref name="caller"/> may read the file (its owner, or an administrator).</summary>
    /// <exception cref="AccessDeniedException">A private name asked for by an anonymous caller.</exception>
    public string FileUrl(string name, Caller caller)
    {
        if (!signer.IsPrivate(name)) return signer.GetUrl(name, null);
        if (caller.UserId is null && !caller.IsAdministrator) throw new AccessDeniedException("Sign in to download private files.");
        return signer.GetUrl(name, caller.UserId);
    }
}
