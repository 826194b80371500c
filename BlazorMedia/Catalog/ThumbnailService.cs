using BlazorMedia.Imaging;
using BlazorMedia.Spooling;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Catalog;

/// <summary>Thumbnails stored beside the originals, created on first request and recreated on demand if deleted.</summary>
public sealed class ThumbnailService(IFileStorage storage, ThumbnailGenerator generator, IOptions<SpoolOptions> spooling)
{
    /// <summary>Returns the storage name of <paramref name="alias"/>'s thumbnail of <paramref name="sourceName"/>,
    /// generating and saving it when it does not exist yet. Reads (and hashes) the source on every call, into memory
    /// or, past <c>Uploads:MaxMemorySize</c>, a temp file in <c>Uploads:TempDir</c> that the engine reads from disk
    /// (libvips shrinks it while loading); callers that know the source's SHA-256 can test
    /// <see cref="ThumbnailNames.For"/> themselves first.</summary>
    public async Task<string> GetOrCreateAsync(string sourceName, ThumbnailAlias alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alias);
        Spool spool;
        await using (var input = await storage.OpenReadAsync(sourceName, cancellationToken))
            spool = await Spool.ReadAsync(input, spooling.Value.Location, cancellationToken: cancellationToken);
        await using (spool)
        {
            var name = ThumbnailNames.For(spool.Sha256, alias);
            if (await storage.ExistsAsync(name, cancellationToken))
                return name;

            var source = spool.IsInMemory ? ImageSource.FromMemory(spool.Memory) : ImageSource.FromFile(spool.FilePath!);
            var webp = await Task.Run(() => generator.Generate(source, alias, cancellationToken: cancellationToken),
                cancellationToken);
            using var content = new MemoryStream(webp, writable: false);
            var saved = await storage.SaveAsync(name, content, cancellationToken);
            if (saved != name)
            {
                // Another request made the same thumbnail between our check and save; storage never overwrites,
                // so it kept ours under a variant name. The bytes are identical: keep theirs, drop ours.
                await storage.DeleteAsync(saved, cancellationToken);
            }
            return name;
        }
    }
}
