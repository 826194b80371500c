using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Uploads;
using Microsoft.AspNetCore.Components.Forms;

namespace BlazorMedia.Tests.Uploads;

/// <summary>The upload service with real spooling and real libvips: every refusal names the file and the reason and
/// leaves no spool file; results are per file.</summary>
[Trait("Database", "Each")]
public sealed class UploadServiceTests : IAsyncLifetime
{
    private readonly ProfileHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, byte[], string> HostileAvatars => new()
    {
        { "bomb.png", TestImages.PngHeader(100_000, 100_000), "bomb.png is 100000×100000 pixels; the largest side allowed is 8192." },
        { "line.png", TestImages.PngHeader(1, 500_000_000), "line.png is 1×500000000 pixels; the largest side allowed is 8192." },
        { "forged.jpg", TestImages.JpegWithForgedSize(60_000, 60_000), "forged.jpg is 60000×60000 pixels; the largest side allowed is 8192." },
        { "cut.jpg", TestImages.Truncated(TestImages.Jpeg(300, 200)), "cut.jpg is truncated or corrupt" },
        { "page.png", TestImages.PngMagicThenHtml(), "page.png is truncated or corrupt" },
        { "logo.svg", TestImages.SvgWithScript(), "logo.svg is not an image of an accepted type (JPEG, PNG, WebP, GIF)." },
        { "data.png", TestImages.Text(), "data.png is not an image of an accepted type (JPEG, PNG, WebP, GIF)." },
        { "empty.jpg", [], "empty.jpg is empty." },
        { "anim.gif", TestImages.GifWithFrames(10_000), "anim.gif has more than 4096 frames; avatars must be a single image." },
    };

    [Theory]
    [MemberData(nameof(HostileAvatars))]
    public async Task ReceiveAsync_HostileAvatar_RefusedNamingFileLeavesNoSpoolFile(string name, byte[] bytes, string message)
    {
        var e = await Should.ThrowAsync<UploadRejectedException>(() => _h.Uploads.ReceiveAsync(new MemoryStream(bytes), name, _h.Fields.Avatar, Caller.Operator));

        e.Message.ShouldStartWith(message);
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
        _h.StoredNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_LargeValidImageSpooledToDisk_AcceptedAndSpoolRemovedOnDispose()
    {
        var big = TestImages.Jpeg(3600, 2400); // noise JPEG over the 2.5 MB memory limit
        big.Length.ShouldBeGreaterThan(2_621_440);

        var file = await _h.Uploads.ReceiveAsync(new MemoryStream(big), "big.jpg", _h.Fields.Avatar, Caller.Operator);

        Directory.GetFiles(_h.SpoolDir).Length.ShouldBe(1);
        (file.Width, file.Height, file.Type.ContentType).ShouldBe((3600, 2400, "image/jpeg"));
        file.ReceivedBytes.ShouldBe(big.Length);
        await file.DisposeAsync();
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_DeclaredSizeOverLimit_RefusedBeforeReading()
    {
        var file = new FakeBrowserFile("huge.jpg", declaredSize: _h.Fields.Avatar.MaxSize + 1, TestImages.Jpeg(10, 10));

        var e = await Should.ThrowAsync<UploadRejectedException>(() => _h.Uploads.ReceiveAsync(file, _h.Fields.Avatar, Caller.Operator));

        e.Message.ShouldBe("huge.jpg is larger than the 10 MB allowed for Avatar.");
        file.Opened.ShouldBeFalse();
    }

    [Fact]
    public async Task ReceiveAsync_BrowserLiesAboutSize_RealBytesCountedAndRefused()
    {
        var body = new byte[_h.Fields.Avatar.MaxSize + 100];
        var file = new FakeBrowserFile("liar.jpg", declaredSize: 1000, body);

        var e = await Should.ThrowAsync<UploadRejectedException>(() => _h.Uploads.ReceiveAsync(file, _h.Fields.Avatar, Caller.Operator));

        e.Message.ShouldBe("liar.jpg is larger than the 10 MB allowed for Avatar.");
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAllAsync_MoreThanMaxFilesWithOneBad_EachFileGetsItsOwnResult()
    {
        var files = Enumerable.Range(1, 21).Select(i => new FakeBrowserFile($"p{i}.png", -1, TestImages.Png(20, 20))).ToList<IBrowserFile>();
        files[3] = new FakeBrowserFile("bad.png", -1, TestImages.Text());

        var results = await _h.Uploads.ReceiveAllAsync(files, _h.Fields.Avatar, Caller.Operator);

        results.Count.ShouldBe(21);
        results.Count(r => r.File is not null).ShouldBe(19);
        results[3].Error.ShouldBe("bad.png is not an image of an accepted type (JPEG, PNG, WebP, GIF).");
        results[20].Error.ShouldBe("p21.png was not uploaded: at most 20 files can be uploaded at once.");
        foreach (var r in results) if (r.File is not null) await r.File.DisposeAsync();
    }

    [Fact]
    public async Task StoreAsync_Image_RecordsSizeHashTypeDimensionsAndOriginalName()
    {
        await using var file = await _h.Uploads.ReceiveAsync(new MemoryStream(TestImages.JpegWithExifOrientation6AndGps(120, 80)), "Phöto 1.JPG", _h.Fields.Avatar, Caller.Operator);

        var stored = await _h.Uploads.StoreAsync(file, ownerId: "u1");

        var row = stored.Row;
        row.Name.ShouldStartWith("avatars/");
        row.Name.ShouldEndWith(".jpg");
        (row.Width, row.Height).ShouldBe((80, 120)); // EXIF orientation applied
        row.ContentType.ShouldBe("image/jpeg");
        row.OriginalName.ShouldBe("Phöto 1.JPG");
        row.OwnerId.ShouldBe("u1");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_h.MediaRoot, row.Name));
        row.Size.ShouldBe(bytes.Length);
        row.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        stored.WrittenNames.Count.ShouldBe(3); // the image and its two thumbnails
    }

    [Fact]
    public async Task StoreAsync_LargeDocument_SpoolFileMovedIntoStorageNotCopied()
    {
        var text = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("quarterly figures\n", 200_000)));
        text.Length.ShouldBeGreaterThan(2_621_440);
        var file = await _h.Uploads.ReceiveAsync(new MemoryStream(text), "big.txt", _h.Fields.Report, Caller.Operator);
        var spool = Directory.GetFiles(_h.SpoolDir).ShouldHaveSingleItem();

        var stored = await _h.Uploads.StoreAsync(file, ownerId: null);

        // The stored file is the spool file under its final name: a write through one name shows through the other.
        var path = Path.Combine(_h.MediaRoot, stored.Row.Name);
        using (var handle = File.OpenHandle(spool, FileMode.Open, FileAccess.Write))
            RandomAccess.Write(handle, "Q"u8, 0);
        (await File.ReadAllBytesAsync(path))[0].ShouldBe((byte)'Q');
        await file.DisposeAsync();
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
        new FileInfo(path).Length.ShouldBe(text.Length);
        stored.Row.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(text)));
    }
}
