using BlazorMedia.Storage.FileSystem;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Storage;

public sealed class TempFileSweepServiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bm-sweep-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task StartAsync_FileSystemBackend_SweepsStaleTempFilesInTheBackground()
    {
        var stale = Path.Combine(_root, "a", ".bm-tmp-crashed");
        Directory.CreateDirectory(Path.GetDirectoryName(stale)!);
        await File.WriteAllTextAsync(stale, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-1));
        var options = new FileSystemStorageOptions { Location = _root };
        using var service = new TempFileSweepService(new FileSystemStorage(options), Options.Create(options),
            NullLogger<TempFileSweepService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!;

        File.Exists(stale).ShouldBeFalse();
    }

    [Fact]
    public async Task StartAsync_OtherBackend_CompletesWithoutTouchingAnything()
    {
        using var service = new TempFileSweepService(new InMemoryStorage(), Options.Create(new FileSystemStorageOptions()),
            NullLogger<TempFileSweepService>.Instance);

        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!; // Throws if the service tried to treat the backend as a file system.
    }
}
