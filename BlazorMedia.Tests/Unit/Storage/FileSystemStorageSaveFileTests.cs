using System.Runtime.Versioning;
using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;

namespace BlazorMedia.Tests.Storage;

/// <summary>The file system's <see cref="IFileStorage.SaveFileAsync"/>: a spool file in the intake folder becomes the
/// stored file (one write), anything else is copied; the intake folder stays out of the contract's sight.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class FileSystemStorageSaveFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bm-savefile-").FullName;
    private readonly FileSystemStorage _storage;

    public FileSystemStorageSaveFileTests() => _storage = new FileSystemStorage(new FileSystemStorageOptions { Location = _root });

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string IntakeFile(string text)
    {
        var path = Path.Combine(_storage.GetIntakeFolder(), "bm-spool-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task SaveFileAsync_FileInIntakeFolder_BecomesTheStoredFileWithoutACopy()
    {
        var local = IntakeFile("spooled");

        var saved = await _storage.SaveFileAsync("reports/r.txt", local);

        // One file under two names until the owner drops its own: a write through one shows through the other.
        using (var handle = File.OpenHandle(local, FileMode.Open, FileAccess.Write))
            System.IO.RandomAccess.Write(handle, "S"u8, 0);
        (await File.ReadAllTextAsync(Path.Combine(_root, saved))).ShouldBe("Spooled");
        File.Delete(local);
        (await File.ReadAllTextAsync(Path.Combine(_root, saved))).ShouldBe("Spooled");
    }

    [Fact]
    public async Task SaveFileAsync_FileOnAnotherFileSystem_CopiedInstead()
    {
        // /dev/shm is a tmpfs: no hard link can cross into the media root's file system.
        var local = Path.Combine("/dev/shm", "bm-spool-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(local, "elsewhere");
        try
        {
            var saved = await _storage.SaveFileAsync("reports/e.txt", local);

            await File.WriteAllTextAsync(local, "changed");
            (await File.ReadAllTextAsync(Path.Combine(_root, saved))).ShouldBe("elsewhere");
        }
        finally
        {
            File.Delete(local);
        }
        Directory.GetFiles(Path.Combine(_root, "reports")).Select(Path.GetFileName).ShouldBe(["e.txt"]);
    }

    [Fact]
    public async Task SaveFileAsync_FilePermissions_AppliedToTheTakenFile()
    {
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        var storage = new FileSystemStorage(new FileSystemStorageOptions { Location = _root, FilePermissions = mode });

        var saved = await storage.SaveFileAsync("reports/m.txt", IntakeFile("x"));

        File.GetUnixFileMode(Path.Combine(_root, saved)).ShouldBe(mode);
    }

    [Fact]
    public async Task GetIntakeFolder_HiddenFolderOfTheRootOnlyTheAppCanEnter_NeverListedOrAddressable()
    {
        var folder = _storage.GetIntakeFolder();
        IntakeFile("in flight");

        Path.GetDirectoryName(folder).ShouldBe(_root);
        Path.GetFileName(folder).ShouldStartWith(".");
        File.GetUnixFileMode(folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (await _storage.ListAsync("")).Directories.ShouldBeEmpty();
        await foreach (var name in _storage.ListAllFilesAsync()) name.ShouldBeNull();
        await Should.ThrowAsync<StorageException>(() => _storage.OpenReadAsync(FileSystemStorage.IntakeFolderName + "/x"));
    }

    [Fact]
    public async Task SweepStaleTempFilesAsync_IntakeFiles_RemovesOnlyOldOnes()
    {
        var stale = IntakeFile("killed mid-upload");
        var fresh = IntakeFile("still arriving");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-1));

        var swept = await _storage.SweepStaleTempFilesAsync(TimeSpan.FromHours(6));

        swept.ShouldBe(1);
        File.Exists(stale).ShouldBeFalse();
        File.Exists(fresh).ShouldBeTrue();
    }
}
