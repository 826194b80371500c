using System.Diagnostics;
using BlazorMedia.Spooling;

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

    public Task<StorageMigrationResult> MigrateAsync(bool dryRun, CancellationToken cancellationToken) =>
        MigrateAsync(dryRun, progress: null, cancellationToken);

    /// <summary>Lists the source (<see cref="IFileStorage.ListAllFilesAsync"/>), then copies each file. With
    /// <paramref name="dryRun"/>, writes nothing and counts as "copied" what a real run would copy. <paramref name="progress"/>
    /// hears the total once the listing is done, then after each file whatever became of it.
    /// Cancellation stops the run with <see cref="OperationCanceledException"/>; a copy in flight is removed.</summary>
    public async Task<StorageMigrationResult> MigrateAsync(bool dryRun, IProgress<StorageMigrationProgress>? progress,
        CancellationToken cancellationToken)
    {
        _clock.Start();
        try
        {
            var names = new List<string>();
            await foreach (var name in source.ListAllFilesAsync(cancellationToken).ConfigureAwait(false))
                names.Add(name);
            progress?.Report(new(0, names.Count));
            for (var i = 0; i < names.Count; i++)
            {
                await MigrateFileAsync(names[i], dryRun, cancellationToken).ConfigureAwait(false);
                progress?.Report(new(i + 1, names.Count));
            }
            return Result;
        }
        finally
        {
            _clock.Stop();
        }
    }

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
        return targetHash == sourceHash ? TargetState.Same : TargetState.Different;
    }

    private async Task CopyAsync(string name, CancellationToken cancellationToken)
    {
        string saved;
        string sourceHash;
        long length;
        var read = await source.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
        await using (read.ConfigureAwait(false))
        {
            using var hashing = new HashingStream(read);
            saved = await target.SaveAsync(name, hashing, cancellationToken).ConfigureAwait(false);
            sourceHash = hashing.Sha256;
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
            if (copyHash != sourceHash)
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

    private static async Task<string> HashAsync(IFileStorage storage, string name, CancellationToken cancellationToken)
    {
        var stream = await storage.OpenReadAsync(name, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
            return (await HashingStream.DigestAsync(stream, cancellationToken).ConfigureAwait(false)).Sha256;
    }
}

/// <summary>How far a <see cref="StorageMigrator"/> run is: <paramref name="Done"/> of the source's <paramref name="Total"/> files handled.</summary>
public readonly record struct StorageMigrationProgress(int Done, int Total);

/// <summary>What a <see cref="StorageMigrator"/> run did. In a dry run, <see cref="Copied"/> counts what would be copied.</summary>
public sealed record StorageMigrationResult(int Copied, int AlreadyThere, int Conflicts, int Errors, long BytesCopied, TimeSpan Elapsed)
{
    public bool Succeeded => Conflicts == 0 && Errors == 0;
}
