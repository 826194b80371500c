using BlazorMedia.Spooling;

namespace BlazorMedia.Tests.Spooling;

public sealed class WriteBehindTests
{
    private const long Window = 8 << 20;
    private const long Chunk = 64 << 10;

    /// <summary>The file lengths at which a writer of <paramref name="total"/> bytes in 64 KiB chunks flushes.</summary>
    private static List<long> FlushedAt(long total, int result = 0)
    {
        var flushes = new List<long>();
        var written = 0L;
        var writeBehind = new WriteBehind(Window, () =>
        {
            flushes.Add(written);
            return result;
        });
        for (written = Chunk; written <= total; written += Chunk) writeBehind.Written(written);
        return flushes;
    }

    [Fact]
    public void Written_ThreeWindowsAndABit_FlushesOncePerWindow()
    {
        FlushedAt(3 * Window + Chunk).ShouldBe([Window, 2 * Window, 3 * Window]);
    }

    [Fact]
    public void Written_LessThanAWindow_NeverFlushes()
    {
        FlushedAt(Window - Chunk).ShouldBeEmpty();
    }

    [Fact]
    public void Written_FlushRefused_StopsAsking()
    {
        FlushedAt(4 * Window, result: -1).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Spool_WithWriteBehindOnARealFile_KeepsEveryByteAndItsHash()
    {
        var folder = Directory.CreateTempSubdirectory("bm-writebehind-").FullName;
        try
        {
            using var source = new Storage.GeneratedStream(3 * Window + 12345);

            await using var spool = await Spool.ReadAsync(source, new SpoolLocation(folder, 1024, Window));

            await using var read = spool.OpenRead();
            (await HashingStream.DigestAsync(read)).ShouldBe(new ContentDigest(3 * Window + 12345, spool.Sha256));
            spool.Sha256.ShouldBe(Convert.ToHexStringLower(source.HashSoFar()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
