using System.Security.Cryptography;
using BlazorMedia.Imaging;
using BlazorMedia.Storage;

namespace BlazorMedia.Catalog;

/// <summary>Thumbnails stored beside the originals, created on first request and recreated on demand if deleted.</summary>
public sealed class ThumbnailService(IFileStorage storage, ThumbnailGenerator generator)
{
    /// <summary>Sources up to this size are read into memory; larger ones are spooled to a temp file so libvips
    /// can shrink-on-load from disk. Matches Django's 2.5 MB <c>FILE_UPLOAD_MAX_MEMORY_SIZE</c>.</summary>
    private const long MaxMemorySource = 2_621_440;

    /// <summary>Returns the storage name of <paramref name="alias"/>'s thumbnail of <paramref name="sourceName"/>,
    /// generating and saving it when it does not exist yet. Reads (and hashes) the source on every call; callers
    /// that know the source's SHA-256 can test <see cref="ThumbnailNames.For"/> themselves first.</summary>
    public async Task<string> GetOrCreateAsync(string sourceName, ThumbnailAlias alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alias);
        string? spooled = null;
        try
        {
            var (sha256, memory, file) = await ReadSourceAsync(sourceName, cancellationToken);
            spooled = file;
            var name = ThumbnailNames.For(sha256, alias);
            if (await storage.ExistsAsync(name, cancellationToken))
                return name;

            var source = file is null ? ImageSource.FromMemory(memory) : ImageSource.FromFile(file);
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
        finally
        {
            if (spooled is not null)
                File.Delete(spooled);
        }
    }

    private async Task<(string Sha256, ReadOnlyMemory<byte> Memory, string? File)> ReadSourceAsync(
        string sourceName, CancellationToken cancellationToken)
    {
        await using var input = await storage.OpenReadAsync(sourceName, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var memory = new MemoryStream();
        FileStream? spool = null;
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                if (spool is null && memory.Length + read > MaxMemorySource)
                {
                    spool = new FileStream(Path.Combine(Path.GetTempPath(), $"blazormedia-thumb-{Guid.NewGuid():N}.tmp"),
                        FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                    memory.Position = 0;
                    await memory.CopyToAsync(spool, cancellationToken);
                    memory = new MemoryStream();
                }
                if (spool is null)
                    memory.Write(buffer, 0, read);
                else
                    await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (spool is null)
                return (sha256, memory.GetBuffer().AsMemory(0, (int)memory.Length), null);
            await spool.DisposeAsync();
            return (sha256, default, spool.Name);
        }
        catch
        {
            if (spool is not null)
            {
                await spool.DisposeAsync();
                File.Delete(spool.Name);
            }
            throw;
        }
    }
}
