using System.Buffers;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace BlazorMedia.Storage.S3;

public sealed partial class S3Storage
{
    /// <summary>Part size of multipart uploads and the most a save holds in memory. S3's minimum part is 5 MB; 8 MB
    /// parts reach 80 GB within S3's 10,000-part limit.</summary>
    internal const int PartSize = 8 << 20;

    /// <summary>First read of every save: most media (avatars, documents) fits, so concurrent small saves do not each
    /// hold a whole part buffer.</summary>
    private const int SmallBufferSize = 256 << 10;

    /// <summary>S3's create-only condition (<c>If-None-Match: *</c>), or none when overwriting is allowed.</summary>
    private string? CreateOnly => _options.FileOverwrite ? null : "*";

    /// <summary>Reads up to one part. A stream that ends within it is sent with one PUT; a longer one goes up as a
    /// multipart upload, one part buffer at a time, so memory stays at <see cref="PartSize"/> whatever the size.
    /// <para>Create-only (<see cref="S3StorageOptions.FileOverwrite"/> false) in three layers: the name is reserved
    /// in this process (racing saves here never pick the same key), checked with a HEAD (another process's finished
    /// object), and written with <c>If-None-Match: *</c>, which Amazon S3 enforces atomically (conditional writes)
    /// and answers 412 when the key appeared meanwhile; the single PUT then retries under a new name. A server that
    /// ignores the condition (s3rver, older MinIO) leaves a window between HEAD and PUT in which a writer in another
    /// process can be overwritten; a multipart upload that loses that race at completion fails instead of
    /// retrying, because its bytes cannot be read again.</para></summary>
    protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SmallBufferSize);
        string? reserved = null;
        try
        {
            var length = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false,
                cancellationToken).ConfigureAwait(false);
            if (length == buffer.Length)
            {
                // More may follow: grow to one part, keeping what was read.
                var part = ArrayPool<byte>.Shared.Rent(PartSize);
                buffer.AsSpan(0, length).CopyTo(part);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = part;
                length += await content.ReadAtLeastAsync(buffer.AsMemory(length, PartSize - length), PartSize - length,
                    throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            }
            var single = length < PartSize;
            var saved = name;
            while (true)
            {
                saved = await ReserveAsync(saved, alternativeName, cancellationToken).ConfigureAwait(false);
                reserved = Key(saved);
                if (!single)
                {
                    await UploadMultipartAsync(saved, buffer, length, content, cancellationToken).ConfigureAwait(false);
                    return saved;
                }
                if (await PutAsync(saved, buffer, length, cancellationToken).ConfigureAwait(false))
                    return saved;
                Log.NameTaken(_logger, reserved);
                Release(ref reserved);
                saved = alternativeName(saved);
            }
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw StorageNames.Failed(name, "save", e);
        }
        finally
        {
            Release(ref reserved);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>S3 has no rename: a server-side copy to the new key, then the old key is deleted, so the bytes exist
    /// under one of the two names at every moment. Create-only the same way as a save: the destination is reserved in
    /// this process and checked with a HEAD (a conditional copy would close the remaining cross-process window: SDK 4's
    /// <c>CopyObjectRequest.IfNoneMatch</c> can send one, left out until a server that honours it can test it). The
    /// copy replaces the metadata so the new object carries its own name's <c>Content-Disposition</c>. Objects over
    /// 5 GB would need a multipart copy; uploads are far below that (<c>Uploads:MaxDocumentSize</c>).</summary>
    protected override async Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var key = Key(destination);
        if (!_options.FileOverwrite && !_inFlight.TryAdd(key, 0)) return false;
        try
        {
            if (await HeadAsync(destination, "move", cancellationToken).ConfigureAwait(false) is not null) return false;
            var request = new CopyObjectRequest
            {
                SourceBucket = _options.Bucket,
                SourceKey = Key(source),
                DestinationBucket = _options.Bucket,
                DestinationKey = key,
                MetadataDirective = S3MetadataDirective.REPLACE,
            };
            SetObjectParameters(destination, request.Headers, v => request.ContentType = v);
            try
            {
                await _client.CopyObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw Missing(source, e);
            }
            await _client.DeleteObjectAsync(_options.Bucket, Key(source), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw StorageNames.Failed(destination, "move", e);
        }
        finally
        {
            if (!_options.FileOverwrite) _inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>django-storages' <c>get_available_overwrite_name</c> when <see cref="S3StorageOptions.FileOverwrite"/>:
    /// the name itself, only shortened to fit; otherwise the base's search for a free name.</summary>
    public override Task<string> GetAvailableNameAsync(string name, int? maxLength = null,
        CancellationToken cancellationToken = default)
    {
        if (!_options.FileOverwrite) return base.GetAvailableNameAsync(name, maxLength, cancellationToken);
        ValidateName(name);
        var limit = maxLength ?? StorageNames.MaxNameLength;
        if (name.Length <= limit) return Task.FromResult(name);
        var (directory, fileName) = StorageNames.SplitDirectory(name);
        var (stem, extension) = StorageNames.SplitExtension(fileName);
        return Task.FromResult(StorageNames.Fit(directory, stem, extension, limit, name));
    }

    /// <summary>Claims a free key for this save: <paramref name="name"/> or the next alternative.</summary>
    private async Task<string> ReserveAsync(string name, Func<string, string> alternativeName, CancellationToken cancellationToken)
    {
        if (_options.FileOverwrite) return name;
        while (true)
        {
            if (_inFlight.TryAdd(Key(name), 0))
            {
                if (!await ExistsAsync(name, cancellationToken).ConfigureAwait(false)) return name;
                _inFlight.TryRemove(Key(name), out _);
            }
            Log.NameTaken(_logger, Key(name));
            name = alternativeName(name);
        }
    }

    private void Release(ref string? key)
    {
        if (key is not null) _inFlight.TryRemove(key, out _);
        key = null;
    }

    /// <summary>One PUT; false when the server refused it because the key exists (412 on the create-only condition).</summary>
    private async Task<bool> PutAsync(string name, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = Key(name),
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            AutoCloseStream = true,
            IfNoneMatch = CreateOnly,
            // s3rver cannot parse aws-chunked bodies (it stores the chunk framing as the object), and SDK 4 still
            // chunks under WHEN_REQUIRED; a plain body with a known length works everywhere. No default checksum
            // either, whatever the client's config (an injected client may keep SDK 4's WHEN_SUPPORTED, which would
            // add a CRC32 header; 3.7's MD5 stream allocated ~1.5x the payload, measured: 295 MB for a 200 MB save);
            // integrity is already covered by the signed payload hash and, over https, by TLS.
            UseChunkEncoding = false,
            DisableDefaultChecksumValidation = true,
        };
        SetObjectParameters(name, request.Headers, v => request.ContentType = v);
        try
        {
            await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (IsKeyTaken(e))
        {
            return false;
        }
    }

    private async Task UploadMultipartAsync(string name, byte[] buffer, int length, Stream content,
        CancellationToken cancellationToken)
    {
        var key = Key(name);
        var initiate = new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key };
        SetObjectParameters(name, initiate.Headers, v => initiate.ContentType = v);
        var upload = await _client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            while (length > 0)
            {
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _options.Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    PartSize = length,
                    InputStream = new MemoryStream(buffer, 0, length, writable: false),
                    UseChunkEncoding = false,
                    DisableDefaultChecksumValidation = true,
                }, cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(parts.Count + 1, part.ETag));
                length = await content.ReadAtLeastAsync(buffer.AsMemory(0, PartSize), PartSize, throwOnEndOfStream: false,
                    cancellationToken).ConfigureAwait(false);
            }
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
                IfNoneMatch = CreateOnly,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Parts of an upload never completed are stored (and billed) until aborted.
            await AbortAsync(key, upload.UploadId).ConfigureAwait(false);
            if (e is AmazonS3Exception s3 && IsKeyTaken(s3))
                throw new IOException($"another writer created '{key}' while this upload was running", e);
            throw;
        }
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled save must still clean up.
            await _client.AbortMultipartUploadAsync(_options.Bucket, key, uploadId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            Log.AbortFailed(_logger, uploadId, key, e);
        }
    }

    /// <summary>django-storages' <c>object_parameters</c> and <c>get_object_parameters</c>: the content type from the
    /// media endpoint's allow-map (<see cref="IObjectHeaders"/>) (uploaded HTML or SVG read straight from the bucket must not render as a page),
    /// <c>Content-Disposition: attachment</c> for everything that is not an inline image, and the configured
    /// <c>Cache-Control</c>.</summary>
    private void SetObjectParameters(string name, HeadersCollection headers, Action<string> setContentType)
    {
        var (contentType, disposition) = _objectHeaders.For(name);
        setContentType(contentType);
        headers.ContentDisposition = disposition;
        if (_options.CacheControl.Length > 0) headers.CacheControl = _options.CacheControl;
    }

    /// <summary>SDK 4 percent-encodes the whole <c>x-amz-copy-source</c> value, the '/' after the bucket and between
    /// key segments included (<c>media%2Fdocs%2Fa.txt</c>). Amazon S3 decodes that, but servers that decode it as a
    /// path do not: s3rver then looks for a bucket named <c>media%2Fdocs%2Fa.txt</c> and answers NoSuchBucket. This
    /// sends 3.7's (and boto3's) form instead, bucket and key segments encoded and the slashes kept, which both read.
    /// Runs after the SDK marshalled the request and before it signs it, so the signature covers the new value.</summary>
    private void KeepCopySourceSlashes(object sender, RequestEventArgs e)
    {
        // A client shared with other storages only changes copies out of this storage's bucket.
        if (e is WebServiceRequestEventArgs { Request: CopyObjectRequest copy } args && copy.SourceBucket == _options.Bucket)
            args.Headers[CopySourceHeader] = CopySource(copy.SourceBucket, copy.SourceKey);
    }

    private const string CopySourceHeader = "x-amz-copy-source";

    /// <summary><c>bucket/key</c> with each segment percent-encoded (RFC 3986 unreserved characters kept) and the
    /// slashes between them left as they are.</summary>
    internal static string CopySource(string bucket, string key) =>
        Uri.EscapeDataString(bucket) + "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    /// <summary>412: the create-only condition failed. 409 ConditionalRequestConflict: a concurrent conditional
    /// write to the same key is in progress; either way the key is someone else's.</summary>
    private static bool IsKeyTaken(AmazonS3Exception e) =>
        e.StatusCode is HttpStatusCode.PreconditionFailed
        || (e.StatusCode is HttpStatusCode.Conflict && e.ErrorCode == "ConditionalRequestConflict");
}
