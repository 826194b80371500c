using BlazorMedia.Spooling;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Storage;
using BlazorMedia.Uploads;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads;

/// <summary>With the file system backend, large uploads spool into the storage's intake folder (so Save moves them
/// into place) with write-behind; refusals and cancellations still leave nothing there.</summary>
public sealed class UploadSpoolerIntakeTests : IDisposable
{
    private const long MemoryLimit = 256 * 1024;
    private readonly TempDirectory _temp = new("bm-intake");
    private readonly FileSystemStorage _storage;
    private readonly UploadSpooler _spooler;

    public UploadSpoolerIntakeTests()
    {
        Directory.CreateDirectory(_temp.Combine("media"));
        Directory.CreateDirectory(_temp.Combine("tmp"));
        _storage = new FileSystemStorage(new FileSystemStorageOptions { Location = _temp.Combine("media") });
        _spooler = new UploadSpooler(Options.Create(new UploadsOptions { MaxMemorySize = MemoryLimit, TempDir = _temp.Combine("tmp") }), _storage);
    }

    public void Dispose() => _temp.Dispose();

    private string[] IntakeFiles => Directory.GetFiles(_storage.GetIntakeFolder());

    [Fact]
    public async Task SpoolAsync_LargeUpload_SpoolsIntoTheIntakeFolderWithWriteBehindNotTempDir()
    {
        await using var upload = await _spooler.SpoolAsync(new GeneratedStream(MemoryLimit * 4), "big.bin", long.MaxValue, "Report");

        Path.GetDirectoryName(upload.TempFilePath).ShouldBe(_storage.GetIntakeFolder());
        IntakeFiles.Length.ShouldBe(1);
        Directory.GetFiles(_temp.Combine("tmp")).ShouldBeEmpty();
        _spooler.Location.WriteBehindWindow.ShouldBe(SpoolLocation.DefaultWriteBehindWindow);
    }

    [Fact]
    public async Task SpoolAsync_OverLimitAfterSpoolingStarted_RefusedAndNothingLeftInIntake()
    {
        await Should.ThrowAsync<UploadRejectedException>(
            () => _spooler.SpoolAsync(new GeneratedStream(long.MaxValue), "huge.bin", MemoryLimit * 3, "Report"));

        IntakeFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_CancelledAfterSpoolingStarted_NothingLeftInIntake()
    {
        using var cts = new CancellationTokenSource();
        var spoolSeen = false;
        var progress = new SyncProgress(n =>
        {
            if (n > MemoryLimit * 2 && !cts.IsCancellationRequested)
            {
                spoolSeen = IntakeFiles.Length == 1;
                cts.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(
            () => _spooler.SpoolAsync(new GeneratedStream(long.MaxValue), "gone.bin", long.MaxValue, "Report", progress, cts.Token));

        spoolSeen.ShouldBeTrue("the upload was spooling into the intake folder when it was cancelled");
        IntakeFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SaveFileAsync_SpooledUploadThenDisposed_OnlyTheStoredFileRemains()
    {
        var upload = await _spooler.SpoolAsync(new GeneratedStream(MemoryLimit * 4), "big.bin", long.MaxValue, "Report");

        var saved = await _storage.SaveFileAsync("reports/big.bin", upload.TempFilePath!);
        await upload.DisposeAsync();

        IntakeFiles.ShouldBeEmpty();
        await using var stored = await _storage.OpenReadAsync(saved);
        (await HashingStream.DigestAsync(stored)).ShouldBe(new ContentDigest(MemoryLimit * 4, upload.Sha256));
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
