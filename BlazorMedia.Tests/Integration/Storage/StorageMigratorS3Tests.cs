using System.Security.Cryptography;
using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Storage.S3;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>The migration against a real S3 protocol (s3rver): file system → S3, including a multipart-sized file.</summary>
[Collection(StorageServersCollection.Name)]
public sealed class StorageMigratorS3Tests(S3rverServer server) : IDisposable
{
    private readonly TempDirectory _dir = new("bm-migrate-s3");
    private readonly S3Storage _s3 = new(server.Options());

    public void Dispose()
    {
        _s3.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task MigrateAsync_FileSystemToS3_CopiesEverythingAndRerunCopiesNothing()
    {
        var source = new FileSystemStorage(new FileSystemStorageOptions { Location = _dir.Path });
        var files = new Dictionary<string, byte[]>
        {
            ["readme.txt"] = RandomNumberGenerator.GetBytes(100),
            ["avatars/2026/11/deep.jpg"] = RandomNumberGenerator.GetBytes(5000),
            ["documents/Ünïcödé 文件.pdf"] = RandomNumberGenerator.GetBytes(70_000),
            ["videos/big.bin"] = RandomNumberGenerator.GetBytes(S3Storage.PartSize + 12345),
        };
        foreach (var (name, bytes) in files)
            (await source.SaveAsync(name, new MemoryStream(bytes))).ShouldBe(name);

        var first = await new StorageMigrator(source, _s3).MigrateAsync(dryRun: false, CancellationToken.None);
        var second = await new StorageMigrator(source, _s3).MigrateAsync(dryRun: false, CancellationToken.None);

        first.ShouldBe(first with { Copied = files.Count, AlreadyThere = 0, Conflicts = 0, Errors = 0 });
        second.ShouldBe(second with { Copied = 0, AlreadyThere = files.Count, Conflicts = 0, Errors = 0 });
        foreach (var (name, bytes) in files)
        {
            await using var stream = await _s3.OpenReadAsync(name);
            (await SHA256.HashDataAsync(stream)).ShouldBe(SHA256.HashData(bytes), name);
        }
    }
}
