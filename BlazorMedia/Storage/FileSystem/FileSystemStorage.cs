using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Storage.FileSystem;

/// <summary>Django's <c>FileSystemStorage</c>: files under <see cref="FileSystemStorageOptions.Location"/>, written
/// atomically (temp file in the same folder, fsync, rename that never replaces), so a crash or a failing upload never
/// leaves a partial file under a real name, and concurrent saves of one name never overwrite each other.</summary>
public sealed partial class FileSystemStorage : FileStorageBase, ILocalFileAccess, ILocalFileIntake
{
    /// <summary>Names of in-flight writes. Reserved: such names are refused, hidden from listings and swept.</summary>
    public const string TempFilePrefix = StorageNames.TempFilePrefix;

    /// <summary>The <see cref="ILocalFileIntake"/> folder at the root: its name carries the reserved prefix, so the
    /// contract can neither address nor list it.</summary>
    public const string IntakeFolderName = TempFilePrefix + "intake";

    private const int CopyBufferSize = 128 * 1024;

    /// <summary>How long <see cref="TryGetLocalFile"/> trusts what it found, and how many names it remembers.</summary>
    /// <remarks>Resolving costs a realpath (one syscall per path component) and a stat; a hot thumbnail is asked for
    /// thousands of times a second. Only found files are remembered, so a new file shows at once; a save or delete
    /// through this storage forgets its name at once; a file removed behind the storage's back (by hand, by another
    /// instance) stops being served within the lifetime. Names are never rewritten in place (saves are
    /// create-exclusive), so a remembered length and time still describe the bytes.</remarks>
    internal static readonly TimeSpan LocalFileLifetime = TimeSpan.FromSeconds(1);
    internal const int LocalFileCapacity = 4096;
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly FileSystemStorageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _root;
    private string? _realRoot;
    private readonly ConcurrentDictionary<string, (FileInfo File, long Expires)> _localFiles = new(StringComparer.Ordinal);

    public FileSystemStorage(FileSystemStorageOptions options, TimeProvider? timeProvider = null,
        ILogger<FileSystemStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Path.IsPathFullyQualified(options.Location))
            throw new ArgumentException($"FileSystemStorage Location '{options.Location}' must be an absolute path.", nameof(options));
        if (!options.BaseUrl.EndsWith('/'))
            throw new ArgumentException($"FileSystemStorage BaseUrl '{options.BaseUrl}' must end with '/'.", nameof(options));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<FileSystemStorage>.Instance;
        // The trailing separator is what makes the containment check sound: without it, 'media-evil/x' starts with
        // 'media' (the OrchardCore bug).
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Location)) + Path.DirectorySeparatorChar;
    }

    protected override void ValidateName(string name)
    {
        base.ValidateName(name);
        foreach (var segment in name.Split('/'))
            if (segment.StartsWith(TempFilePrefix, StringComparison.Ordinal))
                throw StorageNames.Refused(name, $"it uses the reserved prefix '{TempFilePrefix}'");
    }

    protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        var path = ResolvePath(name);
        var directory = Path.GetDirectoryName(path)!;
        string? temp = null;
        try
        {
            CreateDirectories(directory);
            // Same folder as the final name: a rename within one file system is atomic, across file systems it is not.
            temp = Path.Combine(directory, TempFilePrefix + RandomNumberGenerator.GetHexString(16, lowercase: true));
            await WriteDurablyAsync(temp, content, cancellationToken).ConfigureAwait(false);

            var saved = name;
            while (!NoReplaceMove.TryMove(temp, path))
            {
                saved = alternativeName(saved);
                path = ResolvePath(saved);
            }
            temp = null;
            _localFiles.TryRemove(saved, out _);
            NoReplaceMove.FlushDirectory(directory);
            return saved;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StorageNames.Failed(name, "save", e);
        }
        finally
        {
            if (temp is not null) DeleteTemp(temp);
        }
    }

    /// <summary>Takes the file with a create-only hard link (its owner's delete-on-close removes the other name) after
    /// an fsync, which write-behind while it was spooled keeps short; copies when no link is possible (another file
    /// system, no hard links).</summary>
    protected override async Task<string> SaveFileCoreAsync(string name, string localPath, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        var path = ResolvePath(name);
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            using (var handle = File.OpenHandle(localPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                if (_options.FilePermissions is { } mode && !OperatingSystem.IsWindows()) File.SetUnixFileMode(handle, mode);
                NoReplaceMove.FlushFile(handle);
            }
            CreateDirectories(directory);
            var saved = name;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (NoReplaceMove.TryLink(localPath, path))
                {
                    case LinkResult.Linked:
                        _localFiles.TryRemove(saved, out _);
                        NoReplaceMove.FlushDirectory(directory);
                        return saved;
                    case LinkResult.Taken:
                        saved = alternativeName(saved);
                        path = ResolvePath(saved);
                        break;
                    default:
                        return await base.SaveFileCoreAsync(saved, localPath, alternativeName, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not FileNotFoundException)
        {
            throw StorageNames.Failed(name, "save", e);
        }
    }

    public string GetIntakeFolder()
    {
        var folder = Path.Combine(_root, IntakeFolderName);
        if (!Directory.Exists(folder))
        {
            CreateDirectories(_root);
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return folder;
    }

    private async Task WriteDurablyAsync(string temp, Stream content, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
            BufferSize = 0, // CopyToAsync already writes in large chunks; a second buffer only copies twice.
        };
        var mode = _options.FilePermissions;
        if (mode is not null && !OperatingSystem.IsWindows()) options.UnixCreateMode = mode.Value;
        await using var file = new FileStream(temp, options);
        // The create mode is narrowed by the umask; Django chmods afterwards for the same reason.
        if (mode is not null && !OperatingSystem.IsWindows()) File.SetUnixFileMode(file.SafeFileHandle, mode.Value);
        await content.CopyToAsync(file, CopyBufferSize, cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    private void CreateDirectories(string directory)
    {
        if (Directory.Exists(directory)) return;
        var missing = new Stack<string>();
        for (var d = directory; !Directory.Exists(d); d = Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
            if (d.Length < _root.Length) break;
        }
        var mode = _options.DirectoryPermissions;
        // Top-down, one level at a time, so every folder we create gets DirectoryPermissions whatever the umask.
        foreach (var d in missing)
        {
            Directory.CreateDirectory(d);
            if (mode is not null && !OperatingSystem.IsWindows()) File.SetUnixFileMode(d, mode.Value);
        }
    }

    private void DeleteTemp(string temp)
    {
        try { File.Delete(temp); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.TempFileNotDeleted(_logger, Path.GetFileName(temp), e);
        }
    }

    protected override Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var from = ResolvePath(source);
        var to = ResolvePath(destination);
        return Task.FromResult(Run(destination, "move", () =>
        {
            if (!File.Exists(from))
                throw new FileNotFoundException($"Storage has no file '{StorageNames.Display(source)}'.", source);
            var directory = Path.GetDirectoryName(to)!;
            CreateDirectories(directory);
            // renameat2(RENAME_NOREPLACE): the kernel refuses a taken name, so a racing save is never overwritten.
            if (!NoReplaceMove.TryMove(from, to)) return false;
            _localFiles.TryRemove(source, out _);
            _localFiles.TryRemove(destination, out _);
            NoReplaceMove.FlushDirectory(directory);
            NoReplaceMove.FlushDirectory(Path.GetDirectoryName(from)!);
            return true;
        }));
    }

    public override Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ResolvePath(name);
        return Task.FromResult(Run<Stream>(name, "open", () =>
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (DirectoryNotFoundException e) // A missing folder is a missing file to callers.
            {
                throw new FileNotFoundException($"Storage has no file '{StorageNames.Display(name)}'.", name, e);
            }
        }));
    }

    public override Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ResolvePath(name);
        _localFiles.TryRemove(name, out _);
        Run(name, "delete", () =>
        {
            try { File.Delete(path); }
            catch (DirectoryNotFoundException) { } // Already gone with its folder: deleting is idempotent.
            return 0;
        });
        return Task.CompletedTask;
    }

    public override Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = ResolvePath(name);
        return Task.FromResult(Path.Exists(path) || new FileInfo(path).LinkTarget is not null);
    }

    public override Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidateFolder(path);
        var folder = path.Length == 0 ? _root : ResolvePath(path);
        return Task.FromResult(Run(path, "list", () =>
        {
            var directories = new List<string>();
            var files = new List<string>();
            if (Directory.Exists(folder))
            {
                var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true };
                foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", options))
                {
                    // Only names the contract can address: temp files and names breaking a rule stay invisible.
                    if (entry.Name.StartsWith(TempFilePrefix, StringComparison.Ordinal)) continue;
                    if (StorageNames.FindBrokenRule(entry.Name) is not null) continue;
                    (entry is DirectoryInfo ? directories : files).Add(entry.Name);
                }
            }
            directories.Sort(StringComparer.Ordinal);
            files.Sort(StringComparer.Ordinal);
            return new StorageListing(directories, files);
        }));
    }

    public override Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run(name, "read the size of", () => ExistingFile(name).Length));

    public override Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run(name, "read the modified time of", () => new DateTimeOffset(ExistingFile(name).LastWriteTimeUtc)));

    public override Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run(name, "read the created time of", () => new DateTimeOffset(ExistingFile(name).CreationTimeUtc)));

    public override string GetUrl(string name) => BuildUrl(_options.BaseUrl, name);

    /// <summary>The file behind <paramref name="name"/>; see <see cref="LocalFileLifetime"/> for how long an answer
    /// is reused. The returned <see cref="FileInfo"/> is a shared snapshot: read it, do not refresh it.</summary>
    public FileInfo? TryGetLocalFile(string name)
    {
        var now = _time.GetTimestamp();
        if (_localFiles.TryGetValue(name, out var known) && now < known.Expires) return known.File;
        try
        {
            var file = new FileInfo(ResolvePath(name));
            if (!file.Exists) // also loads length and times, so readers of the snapshot never touch the disk
            {
                _localFiles.TryRemove(name, out _);
                return null;
            }
            // Bounded crudely: when full, start over; the hot names come straight back.
            if (_localFiles.Count >= LocalFileCapacity) _localFiles.Clear();
            _localFiles[name] = (file, now + (long)(LocalFileLifetime.TotalSeconds * _time.TimestampFrequency));
            return file;
        }
        catch (Exception e) when (e is StorageException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes temp files of writes that never finished and files left in the intake folder (a crash, a
    /// killed process). Returns how many.</summary>
    public Task<int> SweepStaleTempFilesAsync(TimeSpan olderThan, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            if (!Directory.Exists(_root)) return 0;
            var cutoff = (_time.GetUtcNow() - olderThan).UtcDateTime;
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = true,
                IgnoreInaccessible = true,
                // Never follow a symlinked folder out of the root; temp files are hidden, so do not skip those.
                AttributesToSkip = FileAttributes.ReparsePoint,
            };
            var swept = 0;
            var intake = new DirectoryInfo(Path.Combine(_root, IntakeFolderName));
            var intakeFiles = intake.Exists ? intake.EnumerateFiles("*", new EnumerationOptions { AttributesToSkip = 0 }) : [];
            foreach (var file in new DirectoryInfo(_root).EnumerateFiles(TempFilePrefix + "*", options).Concat(intakeFiles))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file.LastWriteTimeUtc > cutoff) continue;
                try
                {
                    file.Delete();
                    swept++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Log.TempFileNotDeleted(_logger, file.FullName, e);
                }
            }
            if (swept > 0) Log.TempFilesSwept(_logger, swept, _root);
            return swept;
        }, cancellationToken);

    private FileInfo ExistingFile(string name)
    {
        var file = new FileInfo(ResolvePath(name));
        return file.Exists ? file : throw new FileNotFoundException($"Storage has no file '{StorageNames.Display(name)}'.", name);
    }

    /// <summary>Disk path of a valid name, refused when it would land outside the root, lexically or through a
    /// symbolic link (checked on the deepest part that exists; a link swapped in afterwards is not caught, which
    /// needs write access to the media folder in the first place).</summary>
    private string ResolvePath(string name)
    {
        ValidateName(name);
        var full = Path.GetFullPath(name, _root);
        if (!full.StartsWith(_root, PathComparison))
            throw StorageNames.Refused(name, "it resolves outside the storage root");

        var existing = full;
        while (existing.Length > _root.Length && !Path.Exists(existing))
            existing = Path.GetDirectoryName(existing)!;
        if (NoReplaceMove.RealPath(existing) is { } real && RealRoot() is { } realRoot
            && !(real + Path.DirectorySeparatorChar).StartsWith(realRoot, PathComparison))
            throw StorageNames.Refused(name, "it leads outside the storage root through a symbolic link");
        return full;
    }

    private string? RealRoot()
    {
        if (_realRoot is not null) return _realRoot;
        var real = NoReplaceMove.RealPath(_root);
        return real is null ? null : _realRoot = Path.TrimEndingDirectorySeparator(real) + Path.DirectorySeparatorChar;
    }

    private static T Run<T>(string name, string operation, Func<T> action)
    {
        try { return action(); }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not FileNotFoundException)
        {
            throw StorageNames.Failed(name, operation, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Removed {Count} stale temp files under {Root}")]
        public static partial void TempFilesSwept(ILogger logger, int count, string root);

        [LoggerMessage(3002, LogLevel.Warning, "Could not remove temp file {Path}")]
        public static partial void TempFileNotDeleted(ILogger logger, string path, Exception exception);
    }
}
