using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;

namespace BlazorMedia.Storage.AzureBlob;

public sealed partial class AzureBlobStorage
{
    /// <summary>First read of every save: most media fits, so concurrent small saves do not each hold a block buffer.</summary>
    private const int SmallBufferSize = 256 << 10;

    /// <summary>Blob names this instance is writing in blocks right now (see <see cref="SaveCoreAsync"/>).</summary>
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Reads up to one block. A stream that ends within it is one Put Blob; a longer one is staged block by
    /// block from one pooled buffer and committed with one Put Block List, so memory stays at
    /// <see cref="AzureBlobStorageOptions.BlockSize"/> whatever the size.
    /// <para>Create-only (<see cref="AzureBlobStorageOptions.OverwriteFiles"/> false): the write that makes the blob
    /// exist (Put Blob, or Put Block List) carries <c>If-None-Match: *</c>, which the service enforces atomically and
    /// answers 409 BlobAlreadyExists when the name is taken, also by another process. A single Put Blob then retries under a new
    /// name from the bytes it holds. Staged blocks cannot move to another name, so a block upload first claims its name in
    /// this process and checks it is free; one that still loses a race with another process at the commit fails,
    /// naming the file, and overwrites nothing (Azure discards the uncommitted blocks).</para></summary>
    protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        var blockSize = _options.BlockSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(SmallBufferSize, blockSize));
        string? reserved = null;
        try
        {
            var length = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false,
                cancellationToken).ConfigureAwait(false);
            if (length == buffer.Length && length < blockSize)
            {
                var block = ArrayPool<byte>.Shared.Rent(blockSize);
                buffer.AsSpan(0, length).CopyTo(block);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = block;
                length += await content.ReadAtLeastAsync(buffer.AsMemory(length, blockSize - length), blockSize - length,
                    throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            var saved = name;
            if (length < blockSize)
            {
                while (!await PutAsync(saved, buffer, length, cancellationToken).ConfigureAwait(false))
                {
                    Log.NameTaken(_logger, BlobName(saved));
                    saved = alternativeName(saved);
                }
                return saved;
            }
            while (!_options.OverwriteFiles)
            {
                if (_inFlight.TryAdd(BlobName(saved), 0))
                {
                    reserved = BlobName(saved);
                    if (!await ExistsAsync(saved, cancellationToken).ConfigureAwait(false)) break;
                    Release(ref reserved);
                }
                Log.NameTaken(_logger, BlobName(saved));
                saved = alternativeName(saved);
            }
            await UploadBlocksAsync(saved, buffer, length, content, cancellationToken).ConfigureAwait(false);
            return saved;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "save", e);
        }
        finally
        {
            Release(ref reserved);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Release(ref string? reserved)
    {
        if (reserved is not null) _inFlight.TryRemove(reserved, out _);
        reserved = null;
    }

    /// <summary>One Put Blob; false when the service refused it because the name exists.</summary>
    private async Task<bool> PutAsync(string name, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            await Blob(name).UploadAsync(new MemoryStream(buffer, 0, length, writable: false), new BlobUploadOptions
            {
                HttpHeaders = Headers(name),
                Conditions = CreateOnly(),
                // One request whatever the SDK's own partitioning defaults: this method only ever gets one block.
                TransferOptions = new() { InitialTransferSize = Math.Max(length, 1), MaximumTransferSize = Math.Max(length, 1) },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (IsNameTaken(e))
        {
            return false;
        }
    }

    private async Task UploadBlocksAsync(string name, byte[] buffer, int length, Stream content, CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        // Block ids unique to this upload: another writer staging blocks on the same name never replaces ours.
        var upload = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var blocks = new List<string>();
        while (length > 0)
        {
            var id = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{upload}-{blocks.Count:d6}"));
            await blob.StageBlockAsync(id, new MemoryStream(buffer, 0, length, writable: false), options: null, cancellationToken)
                .ConfigureAwait(false);
            blocks.Add(id);
            length = await content.ReadAtLeastAsync(buffer.AsMemory(0, _options.BlockSize), _options.BlockSize,
                throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await blob.CommitBlockListAsync(blocks, new CommitBlockListOptions { HttpHeaders = Headers(name), Conditions = CreateOnly() },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (IsNameTaken(e))
        {
            throw new IOException($"another writer created '{BlobName(name)}' while this upload was running", e);
        }
    }

    /// <summary>Azure has no rename: a server-side copy to the new name with <c>If-None-Match: *</c> on the
    /// destination (false when it is taken, also by another process), then the source is deleted, so the bytes exist
    /// under one of the two names at every moment. The new blob gets its own name's headers.</summary>
    protected override async Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var from = Blob(source);
        var to = Blob(destination);
        try
        {
            try
            {
                var copy = await to.StartCopyFromUriAsync(from.Uri, new BlobCopyFromUriOptions
                {
                    DestinationConditions = CreateOnly(),
                }, cancellationToken).ConfigureAwait(false);
                await copy.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (IsNameTaken(e))
            {
                return false;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
            {
                throw Missing(source, e);
            }
            await to.SetHttpHeadersAsync(Headers(destination), cancellationToken: cancellationToken).ConfigureAwait(false);
            await from.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(destination, "move", e);
        }
    }

    /// <summary>django-storages' <c>get_available_overwrite_name</c> when <see cref="AzureBlobStorageOptions.OverwriteFiles"/>:
    /// the name itself, only shortened to fit; otherwise the base's search for a free name.</summary>
    public override Task<string> GetAvailableNameAsync(string name, int? maxLength = null,
        CancellationToken cancellationToken = default)
    {
        if (!_options.OverwriteFiles) return base.GetAvailableNameAsync(name, maxLength, cancellationToken);
        ValidateName(name);
        var limit = maxLength ?? StorageNames.MaxNameLength;
        if (name.Length <= limit) return Task.FromResult(name);
        var (directory, fileName) = StorageNames.SplitDirectory(name);
        var (stem, extension) = StorageNames.SplitExtension(fileName);
        return Task.FromResult(StorageNames.Fit(directory, stem, extension, limit, name));
    }

    private BlobRequestConditions? CreateOnly() => _options.OverwriteFiles ? null : new BlobRequestConditions { IfNoneMatch = ETag.All };

    /// <summary>The media endpoint's content type and disposition (<see cref="IObjectHeaders"/>), so a blob read
    /// straight from the container is never rendered as a page, and the configured <c>Cache-Control</c>.</summary>
    private BlobHttpHeaders Headers(string name)
    {
        var (contentType, disposition) = _objectHeaders.For(name);
        return new BlobHttpHeaders
        {
            ContentType = contentType,
            ContentDisposition = disposition,
            CacheControl = _options.CacheControl.Length > 0 ? _options.CacheControl : null,
        };
    }

    /// <summary>409 BlobAlreadyExists (If-None-Match: * on an existing blob) or 412 (a condition failed).</summary>
    private static bool IsNameTaken(RequestFailedException e) =>
        e.Status is (int)HttpStatusCode.PreconditionFailed
        || (e.Status is (int)HttpStatusCode.Conflict && e.ErrorCode == BlobErrorCode.BlobAlreadyExists);
}
