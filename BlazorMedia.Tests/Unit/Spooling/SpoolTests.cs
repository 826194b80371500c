using System.Security.Cryptography;
using BlazorMedia.Spooling;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Storage;
using BlazorMedia.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Spooling;

public sealed class SpoolTests : IDisposable
{
    private readonly TempDirectory _temp = new("bm-spool-test");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_OverMemorySize_FileInTheGivenFolderRemovedOnDispose()
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var location = new SpoolLocation(_temp.Combine(), 4096);

        var spool = await Spool.ReadAsync(new MemoryStream(bytes), location);

        spool.IsInMemory.ShouldBeFalse();
        Path.GetDirectoryName(spool.FilePath).ShouldBe(_temp.Path);
        Path.GetFileName(spool.FilePath!).ShouldStartWith(Spool.FilePrefix);
        (spool.Length, spool.Sha256).ShouldBe((5000L, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        await spool.DisposeAsync();
        Directory.GetFiles(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_UpToMemorySize_StaysInMemory()
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);

        await using var spool = await Spool.ReadAsync(new MemoryStream(bytes), new SpoolLocation(_temp.Path, 4096));

        spool.IsInMemory.ShouldBeTrue();
        spool.Memory.ToArray().ShouldBe(bytes);
        Directory.GetFiles(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_OverMaxLength_ThrowsWithinOneChunkAndLeavesNothing()
    {
        var endless = new GeneratedStream(long.MaxValue);

        var e = await Should.ThrowAsync<SpoolLimitExceededException>(
            () => Spool.ReadAsync(endless, new SpoolLocation(_temp.Path, 1024), maxLength: 1_000_000));

        e.Limit.ShouldBe(1_000_000);
        endless.BytesRead.ShouldBeLessThanOrEqualTo(1_000_000 + 64 * 1024);
        Directory.GetFiles(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task DigestAsync_AnyStream_LengthAndSha256OfEveryByte()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_001);

        var digest = await HashingStream.DigestAsync(new MemoryStream(bytes));

        digest.ShouldBe(new ContentDigest(300_001, Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }

    [Fact]
    public void HashingStream_PassesReadsThrough_CountsAndHashesThem()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);
        using var hashing = new HashingStream(new MemoryStream(bytes));
        using var copy = new MemoryStream();

        hashing.CopyTo(copy);

        copy.ToArray().ShouldBe(bytes);
        hashing.BytesRead.ShouldBe(1000);
        hashing.GetHash().ShouldBe(SHA256.HashData(bytes));
    }

    [Fact]
    public void SpoolOptions_AppRegistration_FollowUploadsTempDirAndMaxMemorySize()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Uploads:TempDir"] = _temp.Path,
            ["Uploads:MaxMemorySize"] = "12345",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddMediaUploads()
            .BuildServiceProvider();

        provider.GetRequiredService<IOptions<SpoolOptions>>().Value.Location.ShouldBe(new SpoolLocation(_temp.Path, 12345));
    }

    [Fact]
    public void SpoolOptions_Unset_SystemTempFolderAndDjangosSize()
    {
        new SpoolOptions().Location.ShouldBe(new SpoolLocation(Path.GetTempPath(), 2_621_440));
    }
}
