namespace BlazorMedia.Storage;

/// <summary>
/// Django's <c>Storage</c> API as one async contract. Every backend (file system, S3, in-memory) passes
/// <c>FileStorageContractTests</c>.
/// <para>Name rules: a name is a relative storage key made of segments separated by <c>/</c>. It never starts with
/// <c>/</c>, never contains <c>\</c>, a drive letter (<c>C:</c>) or any other <c>:</c>, an empty, <c>.</c> or <c>..</c> segment, NUL or
/// other control characters, and is at most 512 characters with segments of at most 255 UTF-8 bytes
/// (<see cref="StorageNames"/>). No disk path or absolute location crosses this contract. A name that breaks a rule is
/// refused with <see cref="StorageException"/> naming the name and the rule, before anything is written.</para>
/// <para>Backend failures surface as <see cref="StorageException"/> naming the name and the operation; a missing
/// file surfaces as <see cref="FileNotFoundException"/> from <see cref="OpenReadAsync"/> and the size/time getters.</para>
/// </summary>
public interface IFileStorage
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="name"/> or, when that is taken, under an
    /// available variant (<c>photo_a1b2c3d.jpg</c>); never overwrites. Returns the name actually used.</summary>
    Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default);

    /// <summary><see cref="SaveAsync"/> from a file on this machine that the caller gives up (a spooled upload):
    /// the caller does not change it afterwards and still deletes its own <paramref name="localPath"/> when done,
    /// whatever happened. A backend on the same file system takes the file itself, create-only (Django's
    /// <c>file_move_safe</c>: one write, no copy); the default copies it through <see cref="SaveAsync"/> (S3, Azure
    /// and SFTP send it with their own multipart, block or temp-file upload). Returns the name actually used.</summary>
    async Task<string> SaveFileAsync(string name, string localPath, CancellationToken cancellationToken = default)
    {
        await using var content = LocalFiles.OpenRead(localPath);
        return await SaveAsync(name, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a stored file for reading. Throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Renames or moves a stored file to <paramref name="destination"/>, create-only: false (and nothing
    /// changed) when that name is already taken. Throws <see cref="FileNotFoundException"/> when
    /// <paramref name="source"/> does not exist. The source is gone only once the destination holds every byte.</summary>
    Task<bool> MoveAsync(string source, string destination, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stored file; no error when it is already gone.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>True when <paramref name="name"/> is taken: a stored file or, on backends with real folders, a folder.</summary>
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Django's <c>listdir</c>: immediate sub-folders and files of <paramref name="path"/> ("" = the root),
    /// as names relative to that folder, sorted ordinally; empty when the folder does not exist.</summary>
    Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Every stored file's name (what the maintenance verbs and <c>migrate-storage</c> walk), each once, in no
    /// particular order. The default walks <see cref="ListAsync"/> folder by folder; a backend whose folders are only
    /// key prefixes (S3, Azure Blob) lists every key in one paginated pass instead: one request per 1,000 names rather
    /// than one per folder.</summary>
    IAsyncEnumerable<string> ListAllFilesAsync(CancellationToken cancellationToken = default) =>
        StorageWalk.AllFilesAsync(this, cancellationToken);

    Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default);

    Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default);

    Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Size and modified time together, in one backend call where the backend can (S3: one HEAD, not two).
    /// Throws <see cref="FileNotFoundException"/> when the file does not exist.</summary>
    Task<StorageObjectInfo> GetInfoAsync(string name, CancellationToken cancellationToken = default) =>
        StorageObjects.GetInfoAsync(this, name, cancellationToken);

    /// <summary>Opens a stored file with its size and modified time, in one backend call where the backend can (S3:
    /// one GET, whose response carries both). Throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    Task<StorageObjectRead> OpenReadWithInfoAsync(string name, CancellationToken cancellationToken = default) =>
        StorageObjects.OpenReadWithInfoAsync(this, name, cancellationToken);

    /// <summary>Public URL of <paramref name="name"/> under <c>Media:Url</c>, each segment percent-encoded.</summary>
    string GetUrl(string name);

    /// <summary>Django's <c>get_valid_name</c>: every segment sanitised (<see cref="StorageNames.GetValidFilename"/>)
    /// and shortened to 255 bytes keeping its extension.</summary>
    string GetValidName(string name);

    /// <summary>Django's <c>generate_filename</c>: the folder part must already be valid (it comes from an upload-to
    /// rule); the file name is made valid with <see cref="GetValidName"/>.</summary>
    string GenerateFileName(string name);

    /// <summary>Django's <c>get_available_name</c>: <paramref name="name"/> if free, else a variant with a random
    /// 7-character suffix, shortened to <paramref name="maxLength"/> keeping the extension.</summary>
    Task<string> GetAvailableNameAsync(string name, int? maxLength = null, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IFileStorage.GetInfoAsync"/> returns: the validators a response needs.</summary>
public sealed record StorageObjectInfo(long Length, DateTimeOffset Modified);

/// <summary>An open stored file and the size and time of the bytes it reads. The caller disposes
/// <see cref="Content"/>.</summary>
public sealed record StorageObjectRead(Stream Content, StorageObjectInfo Info);

/// <summary>The plain way to get <see cref="StorageObjectInfo"/> and <see cref="StorageObjectRead"/>, for backends
/// whose getters are cheap (a file's metadata is one stat).</summary>
public static class StorageObjects
{
    public static async Task<StorageObjectInfo> GetInfoAsync(IFileStorage storage, string name, CancellationToken cancellationToken) =>
        new(await storage.GetSizeAsync(name, cancellationToken), await storage.GetModifiedTimeAsync(name, cancellationToken));

    /// <summary>Size and time first, then the bytes: the validators describe what is about to be read.</summary>
    public static async Task<StorageObjectRead> OpenReadWithInfoAsync(IFileStorage storage, string name, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(storage, name, cancellationToken);
        return new(await storage.OpenReadAsync(name, cancellationToken), info);
    }
}

/// <summary>Reading a file a caller hands to <see cref="IFileStorage.SaveFileAsync"/>.</summary>
public static class LocalFiles
{
    /// <summary>Opens <paramref name="localPath"/> for one sequential read, sharing it with its owner (which may hold
    /// it open for writing, or delete it on close).</summary>
    public static FileStream OpenRead(string localPath) => new(localPath, FileMode.Open, FileAccess.Read,
        FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
}

/// <summary>The folder-by-folder walk behind <see cref="IFileStorage.ListAllFilesAsync"/>: depth first, through the
/// backend's own listing (so it never sees the file system backend's hidden temp files).</summary>
public static class StorageWalk
{
    public static async IAsyncEnumerable<string> AllFilesAsync(IFileStorage storage,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folders = new Stack<string>([""]);
        while (folders.TryPop(out var folder))
        {
            var listing = await storage.ListAsync(folder, cancellationToken).ConfigureAwait(false);
            var prefix = folder.Length == 0 ? "" : folder + "/";
            foreach (var file in listing.Files) yield return prefix + file;
            foreach (var sub in listing.Directories.Reverse()) folders.Push(prefix + sub);
        }
    }
}

/// <summary>Result of <see cref="IFileStorage.ListAsync"/>.</summary>
public sealed record StorageListing(IReadOnlyList<string> Directories, IReadOnlyList<string> Files);
