using System.Security.Cryptography;
using BlazorMedia.Catalog;
using BlazorMedia.Imaging;
using BlazorMedia.Spooling;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Imaging;

public sealed class ThumbnailServiceTests : IDisposable
{
    private readonly FakeImageStorage _storage = new();
    private readonly TempDirectory _spoolDir = new("bm-thumb-spool");
    private readonly ThumbnailService _service;

    public ThumbnailServiceTests() => _service = new ThumbnailService(_storage, Generator(),
        Options.Create(new SpoolOptions { Directory = _spoolDir.Path, MaxMemorySize = 2_621_440 }));

    public void Dispose() => _spoolDir.Dispose();

    private static ThumbnailGenerator Generator()
    {
        var engine = new BlazorMedia.Imaging.LibVips.LibVipsEngine();
        return new ThumbnailGenerator(engine, new ImageInspector(engine));
    }

    [Fact]
    public async Task GetOrCreateAsync_FirstCall_SavesUnderContentDerivedName()
    {
        var photo = TestImages.Jpeg(300, 200);
        _storage.Files["avatars/a.jpg"] = photo;

        var name = await _service.GetOrCreateAsync("avatars/a.jpg", ThumbnailAlias.Small, CancellationToken.None);

        name.ShouldBe(ThumbnailNames.For(Convert.ToHexStringLower(SHA256.HashData(photo)), ThumbnailAlias.Small));
        name.ShouldStartWith("thumbnails/small/");
        name.ShouldEndWith(".webp");
        _storage.Files.ShouldContainKey(name);
        _storage.Saves.ShouldBe(1);
    }

    [Fact]
    public async Task GetOrCreateAsync_SecondCall_ReusesWithoutGenerating()
    {
        _storage.Files["a.png"] = TestImages.Png(100, 50);
        var first = await _service.GetOrCreateAsync("a.png", ThumbnailAlias.Medium, CancellationToken.None);

        var second = await _service.GetOrCreateAsync("a.png", ThumbnailAlias.Medium, CancellationToken.None);

        second.ShouldBe(first);
        _storage.Saves.ShouldBe(1);
    }

    [Fact]
    public async Task GetOrCreateAsync_ThumbnailDeleted_RegeneratedUnderSameName()
    {
        _storage.Files["a.webp"] = TestImages.Webp(100, 50);
        var first = await _service.GetOrCreateAsync("a.webp", ThumbnailAlias.Small, CancellationToken.None);
        _storage.Files.Remove(first);

        var again = await _service.GetOrCreateAsync("a.webp", ThumbnailAlias.Small, CancellationToken.None);

        again.ShouldBe(first);
        _storage.Files.ShouldContainKey(first);
    }

    [Fact]
    public async Task GetOrCreateAsync_SameBytesUnderTwoNames_ShareOneThumbnail()
    {
        var photo = TestImages.Jpeg(120, 90);
        _storage.Files["one.jpg"] = photo;
        _storage.Files["two.jpg"] = photo;

        var one = await _service.GetOrCreateAsync("one.jpg", ThumbnailAlias.Small, CancellationToken.None);
        var two = await _service.GetOrCreateAsync("two.jpg", ThumbnailAlias.Small, CancellationToken.None);

        two.ShouldBe(one);
    }

    [Fact]
    public async Task GetOrCreateAsync_LargeSourceSpooled_ProducesThumbnail()
    {
        _storage.Files["big.jpg"] = TestImages.Jpeg(3600, 2400); // noise JPEG, over the 2.5 MB in-memory limit
        _storage.Files["big.jpg"].Length.ShouldBeGreaterThan(2_621_440);

        var name = await _service.GetOrCreateAsync("big.jpg", ThumbnailAlias.Small, CancellationToken.None);

        _storage.Files[name][..4].ShouldBe("RIFF"u8.ToArray());
    }

    [Fact]
    public async Task GetOrCreateAsync_LargeSource_SpooledInTheConfiguredFolderAndRemoved()
    {
        _storage.Files["big.jpg"] = TestImages.Jpeg(3600, 2400);
        var spooledFiles = new List<string>();
        _storage.BeforeSave = () => spooledFiles.AddRange(Directory.GetFiles(_spoolDir.Path));

        await _service.GetOrCreateAsync("big.jpg", ThumbnailAlias.Small, CancellationToken.None);

        spooledFiles.ShouldHaveSingleItem().ShouldStartWith(Path.Combine(_spoolDir.Path, Spool.FilePrefix));
        Directory.GetFiles(_spoolDir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetOrCreateAsync_CorruptLargeSource_RefusedAndSpoolRemoved()
    {
        _storage.Files["big.jpg"] = TestImages.Truncated(TestImages.Jpeg(5000, 3000));
        _storage.Files["big.jpg"].Length.ShouldBeGreaterThan(2_621_440);

        await Should.ThrowAsync<ImageRejectedException>(
            () => _service.GetOrCreateAsync("big.jpg", ThumbnailAlias.Small, CancellationToken.None));

        Directory.GetFiles(_spoolDir.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetOrCreateAsync_MissingSource_ThrowsFileNotFound()
    {
        await Should.ThrowAsync<FileNotFoundException>(
            () => _service.GetOrCreateAsync("nope.jpg", ThumbnailAlias.Small, CancellationToken.None));
    }

    [Fact]
    public async Task GetOrCreateAsync_RaceSavedVariant_VariantDeletedCanonicalReturned()
    {
        _storage.Files["a.jpg"] = TestImages.Jpeg(80, 60);
        _storage.TakeNameBeforeSave = true; // another request wins between ExistsAsync and SaveAsync

        var name = await _service.GetOrCreateAsync("a.jpg", ThumbnailAlias.Small, CancellationToken.None);

        _storage.Files.Keys.Where(k => k.StartsWith("thumbnails/", StringComparison.Ordinal)).ShouldBe([name]);
    }
}

/// <summary>Dictionary-backed <see cref="IFileStorage"/> for imaging tests (named apart from the storage suite's helper).</summary>
internal sealed class FakeImageStorage : IFileStorage
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public int Saves { get; private set; }

    /// <summary>Simulates a concurrent writer: the next save finds its name already taken.</summary>
    public bool TakeNameBeforeSave { get; set; }

    /// <summary>Runs at the start of every save (while the caller still holds whatever it spooled).</summary>
    public Action? BeforeSave { get; set; }

    public Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default)
    {
        BeforeSave?.Invoke();
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        if (TakeNameBeforeSave)
        {
            TakeNameBeforeSave = false;
            Files[name] = copy.ToArray();
        }
        var used = Files.ContainsKey(name) ? name.Replace(".webp", "_abc1234.webp", StringComparison.Ordinal) : name;
        Files[used] = copy.ToArray();
        Saves++;
        return Task.FromResult(used);
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        Files.TryGetValue(name, out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new FileNotFoundException($"No stored file '{name}'.", name);

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        Files.Remove(name);
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Files.ContainsKey(name));

    public Task<bool> MoveAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)Files[name].Length);

    public Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public string GetUrl(string name) => "/media/" + name;

    public string GetValidName(string name) => name;
    public string GenerateFileName(string name) => name;

    public Task<string> GetAvailableNameAsync(string name, int? maxLength = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(name);
}
