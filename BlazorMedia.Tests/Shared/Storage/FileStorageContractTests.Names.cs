using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>The contract's name rules: refusals, available names, valid names.</summary>
public abstract partial class FileStorageContractTests
{
    public static TheoryData<string, string> DangerousNames => new()
    {
        { "../x", "Storage name '../x' refused: it contains a '..' segment." },
        { "a/../../etc/passwd", "Storage name 'a/../../etc/passwd' refused: it contains a '..' segment." },
        { "./x", "Storage name './x' refused: it contains a '.' segment." },
        { "a//b", "Storage name 'a//b' refused: it contains an empty segment." },
        { "a/", "Storage name 'a/' refused: it contains an empty segment." },
        { "/etc/passwd", "Storage name '/etc/passwd' refused: it starts with '/'; names are relative." },
        { "..\\x", "Storage name '..\\x' refused: it contains a '\\'; use '/' between segments." },
        { "C:x", "Storage name 'C:x' refused: it starts with a drive letter." },
        { "c:/windows/win.ini", "Storage name 'c:/windows/win.ini' refused: it starts with a drive letter." },
        { "a\0.txt", "Storage name 'a\\u0000.txt' refused: it contains the control character U+0000." },
        { "a\nb", "Storage name 'a\\u000Ab' refused: it contains the control character U+000A." },
        { "", "Storage name '' refused: it is empty." },
        { new string('a', 256), $"Storage name '{new string('a', 256)}' refused: it has a segment longer than 255 bytes." },
    };

    [Theory]
    [MemberData(nameof(DangerousNames))]
    public async Task SaveAsync_DangerousName_RefusedNamingRuleAndWritesNothing(string name, string message)
    {
        var e = await Should.ThrowAsync<StorageException>(() => Storage.SaveAsync(name, Text("x")));

        e.Message.ShouldBe(message);
        e.StorageName.ShouldBe(name);
        var root = await Storage.ListAsync("");
        root.Files.ShouldBeEmpty();
        root.Directories.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(DangerousNames))]
    public async Task EveryOperation_DangerousName_Refused(string name, string message)
    {
        (await Should.ThrowAsync<StorageException>(() => Storage.OpenReadAsync(name))).Message.ShouldBe(message);
        (await Should.ThrowAsync<StorageException>(() => Storage.DeleteAsync(name))).Message.ShouldBe(message);
        (await Should.ThrowAsync<StorageException>(() => Storage.ExistsAsync(name))).Message.ShouldBe(message);
        (await Should.ThrowAsync<StorageException>(() => Storage.GetSizeAsync(name))).Message.ShouldBe(message);
        (await Should.ThrowAsync<StorageException>(() => Storage.GetModifiedTimeAsync(name))).Message.ShouldBe(message);
        Should.Throw<StorageException>(() => Storage.GetUrl(name)).Message.ShouldBe(message);
        if (name.Length > 0) // "" is the root for listing
            (await Should.ThrowAsync<StorageException>(() => Storage.ListAsync(name))).Message.ShouldBe(message);
    }

    [Fact]
    public async Task GetAvailableNameAsync_FreeName_ReturnsIt()
    {
        (await Storage.GetAvailableNameAsync("docs/free.txt")).ShouldBe("docs/free.txt");
    }

    [Fact]
    public async Task GetAvailableNameAsync_TooLong_ShortensStemKeepingExtension()
    {
        var name = await Storage.GetAvailableNameAsync("docs/" + new string('a', 100) + ".tar.gz", maxLength: 30);

        name.ShouldBe("docs/" + new string('a', 18) + ".tar.gz");
    }

    [Fact]
    public async Task GetAvailableNameAsync_TakenAndTight_SuffixFitsMaxLength()
    {
        await Storage.SaveAsync("d/abcdefghij.txt", Text("x"));

        var name = await Storage.GetAvailableNameAsync("d/abcdefghij.txt", maxLength: 16);

        name.ShouldMatch(@"^d/ab_[a-zA-Z0-9]{7}\.txt$");
    }

    [Fact]
    public async Task GetAvailableNameAsync_NoRoomForSuffix_RefusedNamingTheLimit()
    {
        await Storage.SaveAsync("d/abc.txt", Text("x"));

        var e = await Should.ThrowAsync<StorageException>(() => Storage.GetAvailableNameAsync("d/abc.txt", maxLength: 12));

        e.Message.ShouldBe("Storage name 'd/abc.txt' refused: it cannot be shortened to 12 characters while keeping its folder and extension.");
    }

    [Theory]
    [InlineData("My Photo (1).JPG", "My_Photo_1.JPG")]
    [InlineData("reports save/Q1 résumé.pdf", "reports_save/Q1_résumé.pdf")]
    public void GetValidName_UnsafeCharacters_SanitisesEverySegment(string name, string valid)
    {
        Storage.GetValidName(name).ShouldBe(valid);
    }

    [Fact]
    public void GenerateFileName_FolderAndOriginalName_SanitisesOnlyTheFileName()
    {
        Storage.GenerateFileName("avatars/2026/my photo!.png").ShouldBe("avatars/2026/my_photo.png");
    }

    [Fact]
    public void GenerateFileName_DotDotFolder_Refused()
    {
        Should.Throw<StorageException>(() => Storage.GenerateFileName("avatars/../x.png"))
            .Message.ShouldBe("Storage name 'avatars/../x.png' refused: it contains a '..' segment.");
    }
}
