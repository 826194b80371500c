using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;

namespace BlazorMedia.Tests.Storage;

[Collection(StorageBackendsCollection.Name)]
public sealed class FileSystemStorageTests : FileStorageContractTests, IDisposable
{
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "bm-storage-tests", Guid.NewGuid().ToString("N"));
    private readonly string _root;
    private readonly FileSystemStorage _storage;

    public FileSystemStorageTests()
    {
        // The root sits next to a sibling 'media-evil' so containment is tested against a shared name prefix.
        _root = Path.Combine(_parent, "media");
        Directory.CreateDirectory(_root);
        _storage = Create(new FileSystemStorageOptions { Location = _root });
    }

    protected override IFileStorage Storage => _storage;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private static FileSystemStorage Create(FileSystemStorageOptions options) => new(options);

    private string[] FilesOnDisk() =>
        Directory.GetFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Path.GetRelativePath(_root, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task SaveAsync_SourceFailsMidway_LeavesNoFileAndNoTempFile()
    {
        using var source = new GeneratedStream(length: 10 << 20, failAfter: 3 << 20);

        var e = await Should.ThrowAsync<StorageException>(() => _storage.SaveAsync("up/partial.bin", source));

        e.Message.ShouldBe("Storage could not save 'up/partial.bin': The client went away.");
        FilesOnDisk().ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveAsync_Cancelled_LeavesNoFileAndNoTempFile()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => _storage.SaveAsync("up/c.bin", new GeneratedStream(1 << 20), cts.Token));

        FilesOnDisk().ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveAsync_Success_LeavesOnlyTheFinalFile()
    {
        await _storage.SaveAsync("up/a.txt", Text("a"));
        await _storage.SaveAsync("up/a.txt", Text("b"));

        FilesOnDisk().Length.ShouldBe(2);
        FilesOnDisk().ShouldAllBe(f => f.StartsWith("up/a"));
    }

    [Fact]
    public async Task SaveAsync_ReservedTempPrefix_Refused()
    {
        var e = await Should.ThrowAsync<StorageException>(() => _storage.SaveAsync("up/.bm-tmp-x", Text("x")));

        e.Message.ShouldBe("Storage name 'up/.bm-tmp-x' refused: it uses the reserved prefix '.bm-tmp-'.");
    }

    [Fact]
    public async Task ListAsync_TempFilePresent_HidesIt()
    {
        await _storage.SaveAsync("up/a.txt", Text("a"));
        await File.WriteAllTextAsync(Path.Combine(_root, "up", ".bm-tmp-0123"), "partial");

        (await _storage.ListAsync("up")).Files.ShouldBe(["a.txt"]);
    }

    [Fact]
    public async Task SweepStaleTempFilesAsync_OldAndFreshTempFiles_RemovesOnlyOldOnes()
    {
        await _storage.SaveAsync("up/keep.txt", Text("a"));
        var stale = Path.Combine(_root, "up", ".bm-tmp-stale");
        var fresh = Path.Combine(_root, "up", ".bm-tmp-fresh");
        var oldUserFile = Path.Combine(_root, "up", "keep.txt");
        foreach (var path in new[] { stale, fresh }) await File.WriteAllTextAsync(path, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        File.SetLastWriteTimeUtc(oldUserFile, DateTime.UtcNow.AddDays(-2));

        var swept = await _storage.SweepStaleTempFilesAsync(TimeSpan.FromHours(6));

        swept.ShouldBe(1);
        File.Exists(stale).ShouldBeFalse();
        File.Exists(fresh).ShouldBeTrue();
        File.Exists(oldUserFile).ShouldBeTrue();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SaveAsync_PermissionModes_AppliedDespiteUmask()
    {
        // Group-writable modes: the usual umask 022 would strip them, so only an explicit chmod gets them there.
        const UnixFileMode fileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        const UnixFileMode dirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        var storage = Create(new FileSystemStorageOptions { Location = _root, FilePermissions = fileMode, DirectoryPermissions = dirMode });

        var saved = await storage.SaveAsync("p/q/file.txt", Text("x"));

        File.GetUnixFileMode(Path.Combine(_root, saved)).ShouldBe(fileMode);
        File.GetUnixFileMode(Path.Combine(_root, "p")).ShouldBe(dirMode);
        File.GetUnixFileMode(Path.Combine(_root, "p", "q")).ShouldBe(dirMode);
    }

    [Fact]
    public async Task OpenReadAsync_SymlinkIntoSiblingWithSharedPrefix_Refused()
    {
        // 'media-evil' starts with 'media': a containment check without the trailing separator lets it through.
        var evil = Path.Combine(_parent, "media-evil");
        Directory.CreateDirectory(evil);
        await File.WriteAllTextAsync(Path.Combine(evil, "secret.txt"), "secret");
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), evil);

        var e = await Should.ThrowAsync<StorageException>(() => _storage.OpenReadAsync("link/secret.txt"));

        e.Message.ShouldBe("Storage name 'link/secret.txt' refused: it leads outside the storage root through a symbolic link.");
        _storage.TryGetLocalFile("link/secret.txt").ShouldBeNull();
    }

    [Fact]
    public async Task SaveAsync_ThroughSymlinkOutOfRoot_RefusedAndWritesNothingThere()
    {
        var outside = Path.Combine(_parent, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(Path.Combine(_root, "out"), outside);

        await Should.ThrowAsync<StorageException>(() => _storage.SaveAsync("out/x.txt", Text("x")));

        Directory.GetFiles(outside).ShouldBeEmpty();
    }

    [Fact]
    public async Task OpenReadAsync_FileSymlinkOutOfRoot_Refused()
    {
        var target = Path.Combine(_parent, "passwd");
        await File.WriteAllTextAsync(target, "root:x:0:0");
        File.CreateSymbolicLink(Path.Combine(_root, "passwd"), target);

        await Should.ThrowAsync<StorageException>(() => _storage.OpenReadAsync("passwd"));
    }

    [Fact]
    public async Task OpenReadAsync_SymlinkWithinRoot_Allowed()
    {
        await _storage.SaveAsync("real/a.txt", Text("inside"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "real"));

        (await ReadTextAsync("alias/a.txt")).ShouldBe("inside");
    }

    [Fact]
    public async Task TryGetLocalFile_SavedName_ReturnsFileUnderRoot()
    {
        var saved = await _storage.SaveAsync("a/b.txt", Text("x"));

        var file = _storage.TryGetLocalFile(saved);

        file.ShouldNotBeNull();
        file.FullName.ShouldBe(Path.Combine(_root, "a", "b.txt"));
    }

    [Fact]
    public async Task TryGetLocalFile_DeletedThroughStorage_NullAtOnce()
    {
        var saved = await _storage.SaveAsync("a/gone.txt", Text("x"));
        _storage.TryGetLocalFile(saved).ShouldNotBeNull();

        await _storage.DeleteAsync(saved);

        _storage.TryGetLocalFile(saved).ShouldBeNull();
    }

    [Fact]
    public async Task TryGetLocalFile_DeletedBehindItsBack_NullOnceTheLifetimeIsOver()
    {
        var time = new ManualTime();
        var storage = new FileSystemStorage(new FileSystemStorageOptions { Location = _root }, time);
        var saved = await storage.SaveAsync("a/external.txt", Text("x"));
        storage.TryGetLocalFile(saved).ShouldNotBeNull();

        File.Delete(Path.Combine(_root, "a", "external.txt"));

        storage.TryGetLocalFile(saved).ShouldNotBeNull(); // remembered: no realpath or stat for a hot name
        time.Advance(FileSystemStorage.LocalFileLifetime);
        storage.TryGetLocalFile(saved).ShouldBeNull();
    }

    [Fact]
    public async Task TryGetLocalFile_MissingThenSaved_FoundAtOnce()
    {
        _storage.TryGetLocalFile("a/late.txt").ShouldBeNull();

        var saved = await _storage.SaveAsync("a/late.txt", Text("x"));

        saved.ShouldBe("a/late.txt");
        _storage.TryGetLocalFile(saved).ShouldNotBeNull().Length.ShouldBe(1);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
    }

    [Theory]
    [InlineData("../media-evil/x")]
    [InlineData("/etc/passwd")]
    [InlineData("a/missing.txt")]
    [InlineData("a")] // a folder is not a file
    public async Task TryGetLocalFile_HostileMissingOrFolder_ReturnsNull(string name)
    {
        await _storage.SaveAsync("a/b.txt", Text("x"));

        _storage.TryGetLocalFile(name).ShouldBeNull();
    }

    [Fact]
    public async Task SaveAsync_FileInPlaceOfFolder_WrappedInStorageException()
    {
        await _storage.SaveAsync("f", Text("x"));

        var e = await Should.ThrowAsync<StorageException>(() => _storage.SaveAsync("f/g.txt", Text("y")));

        e.Message.ShouldStartWith("Storage could not save 'f/g.txt': ");
        e.InnerException.ShouldBeAssignableTo<IOException>();
    }

    [Fact]
    public void GetUrl_AbsoluteCdnBase_AppendsEncodedSegments()
    {
        var storage = Create(new FileSystemStorageOptions { Location = _root, BaseUrl = "https://cdn.example.com/media/" });

        storage.GetUrl("写真/a b.png").ShouldBe("https://cdn.example.com/media/%E5%86%99%E7%9C%9F/a%20b.png");
    }

    [Theory]
    [InlineData("media", "/media/", "FileSystemStorage Location 'media' must be an absolute path. (Parameter 'options')")]
    [InlineData("/srv/media", "/media", "FileSystemStorage BaseUrl '/media' must end with '/'. (Parameter 'options')")]
    public void Constructor_BadOptions_ThrowsNamingTheSetting(string location, string baseUrl, string message)
    {
        Should.Throw<ArgumentException>(() => Create(new FileSystemStorageOptions { Location = location, BaseUrl = baseUrl }))
            .Message.ShouldBe(message);
    }
}
