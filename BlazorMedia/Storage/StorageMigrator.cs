using System.Diagnostics;
using System.Security.Cryptography;

namespace BlazorMedia.Storage;

/// <summary>Copies every stored file from one backend to another under the same name (the <c>migrate-storage</c>
/// verb). Resumable: a file the target already holds with the same size and SHA-256 is skipped, so a rerun after an
/// interruption picks up where the last one stopped. Names are never changed and nothing is overwritten: a target
/// holding the name with other content is a conflict. Every copy is streamed (the source hashed on the way) and then
/// read back from the target and compared; a copy that does not match, or whose verification did not finish, is
/// deleted, so the target never keeps a bad or partial file under a real name.</summary>
public sealed class StorageMigrator(IFileStorage source, IFileStorage target, TextWriter? output = null, TextWriter? errors = null)
{
    private readonly TextWriter _output = output ?? TextWriter.Null;
    private readonly TextWriter _errors = errors ?? output ?? TextWriter.Null;
    private int _copied, _alreadyThere, _conflicts, _errorCount;
    private long _bytes;
    private readonly Stopwatch _clock = new();

    /// <summary>Counts so far; after an interruption (cancellation), what the run did before it stopped.</summary>
    public StorageMigrationResult Result => new(_copied, _alreadyThere, _conflicts, _errorCount, _bytes, _clock.Elapsed);

    /// <summary>Walks the source (folders and files, depth first, in listing order) and copies each file. With
    /// <paramref name="dryRun"/>, writes nothing and counts as "copied" what a real run would copy.
    /// Cancellation stops the run with <see cref="OperationCanceledException"/>; a copy in flight is removed.</summary>
    public async Task<StorageMigrationResult> MigrateAsync(bool dryRun, CancellationToken cancellationToken)
    {
        _clock.Start();
        try
        {
            var folders = new Stack<string>();
            folders.Push("");
            while (folders.Count > 0)
            {
                var folder = folders.Pop();
                var listing = await source.ListAsync(folder, cancellationToken).ConfigureAwait(false);
                foreach (var file in listing.Files)
                    await MigrateFileAsync(Join(folder, file), dryRun, cancellationToken).ConfigureAwait(false);
                // Pushed in reverse so folders are visited in listing (ordinal) order.
                for (var i = listing.Directories.Count - 1; i >= 0; i--)
                    folders.Push(Join(folder, listing.Directories[i]));
            }
            return Result;
        }
        finally
        {
            _clock.Stop();
        }
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    private async Task MigrateFileAsync(string name, bool dryRun, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            switch (await CompareWithTargetAsync(name, cancellationToken).ConfigureAwait(false))
            {
                case TargetState.Same:
                    _alreadyThere++;
                    return;
                case TargetState.Different:
                    _conflicts++;
                    await _errors.WriteLineAsync($"conflict: {name} (the target holds this name with other content; left as is)").ConfigureAwait(false);
                    return;
            }
            if (dryRun)
            {
                var size = await source.GetSizeAsync(name, cancellationToken).ConfigureAwait(false);
                _copied++;
                await _output.WriteLineAsync($"would copy: {name} ({size:N0} bytes)").ConfigureAwait(false);
                return;
            }
            await CopyAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _errorCount++;
            await _errors.WriteLineAsync($"error: {name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private enum TargetState { Missing, Same, Different }

    private async Task<TargetState> CompareWithTargetAsync(string name, CancellationToken cancellationToken)
    {
        if (!await target.ExistsAsync(name, cancellationToken).ConfigureAwait(false)) return TargetState.Missing;
        long targetSize;
        try
        {
            targetSize = await target.GetSizeAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return TargetState.Different; // a folder of that name on the target
        }
        if (targetSize != await source.GetSizeAsync(name, cancellationToken).ConfigureAwait(false)) return TargetState.Different;
        var targetHash = await HashAsync(target, name, cancellationToken).ConfigureAwait(false);
        var sourceHash = await HashAsync(source, name, cancellationToken).ConfigureAwait(false);
        return targetHash.AsSpan().SequenceEqual(sourceHash) ? TargetState.Same : TargetState.Different;
    }

    private async Task CopyAsync(string name, CancellationToken cancellationToken)
    {
        string saved;
        byte[] sourceHash;
        long length;
        var read = await source.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
        await using (read.ConfigureAwait(false))
        {
            using var hashing = new HashingReadStream(read);
            saved = await target.SaveAsync(name, hashing, cancellationToken).ConfigureAwait(false);
            sourceHash = hashing.GetHash();
            length = hashing.BytesRead;
        }

        var keep = false;
        try
        {
            if (!string.Equals(saved, name, StringComparison.Ordinal))
            {
                _conflicts++;
                await _errors.WriteLineAsync($"conflict: {name} (taken on the target meanwhile; the copy saved as {saved} was removed)").ConfigureAwait(false);
                return;
            }
            var copyHash = await HashAsync(target, saved, cancellationToken).ConfigureAwait(false);
            if (!copyHash.AsSpan().SequenceEqual(sourceHash))
            {
                _errorCount++;
                await _errors.WriteLineAsync($"error: {name}: the copy read back from the target differs from the source (SHA-256); the copy was removed").ConfigureAwait(false);
                return;
            }
            keep = true;
            _copied++;
            _bytes += length;
            await _output.WriteLineAsync($"copied: {name} ({length:N0} bytes)").ConfigureAwait(false);
        }
        finally
        {
            // Not the caller's token: the removal must happen even when the run is being cancelled.
            if (!keep) await target.DeleteAsync(saved, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]> HashAsync(IFileStorage storage, string name, CancellationToken cancellationToken)
    {
        var stream = await storage.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Passes reads through and hashes them, so the source is read once for both the copy and its hash.</summary>
    private sealed class HashingReadStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long BytesRead { get; private set; }

        public byte[] GetHash() => _hash.GetCurrentHash();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            Append(buffer[..n]);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Append(buffer.Span[..n]);
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Append(ReadOnlySpan<byte> data)
        {
            _hash.AppendData(data);
            BytesRead += data.Length;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>What a <see cref="StorageMigrator"/> run did. In a dry run, <see cref="Copied"/> counts what would be copied.</summary>
public sealed record StorageMigrationResult(int Copied, int AlreadyThere, int Conflicts, int Errors, long BytesCopied, TimeSpan Elapsed)
{
    public bool Succeeded => Conflicts == 0 && Errors == 0;
}
