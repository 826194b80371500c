using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>What every <see cref="IFileStorage"/> backend must do. A backend's test class derives from this, creates a
/// fresh, empty storage per test (xunit makes one instance per test) with base URL <c>/media/</c>, and adds its own
/// backend-specific tests.</summary>
public abstract partial class FileStorageContractTests
{
    protected abstract IFileStorage Storage { get; }

    /// <summary>Backends that keep bytes in process memory cannot pass the no-buffering check; they still check
    /// contents on a smaller file.</summary>
    protected virtual bool BuffersContentInMemory => false;

    protected static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    protected async Task<string> ReadTextAsync(string name)
    {
        await using var stream = await Storage.OpenReadAsync(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task SaveAsync_FreeName_StoresContentUnderThatName()
    {
        var saved = await Storage.SaveAsync("docs/hello.txt", Text("hello"));

        saved.ShouldBe("docs/hello.txt");
        (await ReadTextAsync("docs/hello.txt")).ShouldBe("hello");
    }

    [Fact]
    public async Task SaveAsync_NameTaken_SavesUnderRandomSuffixAndKeepsOriginal()
    {
        await Storage.SaveAsync("docs/report.pdf", Text("first"));

        var saved = await Storage.SaveAsync("docs/report.pdf", Text("second"));

        saved.ShouldMatch(@"^docs/report_[a-zA-Z0-9]{7}\.pdf$");
        (await ReadTextAsync("docs/report.pdf")).ShouldBe("first");
        (await ReadTextAsync(saved)).ShouldBe("second");
    }

    [Fact]
    public async Task OpenReadAsync_Missing_ThrowsFileNotFound()
    {
        await Should.ThrowAsync<FileNotFoundException>(() => Storage.OpenReadAsync("nowhere/missing.txt"));
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovesIt()
    {
        await Storage.SaveAsync("a.txt", Text("x"));

        await Storage.DeleteAsync("a.txt");

        (await Storage.ExistsAsync("a.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task DeleteAsync_AlreadyGone_DoesNotThrow()
    {
        await Storage.SaveAsync("a.txt", Text("x"));
        await Storage.DeleteAsync("a.txt");

        await Storage.DeleteAsync("a.txt");
        await Storage.DeleteAsync("no-such-folder/b.txt");
    }

    [Fact]
    public async Task ExistsAsync_SavedAndUnsaved_TellsThemApart()
    {
        await Storage.SaveAsync("a/b.txt", Text("x"));

        (await Storage.ExistsAsync("a/b.txt")).ShouldBeTrue();
        (await Storage.ExistsAsync("a/c.txt")).ShouldBeFalse();
    }

    /// <summary>Virtual only so a backend whose test server has a known listing bug can skip it with the reason.</summary>
    [Fact]
    public virtual async Task ListAsync_Root_ReturnsFoldersAndFilesSortedOrdinally()
    {
        await Storage.SaveAsync("b.txt", Text("x"));
        await Storage.SaveAsync("B.txt", Text("x"));
        await Storage.SaveAsync("avatars/1.png", Text("x"));
        await Storage.SaveAsync("reports/2026/r.pdf", Text("x"));

        var listing = await Storage.ListAsync("");

        listing.Directories.ShouldBe(["avatars", "reports"]);
        listing.Files.ShouldBe(["B.txt", "b.txt"]);
    }

    [Fact]
    public async Task ListAsync_Subfolder_ReturnsNamesRelativeToIt()
    {
        await Storage.SaveAsync("reports/2026/r.pdf", Text("x"));
        await Storage.SaveAsync("reports/s.pdf", Text("x"));

        var listing = await Storage.ListAsync("reports");

        listing.Directories.ShouldBe(["2026"]);
        listing.Files.ShouldBe(["s.pdf"]);
    }

    /// <summary>What the maintenance verbs and migrate-storage walk: every file once, however deep, including under
    /// folders that hold only sub-folders (the layout of <c>reports_save/yyyy/MM/</c>).</summary>
    [Fact]
    public async Task ListAllFilesAsync_NestedFolders_EveryFileOnce()
    {
        await Storage.SaveAsync("top.txt", Text("x"));
        await Storage.SaveAsync("reports/2026/12/r.pdf", Text("x"));
        await Storage.SaveAsync("reports/2026/12/s.pdf", Text("x"));
        await Storage.SaveAsync("avatars/a.png", Text("x"));

        var names = new List<string>();
        await foreach (var name in Storage.ListAllFilesAsync()) names.Add(name);

        names.ShouldBe(["top.txt", "reports/2026/12/r.pdf", "reports/2026/12/s.pdf", "avatars/a.png"], ignoreOrder: true);
    }

    [Fact]
    public async Task ListAsync_MissingFolder_ReturnsEmpty()
    {
        var listing = await Storage.ListAsync("nothing/here");

        listing.Directories.ShouldBeEmpty();
        listing.Files.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetSizeAsync_Saved_ReturnsByteCount()
    {
        await Storage.SaveAsync("s.txt", Text("héllo")); // é is two bytes in UTF-8

        (await Storage.GetSizeAsync("s.txt")).ShouldBe(6);
    }

    [Fact]
    public async Task GetSizeAsync_Missing_ThrowsFileNotFound()
    {
        await Should.ThrowAsync<FileNotFoundException>(() => Storage.GetSizeAsync("missing.txt"));
    }

    [Fact]
    public async Task GetTimesAsync_JustSaved_AreNow()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        await Storage.SaveAsync("t.txt", Text("x"));
        var after = DateTimeOffset.UtcNow.AddSeconds(2);

        (await Storage.GetModifiedTimeAsync("t.txt")).ShouldBeInRange(before, after);
        (await Storage.GetCreatedTimeAsync("t.txt")).ShouldBeInRange(before, after);
        await Should.ThrowAsync<FileNotFoundException>(() => Storage.GetModifiedTimeAsync("missing.txt"));
    }

    [Fact]
    public async Task InfoAndOpenReadWithInfo_Saved_AgreeWithTheGettersAndTheBytes()
    {
        await Storage.SaveAsync("i.txt", Text("héllo"));
        var modified = await Storage.GetModifiedTimeAsync("i.txt");

        (await Storage.GetInfoAsync("i.txt")).ShouldBe(new StorageObjectInfo(6, modified));
        var read = await Storage.OpenReadWithInfoAsync("i.txt");
        await using (read.Content)
        {
            read.Info.ShouldBe(new StorageObjectInfo(6, modified));
            using var reader = new StreamReader(read.Content, Encoding.UTF8);
            (await reader.ReadToEndAsync()).ShouldBe("héllo");
        }
        await Should.ThrowAsync<FileNotFoundException>(() => Storage.GetInfoAsync("missing.txt"));
        await Should.ThrowAsync<FileNotFoundException>(() => Storage.OpenReadWithInfoAsync("missing.txt"));
    }

    [Theory]
    [InlineData("a.txt", "/media/a.txt")]
    [InlineData("fotos/café ü.jpg", "/media/fotos/caf%C3%A9%20%C3%BC.jpg")]
    [InlineData("写真/猫.png", "/media/%E5%86%99%E7%9C%9F/%E7%8C%AB.png")]
    [InlineData("a/100%#?.txt", "/media/a/100%25%23%3F.txt")]
    public void GetUrl_Name_PercentEncodesEachSegment(string name, string url)
    {
        Storage.GetUrl(name).ShouldBe(url);
    }

    [Fact]
    public async Task SaveAsync_UnicodeName_SavesListsAndUrls()
    {
        var saved = await Storage.SaveAsync("写真/Ünïcødé 猫.txt", Text("ニャー"));

        saved.ShouldBe("写真/Ünïcødé 猫.txt");
        (await ReadTextAsync(saved)).ShouldBe("ニャー");
        (await Storage.ListAsync("")).Directories.ShouldBe(["写真"]);
        (await Storage.ListAsync("写真")).Files.ShouldBe(["Ünïcødé 猫.txt"]);
        Storage.GetUrl(saved).ShouldBe("/media/%E5%86%99%E7%9C%9F/%C3%9Cn%C3%AFc%C3%B8d%C3%A9%20%E7%8C%AB.txt");
    }

    [Fact]
    public async Task SaveAsync_EmptyStream_StoresEmptyFile()
    {
        var saved = await Storage.SaveAsync("empty.bin", Stream.Null);

        (await Storage.ExistsAsync(saved)).ShouldBeTrue();
        (await Storage.GetSizeAsync(saved)).ShouldBe(0);
    }

    [Fact]
    public async Task SaveAsync_100ConcurrentSavesOfOneName_AllGetDistinctNamesWithIntactContent()
    {
        // Every save has picked 'race/same.txt' (still free) before any of them writes: 99 must lose at the write.
        var gate = new StartingGate(100);
        var saves = Enumerable.Range(0, 100)
            .Select(i => Task.Run(async () =>
                (i, name: await Storage.SaveAsync("race/same.txt", new GatedStream(Encoding.UTF8.GetBytes($"content {i}"), gate)))))
            .ToArray();

        var results = await Task.WhenAll(saves);

        results.Select(r => r.name).Distinct().Count().ShouldBe(100);
        results.Count(r => r.name == "race/same.txt").ShouldBe(1);
        results.ShouldAllBe(r => System.Text.RegularExpressions.Regex.IsMatch(r.name, @"^race/same(_[a-zA-Z0-9]{7})?\.txt$"));
        foreach (var (i, name) in results)
            (await ReadTextAsync(name)).ShouldBe($"content {i}");
        (await Storage.ListAsync("race")).Files.Count.ShouldBe(100);
    }

    [Fact]
    public async Task SaveAsync_LargeNonSeekableStream_StoresItWithoutBufferingIt()
    {
        var size = BuffersContentInMemory ? 16L << 20 : 200L << 20;
        using var source = new GeneratedStream(size);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var saved = await Storage.SaveAsync("big/large.bin", source);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        if (!BuffersContentInMemory)
            allocated.ShouldBeLessThan(16L << 20, "the save must stream, not hold the file in memory");
        (await Storage.GetSizeAsync(saved)).ShouldBe(size);
        await using var stored = await Storage.OpenReadAsync(saved);
        (await SHA256.HashDataAsync(stored)).ShouldBe(source.HashSoFar());
    }
}
