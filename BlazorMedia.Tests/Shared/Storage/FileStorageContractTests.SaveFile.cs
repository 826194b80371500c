using System.Security.Cryptography;
using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>Saving from a local file the caller gives up (a spooled upload): every backend stores its bytes under the
/// same name rules as <see cref="IFileStorage.SaveAsync"/>, and never deletes the caller's path.</summary>
public abstract partial class FileStorageContractTests
{
    /// <summary>A local file with <paramref name="bytes"/>, in <see cref="LocalFileFolder"/>; the test deletes it.</summary>
    protected string LocalFile(byte[] bytes)
    {
        var path = Path.Combine(LocalFileFolder, "bm-spool-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Where the caller's local files live: the system temp folder, unless a backend offers a folder of its own
    /// (<see cref="ILocalFileIntake"/>).</summary>
    protected virtual string LocalFileFolder => Storage is ILocalFileIntake intake ? intake.GetIntakeFolder() : Path.GetTempPath();

    private async Task<byte[]> ReadBytesAsync(string name)
    {
        await using var stream = await Storage.OpenReadAsync(name);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task SaveFileAsync_LocalFile_StoresItsBytesAndLeavesTheCallersPathToItsOwner()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var local = LocalFile(bytes);
        try
        {
            var saved = await Storage.SaveFileAsync("docs/big.bin", local);

            saved.ShouldBe("docs/big.bin");
            File.Exists(local).ShouldBeTrue("the caller deletes its own path");
        }
        finally
        {
            File.Delete(local);
        }
        (await ReadBytesAsync("docs/big.bin")).ShouldBe(bytes);
        (await Storage.GetSizeAsync("docs/big.bin")).ShouldBe(bytes.Length);
    }

    [Fact]
    public async Task SaveFileAsync_NameTaken_SavesUnderRandomSuffixAndKeepsOriginal()
    {
        await Storage.SaveAsync("docs/report.pdf", Text("first"));
        var local = LocalFile("second"u8.ToArray());
        try
        {
            var saved = await Storage.SaveFileAsync("docs/report.pdf", local);

            saved.ShouldMatch(@"^docs/report_[a-zA-Z0-9]{7}\.pdf$");
            (await ReadTextAsync("docs/report.pdf")).ShouldBe("first");
            (await ReadTextAsync(saved)).ShouldBe("second");
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Fact]
    public async Task SaveFileAsync_BadName_RefusedBeforeAnythingIsStored()
    {
        var local = LocalFile("x"u8.ToArray());
        try
        {
            var e = await Should.ThrowAsync<StorageException>(() => Storage.SaveFileAsync("../escape.txt", local));

            e.Message.ShouldBe("Storage name '../escape.txt' refused: it contains a '..' segment.");
            (await Storage.ListAsync("")).Files.ShouldBeEmpty();
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Fact]
    public async Task SaveFileAsync_MissingLocalFile_ThrowsFileNotFoundAndStoresNothing()
    {
        var missing = Path.Combine(LocalFileFolder, "bm-spool-" + Guid.NewGuid().ToString("N"));

        await Should.ThrowAsync<FileNotFoundException>(() => Storage.SaveFileAsync("docs/none.bin", missing));

        (await Storage.ExistsAsync("docs/none.bin")).ShouldBeFalse();
    }
}
