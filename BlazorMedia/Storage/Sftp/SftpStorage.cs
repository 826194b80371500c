using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Storage.Sftp;

/// <summary>django-storages' <c>SFTPStorage</c>: files under <see cref="SftpStorageOptions.RootPath"/> on an SFTP server,
/// over a pool of SSH connections to a pinned host key. Saves write a temp file beside the final name and then rename
/// it with SFTP's plain <c>rename</c>, which OpenSSH's server implements as <c>link()</c> + <c>unlink()</c>: it fails
/// when the name exists, so a save never replaces a file, also against another process (the
/// <c>posix-rename@openssh.com</c> extension would replace it, and is never used). SFTP (version 3) keeps no creation
/// time: <see cref="GetCreatedTimeAsync"/> returns the modified time, with whole-second precision.</summary>
public sealed partial class SftpStorage : FileStorageBase, IStorageProbe, IDisposable
{
    private readonly SftpStorageOptions _options;
    private readonly ILogger _logger;
    private readonly SftpConnectionPool _pool;
    private readonly string _root;

    public SftpStorage(SftpStorageOptions options, ILogger<SftpStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.RootPath.StartsWith('/'))
            throw new ArgumentException($"SftpStorage RootPath '{options.RootPath}' must be absolute.", nameof(options));
        if (!options.BaseUrl.EndsWith('/'))
            throw new ArgumentException($"SftpStorage BaseUrl '{options.BaseUrl}' must end with '/'.", nameof(options));
        _options = options;
        _logger = logger ?? NullLogger<SftpStorage>.Instance;
        _pool = new SftpConnectionPool(options, _logger);
        _root = "/" + options.RootPath.Trim('/');
        if (_root == "/") _root = "";
    }

    public string ProbeName => "sftp-server";

    /// <summary>SSH sessions opened so far (for tests of pooling and reconnection).</summary>
    internal int Connections => _pool.Connections;

    public void Dispose() => _pool.Dispose();

    protected override void ValidateName(string name)
    {
        base.ValidateName(name);
        foreach (var segment in name.Split('/'))
            if (segment.StartsWith(StorageNames.TempFilePrefix, StringComparison.Ordinal))
                throw StorageNames.Refused(name, $"it uses the reserved prefix '{StorageNames.TempFilePrefix}'");
    }

    /// <summary>Temp file in the final folder (created with <see cref="SftpStorageOptions.DirMode"/> as needed), the
    /// bytes streamed into it (SSH.NET keeps a few write requests in flight, never the file), its mode set, then the
    /// non-replacing rename; a taken name retries the rename under the next alternative. The temp file is removed
    /// whatever goes wrong.</summary>
    protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        var (directory, _) = StorageNames.SplitDirectory(name);
        var temp = Join(directory.Length == 0 ? RootFolder : Path(directory), StorageNames.TempFilePrefix + System.Security.Cryptography.RandomNumberGenerator.GetHexString(16, lowercase: true));
        var renamed = false;
        try
        {
            await _pool.RunAsync(c => CreateDirectoriesAsync(c, directory, cancellationToken), repeatable: true, cancellationToken).ConfigureAwait(false);
            // Not repeatable: the content stream cannot be read twice.
            await _pool.RunAsync(async c =>
            {
                await c.UploadFileAsync(content, temp, false, null, cancellationToken).ConfigureAwait(false);
                if (_options.FileModeBits is { } mode) c.ChangePermissions(temp, SftpStorageOptions.AsDecimalDigits(mode));
                return 0;
            }, repeatable: false, cancellationToken).ConfigureAwait(false);

            var saved = name;
            while (true)
            {
                var target = Path(saved);
                var moved = await _pool.RunAsync(c => TryRenameAsync(c, temp, target, cancellationToken), repeatable: true, cancellationToken)
                    .ConfigureAwait(false);
                if (moved)
                {
                    renamed = true;
                    return saved;
                }
                Log.NameTaken(_logger, target);
                saved = alternativeName(saved);
                if (StorageNames.SplitDirectory(saved).Directory != directory)
                    throw new InvalidOperationException("An alternative name must stay in its folder.");
            }
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "save", e);
        }
        finally
        {
            if (!renamed) await DeleteTempAsync(temp).ConfigureAwait(false);
        }
    }

    /// <summary>SFTP's plain rename: true when done, false when <paramref name="target"/> exists (the server refuses
    /// with a generic failure, so the target is looked at to tell a taken name from a real error).</summary>
    private static async Task<bool> TryRenameAsync(SftpClient client, string source, string target, CancellationToken cancellationToken)
    {
        try
        {
            // RenameFileAsync sends SSH_FXP_RENAME, never posix-rename@openssh.com (which would replace the target).
            await client.RenameFileAsync(source, target, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SshException) when (client.IsConnected)
        {
            if (await StatAsync(client, target, cancellationToken).ConfigureAwait(false) is null) throw;
            return false;
        }
    }

    private async Task DeleteTempAsync(string temp)
    {
        try
        {
            // Not the caller's token: a cancelled save must still clean up.
            await _pool.RunAsync(async c =>
            {
                try { await c.DeleteFileAsync(temp, CancellationToken.None).ConfigureAwait(false); }
                catch (SftpPathNotFoundException) { }
                return 0;
            }, repeatable: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e) || e is StorageException)
        {
            Log.TempFileNotDeleted(_logger, temp, e);
        }
    }

    /// <summary>Creates the missing folders of <paramref name="directory"/> top-down, each given
    /// <see cref="SftpStorageOptions.DirMode"/>; a folder created meanwhile by another writer is fine.</summary>
    private async Task<int> CreateDirectoriesAsync(SftpClient client, string directory, CancellationToken cancellationToken)
    {
        if (directory.Length == 0 || await StatAsync(client, Path(directory), cancellationToken).ConfigureAwait(false) is { IsDirectory: true })
            return 0;
        var current = "";
        foreach (var segment in directory.Split('/'))
        {
            current = StorageNames.Join(current, segment);
            var path = Path(current);
            var attributes = await StatAsync(client, path, cancellationToken).ConfigureAwait(false);
            if (attributes is { IsDirectory: true }) continue;
            if (attributes is not null) throw new IOException($"'{current}' is a file, not a folder");
            try
            {
                await client.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
                if (_options.DirModeBits is { } mode) client.ChangePermissions(path, SftpStorageOptions.AsDecimalDigits(mode));
            }
            catch (SshException) when (client.IsConnected)
            {
                // Fine when another writer made it between our look and our mkdir.
                if (await StatAsync(client, path, cancellationToken).ConfigureAwait(false) is not { IsDirectory: true }) throw;
            }
        }
        return 0;
    }

    protected override async Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var from = Path(source);
        var to = Path(destination);
        try
        {
            return await _pool.RunAsync(async c =>
            {
                if (await StatAsync(c, from, cancellationToken).ConfigureAwait(false) is not { IsRegularFile: true })
                    throw Missing(source, null);
                await CreateDirectoriesAsync(c, StorageNames.SplitDirectory(destination).Directory, cancellationToken).ConfigureAwait(false);
                return await TryRenameAsync(c, from, to, cancellationToken).ConfigureAwait(false);
            }, repeatable: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(destination, "move", e);
        }
    }

    public override async Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        (await OpenReadWithInfoAsync(name, cancellationToken).ConfigureAwait(false)).Content;

    /// <summary>A stat and an open on one session; the stream seeks (SFTP reads at offsets), so the media endpoint
    /// serves byte ranges.</summary>
    public override async Task<StorageObjectRead> OpenReadWithInfoAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = Path(name);
        try
        {
            return await _pool.RunAsync(async c =>
            {
                var attributes = await StatAsync(c, path, cancellationToken).ConfigureAwait(false);
                if (attributes is not { IsRegularFile: true }) throw Missing(name, null);
                Stream stream;
                try
                {
                    stream = await c.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
                }
                catch (SftpPathNotFoundException e)
                {
                    throw Missing(name, e);
                }
                return new StorageObjectRead(stream, Info(attributes));
            }, repeatable: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "open", e);
        }
    }

    public override async Task<StorageObjectInfo> GetInfoAsync(string name, CancellationToken cancellationToken = default) =>
        Info(await ExistingAsync(name, "read the size and time of", cancellationToken).ConfigureAwait(false));

    public override async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = Path(name);
        try
        {
            await _pool.RunAsync(async c =>
            {
                try { await c.DeleteFileAsync(path, cancellationToken).ConfigureAwait(false); }
                catch (SftpPathNotFoundException) { } // Already gone: deleting is idempotent.
                return 0;
            }, repeatable: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "delete", e);
        }
    }

    public override async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = Path(name);
        try
        {
            return await _pool.RunAsync(async c => await StatAsync(c, path, cancellationToken).ConfigureAwait(false) is not null,
                repeatable: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, "check", e);
        }
    }

    public override async Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidateFolder(path);
        var folder = path.Length == 0 ? RootFolder : Path(path);
        try
        {
            return await _pool.RunAsync(async c =>
            {
                var directories = new List<string>();
                var files = new List<string>();
                try
                {
                    await foreach (var entry in c.ListDirectoryAsync(folder, cancellationToken).ConfigureAwait(false))
                    {
                        // Only names the contract can address: '.', '..', temp files and names breaking a rule stay invisible.
                        if (entry.Name.StartsWith(StorageNames.TempFilePrefix, StringComparison.Ordinal)) continue;
                        if (StorageNames.FindBrokenRule(entry.Name) is not null) continue;
                        if (entry.IsDirectory) directories.Add(entry.Name);
                        else if (entry.IsRegularFile) files.Add(entry.Name);
                    }
                }
                catch (SftpPathNotFoundException)
                {
                    // A missing folder lists as empty.
                }
                directories.Sort(StringComparer.Ordinal);
                files.Sort(StringComparer.Ordinal);
                return new StorageListing(directories, files);
            }, repeatable: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(path, "list", e);
        }
    }

    public override async Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) =>
        (await ExistingAsync(name, "read the size of", cancellationToken).ConfigureAwait(false)).Size;

    public override async Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Info(await ExistingAsync(name, "read the modified time of", cancellationToken).ConfigureAwait(false)).Modified;

    /// <summary>The modified time: SFTP version 3 has no creation time (see the class remarks).</summary>
    public override async Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Info(await ExistingAsync(name, "read the created time of", cancellationToken).ConfigureAwait(false)).Modified;

    public override string GetUrl(string name) => BuildUrl(_options.BaseUrl, name);

    /// <summary>Connects (checking the host key) and looks at <see cref="SftpStorageOptions.RootPath"/>, which must be a
    /// folder.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        var root = RootFolder;
        try
        {
            var attributes = await _pool.RunAsync(c => StatAsync(c, root, cancellationToken), repeatable: true, cancellationToken)
                .ConfigureAwait(false);
            if (attributes is not { IsDirectory: true })
                throw new StorageException("", $"SFTP root '{root}' on {_options.Host}:{_options.Port} is not a folder.");
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw new StorageException("", $"SFTP server {_options.Host}:{_options.Port} is not reachable: {e.Message}", e);
        }
    }

    private string Path(string name)
    {
        ValidateName(name);
        return _root + "/" + name;
    }

    private string RootFolder => _root.Length == 0 ? "/" : _root;

    private static string Join(string folder, string name) => folder == "/" ? "/" + name : folder + "/" + name;

    private async Task<SftpFileAttributes> ExistingAsync(string name, string operation, CancellationToken cancellationToken)
    {
        var path = Path(name);
        try
        {
            var attributes = await _pool.RunAsync(c => StatAsync(c, path, cancellationToken), repeatable: true, cancellationToken)
                .ConfigureAwait(false);
            return attributes is { IsRegularFile: true } ? attributes : throw Missing(name, null);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw Failed(name, operation, e);
        }
    }

    /// <summary>The attributes of <paramref name="path"/>, or null when there is nothing there.</summary>
    private static async Task<SftpFileAttributes?> StatAsync(SftpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
    }

    private static StorageObjectInfo Info(SftpFileAttributes attributes) =>
        new(attributes.Size, new DateTimeOffset(DateTime.SpecifyKind(attributes.LastWriteTimeUtc, DateTimeKind.Utc)));

    private static FileNotFoundException Missing(string name, Exception? inner) =>
        new($"Storage has no file '{StorageNames.Display(name)}'.", name, inner);

    private static StorageException Failed(string name, string operation, Exception e) => StorageNames.Failed(name, operation, e);

    /// <summary>What SSH.NET and the network throw; cancellation and the project's own exceptions pass through.</summary>
    private static bool IsBackendFailure(Exception e) =>
        e is SshException or SocketException or ObjectDisposedException or ProxyException
        || (e is IOException && e is not FileNotFoundException);

    private static partial class Log
    {
        [LoggerMessage(3311, LogLevel.Debug, "SFTP path {Path} is taken; trying another name")]
        public static partial void NameTaken(ILogger logger, string path);

        [LoggerMessage(3312, LogLevel.Warning, "Could not remove SFTP temp file {Path}")]
        public static partial void TempFileNotDeleted(ILogger logger, string path, Exception exception);
    }
}
