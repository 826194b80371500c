using System.Text;
using BlazorMedia.Storage;
using BlazorMedia.Storage.Sftp;
using BlazorMedia.Tests.Infrastructure;
using Renci.SshNet;

namespace BlazorMedia.Tests.Storage;

/// <summary>The contract against OpenSSH's SFTP server (sshd + internal-sftp), each test under its own root folder, plus
/// what only SFTP has here: the pinned host key, the non-replacing rename, modes, the pool and reconnection.</summary>
[Collection(StorageServersCollection.Name)]
public sealed class SftpStorageTests : FileStorageContractTests, IDisposable
{
    private readonly SshdServer _server;
    private readonly SftpStorageOptions _options;
    private readonly SftpStorage _storage;
    private readonly List<IDisposable> _disposables = [];

    public SftpStorageTests(SshdServer server)
    {
        _server = server;
        _options = server.Options();
        _storage = Create(_options);
    }

    protected override IFileStorage Storage => _storage;

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    private SftpStorage Create(SftpStorageOptions options)
    {
        var storage = new SftpStorage(options);
        _disposables.Add(storage);
        return storage;
    }

    private string Local(string name) => Path.Combine(_options.RootPath, name);

    [Fact]
    public async Task Connect_HostKeyDiffersFromPinned_RefusedNamingBothFingerprints()
    {
        var options = _server.Options();
        const string pinned = "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og";
        options.HostKeyFingerprint = pinned;

        var e = await Should.ThrowAsync<StorageException>(() => Create(options).ExistsAsync("a.txt"));

        e.Message.ShouldBe($"SFTP server 127.0.0.1:{_server.Port} presented host key {_server.HostKeyFingerprint}, not the {pinned} " +
            "that Storage:Sftp:HostKeyFingerprint pins; refusing to connect. If the server's key was changed on purpose, " +
            "read the new one on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and update the setting.");
    }

    /// <summary>What the save's create-only promise rests on, checked on the server itself: SFTP's plain rename fails
    /// when the target exists (OpenSSH's sftp-server links, then unlinks), while the posix-rename@openssh.com extension
    /// replaces it, which is why the storage never uses the latter.</summary>
    [Fact]
    public async Task OpenSshRename_PlainRefusesExistingTarget_PosixExtensionReplacesIt()
    {
        Directory.CreateDirectory(Local("r"));
        await File.WriteAllTextAsync(Local("r/a.txt"), "a");
        await File.WriteAllTextAsync(Local("r/b.txt"), "b");
        using var client = new SftpClient("127.0.0.1", _server.Port, _server.Username, new PrivateKeyFile(_server.UserKeyFile));
        client.HostKeyReceived += (_, e) => e.CanTrust = "SHA256:" + e.FingerPrintSHA256 == _server.HostKeyFingerprint;
        await client.ConnectAsync(CancellationToken.None);

        await Should.ThrowAsync<Renci.SshNet.Common.SshException>(() => client.RenameFileAsync(Local("r/a.txt"), Local("r/b.txt"), CancellationToken.None));
        (await File.ReadAllTextAsync(Local("r/b.txt"))).ShouldBe("b");
        File.Exists(Local("r/a.txt")).ShouldBeTrue();

        client.RenameFile(Local("r/a.txt"), Local("r/b.txt"), isPosix: true);
        (await File.ReadAllTextAsync(Local("r/b.txt"))).ShouldBe("a");
    }

    [Fact]
    public async Task SaveAsync_FileCreatedByAnotherProcessMeanwhile_NotReplacedAndNameGetsSuffix()
    {
        // The other writer's file appears after the name was found free, just before the rename.
        var storage = new SavingAfterNameCheck(_storage, () => File.WriteAllText(Local("docs/a.txt"), "theirs"));
        Directory.CreateDirectory(Local("docs"));

        var saved = await storage.SaveAsync("docs/a.txt", Text("mine"));

        saved.ShouldMatch(@"^docs/a_[a-zA-Z0-9]{7}\.txt$");
        (await File.ReadAllTextAsync(Local("docs/a.txt"))).ShouldBe("theirs");
        (await File.ReadAllTextAsync(Local(saved))).ShouldBe("mine");
        Directory.GetFiles(Local("docs")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task SaveAsync_SourceFailsMidway_LeavesNoFileAndNoTempFile()
    {
        using var source = new GeneratedStream(length: 10 << 20, failAfter: 3 << 20);

        var e = await Should.ThrowAsync<StorageException>(() => _storage.SaveAsync("up/partial.bin", source));

        e.Message.ShouldBe("Storage could not save 'up/partial.bin': The client went away.");
        Directory.GetFiles(_options.RootPath, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_FileAndDirModes_AppliedWhateverTheUmask()
    {
        // Group-writable modes: sshd's umask 022 would strip them, so only an explicit chmod gets them there.
        var options = _server.Options();
        options.FileMode = "0660";
        options.DirMode = "0770";

        var saved = await Create(options).SaveAsync("deep/er/a.txt", Text("x"));

        File.GetUnixFileMode(Path.Combine(options.RootPath, saved)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        File.GetUnixFileMode(Path.Combine(options.RootPath, "deep/er")).ShouldBe(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);
    }

    [Fact]
    public async Task ListAsync_TempFilesOfUnfinishedSaves_AreHiddenAndTheirNamesRefused()
    {
        await File.WriteAllTextAsync(Local(".bm-tmp-0123456789abcdef"), "partial");
        await _storage.SaveAsync("a.txt", Text("x"));

        (await _storage.ListAsync("")).Files.ShouldBe(["a.txt"]);
        var e = await Should.ThrowAsync<StorageException>(() => _storage.OpenReadAsync(".bm-tmp-0123456789abcdef"));
        e.Message.ShouldBe("Storage name '.bm-tmp-0123456789abcdef' refused: it uses the reserved prefix '.bm-tmp-'.");
    }

    [Fact]
    public async Task Operations_AfterTheServerDroppedEverySession_ReconnectAndSucceed()
    {
        await _storage.SaveAsync("a.txt", Text("before"));
        var before = _storage.Connections;

        await _server.RestartAsync();

        (await _storage.ExistsAsync("a.txt")).ShouldBeTrue();
        (await ReadAsync(_storage, "a.txt")).ShouldBe("before");
        (await _storage.SaveAsync("b.txt", Text("after"))).ShouldBe("b.txt");
        _storage.Connections.ShouldBeGreaterThan(before);
    }

    [Fact]
    public async Task Operations_ManyConcurrent_ShareAtMostPoolSizeSessions()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _storage.SaveAsync($"p/{i}.txt", Text($"{i}"))));
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _storage.ExistsAsync($"p/{i}.txt")));

        _storage.Connections.ShouldBe(_options.PoolSize);
    }

    [Fact]
    public async Task OpenReadWithInfoAsync_Seek_ReadsARange()
    {
        var bytes = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray();
        await _storage.SaveAsync("v/movie.bin", new MemoryStream(bytes));

        var read = await _storage.OpenReadWithInfoAsync("v/movie.bin");
        await using var stream = read.Content;
        stream.CanSeek.ShouldBeTrue();
        stream.Seek(900_000, SeekOrigin.Begin);
        var buffer = new byte[1000];
        await stream.ReadExactlyAsync(buffer);

        buffer.ShouldBe(bytes[900_000..901_000]);
    }

    [Fact]
    public async Task ProbeAsync_RootMissing_NamesIt()
    {
        var options = _server.Options();
        Directory.Delete(options.RootPath);

        var e = await Should.ThrowAsync<StorageException>(() => Create(options).ProbeAsync());

        e.Message.ShouldBe($"SFTP root '{options.RootPath}' on 127.0.0.1:{_server.Port} is not a folder.");
    }

    [Fact]
    public async Task ExistsAsync_PasswordWhereServerTakesKeysOnly_ThrowsStorageExceptionNamingTheFileAndWhy()
    {
        var options = _server.Options();
        options.PrivateKeyFile = "";
        options.Password = "not-the-password";

        var e = await Should.ThrowAsync<StorageException>(() => Create(options).ExistsAsync("a.txt"));

        e.Message.ShouldBe("Storage could not check 'a.txt': No suitable authentication method found to complete authentication (publickey).");
    }

    private static async Task<string> ReadAsync(IFileStorage storage, string name)
    {
        await using var stream = await storage.OpenReadAsync(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Runs <paramref name="meanwhile"/> once the storage has found the name free and read the content, just
    /// before its rename: another process's file appearing at the worst moment.</summary>
    private sealed class SavingAfterNameCheck(IFileStorage inner, Action meanwhile) : DelegatingStorage(inner)
    {
        public override Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default) =>
            base.SaveAsync(name, new AfterEnd(content, meanwhile), cancellationToken);

        private sealed class AfterEnd(Stream inner, Action atEnd) : Stream
        {
            private bool _done;
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = inner.Read(buffer, offset, count);
                if (n == 0 && !_done)
                {
                    _done = true;
                    atEnd();
                }
                return n;
            }
        }
    }
}
