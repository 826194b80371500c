using System.Security.Cryptography;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Storage;
using BlazorMedia.Uploads;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads;

/// <summary>Spooling wherever the spool goes: <c>Uploads:TempDir</c> (<see cref="UploadSpoolerTempDirTests"/>) or the
/// file system storage's intake folder (<see cref="UploadSpoolerIntakeTests"/>).</summary>
public abstract class UploadSpoolerTests : IDisposable
{
    protected const long MemoryLimit = 256 * 1024;
    private UploadSpooler? _spooler;

    protected TempDirectory Temp { get; } = new("bm-spool");

    /// <summary>Where large uploads must spool.</summary>
    protected abstract string SpoolFolder { get; }

    protected UploadSpooler Spooler => _spooler ??= CreateSpooler();

    protected abstract UploadSpooler CreateSpooler();

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    private string[] TempFiles => Directory.GetFiles(SpoolFolder);

    [Fact]
    public async Task SpoolAsync_SmallUpload_StaysInMemoryWithHashOfBytesReceived()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);

        await using var upload = await Spooler.SpoolAsync(new MemoryStream(bytes), "a.bin", 10_000, "Report");

        upload.IsInMemory.ShouldBeTrue();
        upload.Length.ShouldBe(1000);
        upload.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        upload.Memory.ToArray().ShouldBe(bytes);
        TempFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_LargerThanMemoryLimit_SpoolsToTempFileRemovedOnDispose()
    {
        var bytes = RandomNumberGenerator.GetBytes((int)MemoryLimit + 1);

        var upload = await Spooler.SpoolAsync(new MemoryStream(bytes), "big.bin", 10_000_000, "Report");

        upload.IsInMemory.ShouldBeFalse();
        Path.GetDirectoryName(upload.TempFilePath).ShouldBe(SpoolFolder);
        Path.GetFileName(upload.TempFilePath).ShouldStartWith(SpooledUpload.TempFilePrefix);
        await using (var read = upload.OpenRead())
        using (var copy = new MemoryStream())
        {
            await read.CopyToAsync(copy);
            copy.ToArray().ShouldBe(bytes);
        }
        upload.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        upload.ReadHead(4).ShouldBe(bytes[..4]);
        TempFiles.Length.ShouldBe(1);

        await upload.DisposeAsync();

        TempFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_ExactlyAtLimit_Accepted()
    {
        await using var upload = await Spooler.SpoolAsync(new GeneratedStream(5000), "edge.bin", 5000, "Avatar");

        upload.Length.ShouldBe(5000);
    }

    [Fact]
    public async Task SpoolAsync_OneByteOverLimit_RefusedNamingFileAndLimit()
    {
        var e = await Should.ThrowAsync<UploadRejectedException>(
            () => Spooler.SpoolAsync(new GeneratedStream(5001), "edge.bin", 5000, "Avatar"));

        e.Message.ShouldBe("edge.bin is larger than the 4.9 KB allowed for Avatar.");
        TempFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_EndlessStream_RefusedAsSoonAsLimitIsCrossed()
    {
        var endless = new GeneratedStream(long.MaxValue);

        await Should.ThrowAsync<UploadRejectedException>(
            () => Spooler.SpoolAsync(endless, "huge.bin", 10 * 1024 * 1024, "Report"));

        endless.BytesRead.ShouldBeLessThanOrEqualTo(10 * 1024 * 1024 + 64 * 1024, "stops within one chunk of the limit");
        TempFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_SourceFailsAfterSpoolingStarted_NoTempFileLeft()
    {
        var failing = new GeneratedStream(long.MaxValue, failAfter: MemoryLimit * 3);

        await Should.ThrowAsync<IOException>(() => Spooler.SpoolAsync(failing, "cut.bin", long.MaxValue, "Report"));

        TempFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_CancelledAfterSpoolingStarted_NoTempFileLeft()
    {
        using var cts = new CancellationTokenSource();
        var tempFileSeen = false;
        var progress = new SyncProgress(n =>
        {
            if (n > MemoryLimit * 2 && !cts.IsCancellationRequested)
            {
                tempFileSeen = TempFiles.Length == 1;
                cts.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(
            () => Spooler.SpoolAsync(new GeneratedStream(long.MaxValue), "gone.bin", long.MaxValue, "Report", progress, cts.Token));

        tempFileSeen.ShouldBeTrue("the upload was spooling to disk when the circuit went away");
        TempFiles.ShouldBeEmpty();
    }

    [Fact]
    public async Task SpoolAsync_ReportsProgressUpToBytesReceived()
    {
        var reports = new List<long>();

        await using var upload = await Spooler.SpoolAsync(new GeneratedStream(300_000), "p.bin", 1_000_000, "Report",
            new SyncProgress(reports.Add));

        reports.ShouldNotBeEmpty();
        reports[^1].ShouldBe(300_000);
        reports.ShouldBe(reports.Order().ToList());
    }

    /// <summary>Progress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

/// <summary>Other backends: large uploads spool to <c>Uploads:TempDir</c>.</summary>
public sealed class UploadSpoolerTempDirTests : UploadSpoolerTests
{
    protected override string SpoolFolder => Temp.Path;

    protected override UploadSpooler CreateSpooler() =>
        new(Options.Create(new UploadsOptions { MaxMemorySize = MemoryLimit, TempDir = Temp.Path }));
}
