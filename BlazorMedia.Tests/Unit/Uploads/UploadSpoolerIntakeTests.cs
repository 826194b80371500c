using BlazorMedia.Spooling;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Tests.Storage;
using BlazorMedia.Uploads;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads;

/// <summary>With the file system backend, large uploads spool into the storage's intake folder (so Save moves them
/// into place) with write-behind; every test of <see cref="UploadSpoolerTests"/> holds there too (refusals and
/// cancellations leave nothing).</summary>
public sealed class UploadSpoolerIntakeTests : UploadSpoolerTests
{
    private FileSystemStorage? _storage;

    private FileSystemStorage Storage => _storage ??= new FileSystemStorage(new FileSystemStorageOptions { Location = Directory.CreateDirectory(Temp.Combine("media")).FullName });

    private string TempDir => Directory.CreateDirectory(Temp.Combine("tmp")).FullName;

    protected override string SpoolFolder => Storage.GetIntakeFolder();

    protected override UploadSpooler CreateSpooler() =>
        new(Options.Create(new UploadsOptions { MaxMemorySize = MemoryLimit, TempDir = TempDir }), Storage);

    [Fact]
    public async Task SpoolAsync_LargeUpload_SpoolsIntoTheIntakeFolderWithWriteBehindNotTempDir()
    {
        await using var upload = await Spooler.SpoolAsync(new GeneratedStream(MemoryLimit * 4), "big.bin", long.MaxValue, "Report");

        Path.GetDirectoryName(upload.TempFilePath).ShouldBe(Storage.GetIntakeFolder());
        Directory.GetFiles(TempDir).ShouldBeEmpty();
        Spooler.Location.WriteBehindWindow.ShouldBe(SpoolLocation.DefaultWriteBehindWindow);
    }

    [Fact]
    public async Task SaveFileAsync_SpooledUploadThenDisposed_OnlyTheStoredFileRemains()
    {
        var upload = await Spooler.SpoolAsync(new GeneratedStream(MemoryLimit * 4), "big.bin", long.MaxValue, "Report");

        var saved = await Storage.SaveFileAsync("reports/big.bin", upload.TempFilePath!);
        await upload.DisposeAsync();

        Directory.GetFiles(SpoolFolder).ShouldBeEmpty();
        await using var stored = await Storage.OpenReadAsync(saved);
        (await HashingStream.DigestAsync(stored)).ShouldBe(new ContentDigest(MemoryLimit * 4, upload.Sha256));
    }
}
