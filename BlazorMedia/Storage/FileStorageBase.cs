
namespace BlazorMedia.Storage;

/// <summary>Django's <c>Storage</c> base class in three tiers: public operations that validate names and then call a
/// protected hook (<see cref="SaveAsync"/> → <see cref="SaveCoreAsync"/>); defaults a backend may override
/// (<see cref="GetValidName"/>, <see cref="GetAvailableNameAsync"/>, <see cref="GenerateFileName"/>); and the
/// operations every backend implements.</summary>
public abstract class FileStorageBase : IFileStorage
{
    /// <summary>How many taken names a save tolerates before giving up; with 62^7 suffixes, reaching it means
    /// something other than bad luck is wrong (a backend that always reports the name taken).</summary>
    protected const int MaxNameAttempts = StorageNames.MaxNameAttempts;

    public Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return SaveValidatedAsync(name, (available, alternative) =>
            SaveCoreAsync(available, content, alternative, cancellationToken), cancellationToken);
    }

    public Task<string> SaveFileAsync(string name, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        return SaveValidatedAsync(name, (available, alternative) =>
            SaveFileCoreAsync(available, localPath, alternative, cancellationToken), cancellationToken);
    }

    private async Task<string> SaveValidatedAsync(string name, Func<string, Func<string, string>, Task<string>> save,
        CancellationToken cancellationToken)
    {
        // Validated before and after choosing a name, and after the backend wrote: an override of
        // GetAvailableNameAsync or SaveCoreAsync must not be able to smuggle a bad name through
        // (Django CVE-2021-45452, CVE-2024-39330).
        ValidateName(name);
        var available = await GetAvailableNameAsync(name, StorageNames.MaxNameLength, cancellationToken).ConfigureAwait(false);
        ValidateName(available);

        var attempts = 1;
        string Alternative(string taken)
        {
            // The race lost between GetAvailableNameAsync and the write (CVE-2014-0481): a fresh random suffix
            // instead of counting up, so racing writers do not walk the same sequence.
            if (++attempts > MaxNameAttempts)
                throw StorageNames.Refused(name, $"no available name was found after {MaxNameAttempts} attempts");
            var next = GetAlternativeName(name, StorageNames.MaxNameLength);
            ValidateName(next);
            return next;
        }

        var saved = await save(available, Alternative).ConfigureAwait(false);
        ValidateName(saved);
        return saved;
    }

    /// <summary>Writes <paramref name="content"/> under <paramref name="name"/> without ever replacing an existing
    /// file (create-exclusive). When the name turns out to be taken, ask <paramref name="alternativeName"/> for the
    /// next candidate and try that one, without reading <paramref name="content"/> again. Returns the name used.
    /// Wrap backend failures with <see cref="StorageNames.Failed"/>.</summary>
    protected abstract Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken);

    /// <summary><see cref="SaveCoreAsync"/> from a local file the caller gives up (<see cref="IFileStorage.SaveFileAsync"/>).
    /// The default copies it; a backend that can take the file itself (a rename on the same file system) overrides
    /// this. It never deletes <paramref name="localPath"/>: its owner does.</summary>
    protected virtual async Task<string> SaveFileCoreAsync(string name, string localPath, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        await using var content = LocalFiles.OpenRead(localPath);
        return await SaveCoreAsync(name, content, alternativeName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses names this backend cannot store; backends may add rules (e.g. reserved prefixes).</summary>
    protected virtual void ValidateName(string name) => StorageNames.Validate(name);

    public virtual string GetValidName(string name)
    {
        var segments = name.Replace('\\', '/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var valid = StorageNames.GetValidFilename(segments[i]);
            var (stem, extension) = StorageNames.SplitExtension(valid);
            segments[i] = StorageNames.Fit("", stem, extension, int.MaxValue, name);
        }
        return string.Join('/', segments);
    }

    public virtual string GenerateFileName(string name)
    {
        // Only the part after the last '/' is the user's; the folder is refused, never repaired (Django raises too).
        var slash = name.LastIndexOf('/');
        var fileName = GetValidName(name[(slash + 1)..]);
        var generated = name[..(slash + 1)] + fileName;
        ValidateName(generated);
        return generated;
    }

    public virtual async Task<string> GetAvailableNameAsync(string name, int? maxLength = null,
        CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        var limit = maxLength ?? StorageNames.MaxNameLength;
        var candidate = name;
        if (candidate.Length > limit)
        {
            var (directory, fileName) = StorageNames.SplitDirectory(name);
            var (stem, extension) = StorageNames.SplitExtension(fileName);
            candidate = StorageNames.Fit(directory, stem, extension, limit, name);
        }
        for (var attempt = 1; await ExistsAsync(candidate, cancellationToken).ConfigureAwait(false); attempt++)
        {
            if (attempt >= MaxNameAttempts)
                throw StorageNames.Refused(name, $"no available name was found after {MaxNameAttempts} attempts");
            candidate = GetAlternativeName(name, limit);
        }
        return candidate;
    }

    /// <summary>Django's <c>get_alternative_name</c> (<see cref="StorageNames.WithRandomSuffix"/>).</summary>
    protected virtual string GetAlternativeName(string name, int maxLength) => StorageNames.WithRandomSuffix(name, maxLength);

    public Task<bool> MoveAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        ValidateName(source);
        ValidateName(destination);
        if (source == destination)
            throw StorageNames.Refused(destination, "it is the name the file already has");
        return MoveCoreAsync(source, destination, cancellationToken);
    }

    /// <summary>Moves without ever replacing <paramref name="destination"/>; false when it is taken. Both names are
    /// valid and different. Wrap backend failures with <see cref="StorageNames.Failed"/>.</summary>
    protected abstract Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken);

    public abstract Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    public abstract Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    public abstract Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    public abstract Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The folder-by-folder walk; a backend with a flat key space overrides it (see the interface).</summary>
    public virtual IAsyncEnumerable<string> ListAllFilesAsync(CancellationToken cancellationToken = default) =>
        StorageWalk.AllFilesAsync(this, cancellationToken);

    public abstract Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default);

    public abstract Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default);

    public abstract Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default);

    public virtual Task<StorageObjectInfo> GetInfoAsync(string name, CancellationToken cancellationToken = default) =>
        StorageObjects.GetInfoAsync(this, name, cancellationToken);

    public virtual Task<StorageObjectRead> OpenReadWithInfoAsync(string name, CancellationToken cancellationToken = default) =>
        StorageObjects.OpenReadWithInfoAsync(this, name, cancellationToken);

    public abstract string GetUrl(string name);

    /// <summary>For <see cref="ListAsync"/>: "" is the root, anything else is validated like a name.</summary>
    protected void ValidateFolder(string path)
    {
        if (path.Length > 0) ValidateName(path);
    }

    /// <summary><c>Media:Url</c> + each segment percent-encoded (UTF-8), so unicode and reserved characters survive
    /// both a local path base (<c>/media/</c>) and an absolute CDN base.</summary>
    protected string BuildUrl(string baseUrl, string name)
    {
        ValidateName(name);
        return baseUrl + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
    }
}
