using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

public sealed class StorageNamesTests
{
    [Theory]
    [MemberData(nameof(FileStorageContractTests.DangerousNames), MemberType = typeof(FileStorageContractTests))]
    [InlineData("a/./b", "Storage name 'a/./b' refused: it contains a '.' segment.")]
    [InlineData("a/..", "Storage name 'a/..' refused: it contains a '..' segment.")]
    [InlineData("report.pdf:hidden", "Storage name 'report.pdf:hidden' refused: it contains ':'.")]
    [InlineData("a\u007f", "Storage name 'a\\u007F' refused: it contains the control character U+007F.")]
    public void Validate_DangerousName_ThrowsNamingNameAndRule(string name, string message)
    {
        var e = Should.Throw<StorageException>(() => StorageNames.Validate(name));

        e.Message.ShouldBe(message);
        e.StorageName.ShouldBe(name);
    }

    [Fact]
    public void Validate_LoneSurrogate_Refused()
    {
        // Built at run time: xunit's test-case serialisation would turn a lone surrogate into U+FFFD.
        var name = "a" + (char)0xD800 + "b";

        Should.Throw<StorageException>(() => StorageNames.Validate(name))
            .Message.ShouldBe($"Storage name '{name}' refused: it is not valid Unicode (a lone surrogate).");
    }

    [Fact]
    public void Validate_NameOverMaxLength_Refused()
    {
        var name = string.Join('/', Enumerable.Repeat(new string('a', 100), 6)); // 605 characters

        Should.Throw<StorageException>(() => StorageNames.Validate(name))
            .Message.ShouldEndWith("refused: it is longer than 512 characters.");
    }

    [Fact]
    public void Validate_SegmentOf255MultibyteBytes_AcceptedAndOneMoreRefused()
    {
        var fits = new string('é', 127) + "a"; // 255 bytes
        StorageNames.Validate(fits);

        Should.Throw<StorageException>(() => StorageNames.Validate(fits + "a"));
    }

    [Theory]
    [InlineData("a.txt")]
    [InlineData("avatars/2026/03/3f2a.webp")]
    [InlineData("写真/猫 1.png")]
    [InlineData("..a/b..")] // dots inside a segment are not the '..' segment
    [InlineData(".gitkeep")]
    public void Validate_ValidName_DoesNotThrow(string name)
    {
        StorageNames.FindBrokenRule(name).ShouldBeNull();
    }

    [Theory]
    [InlineData("john's portrait in 2004.jpg", "johns_portrait_in_2004.jpg")] // Django's own example
    [InlineData("  my photo.jpg ", "my_photo.jpg")]
    [InlineData("résumé (final).pdf", "résumé_final.pdf")]
    [InlineData("日本語 ファイル.txt", "日本語_ファイル.txt")]
    [InlineData("हिन्दी.txt", "हिन्दी.txt")] // combining marks are part of the word
    [InlineData("cafe\u0301.png", "caf\u00e9.png")] // NFD from macOS becomes NFC
    [InlineData("../../etc/passwd", "etcpasswd")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("a\0b\r\n.txt", "ab.txt")]
    [InlineData("x<script>.svg", "xscript.svg")]
    public void GetValidFilename_UnsafeName_KeepsOnlySafeCharacters(string name, string expected)
    {
        StorageNames.GetValidFilename(name).ShouldBe(expected);
    }

    [Theory]
    [InlineData("", "Storage name '' refused: no valid file name can be derived from it.")]
    [InlineData(".", "Storage name '.' refused: no valid file name can be derived from it.")]
    [InlineData("..", "Storage name '..' refused: no valid file name can be derived from it.")]
    [InlineData("?*<>", "Storage name '?*<>' refused: no valid file name can be derived from it.")]
    public void GetValidFilename_NothingUsable_Refused(string name, string message)
    {
        Should.Throw<StorageException>(() => StorageNames.GetValidFilename(name)).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("photo.jpg", "photo", ".jpg")]
    [InlineData("report.final.PDF", "report.final", ".PDF")]
    [InlineData("backup.tar.gz", "backup", ".tar.gz")]
    [InlineData("noext", "noext", "")]
    [InlineData(".gitkeep", ".gitkeep", "")]
    public void SplitExtension_FileName_SplitsLastExtension(string fileName, string stem, string extension)
    {
        StorageNames.SplitExtension(fileName).ShouldBe((stem, extension));
    }

    [Fact]
    public void Fit_LongStem_ShortensStemKeepingFolderAndExtension()
    {
        StorageNames.Fit("a", "abcdefgh", ".txt", 10, "n").ShouldBe("a/abcd.txt");
    }

    [Fact]
    public void Fit_SegmentOverByteLimit_ShortensByTextElementsNotHalfCharacters()
    {
        var stem = string.Concat(Enumerable.Repeat("😀", 100)); // 4 bytes each

        var fitted = StorageNames.Fit("", stem, ".png", int.MaxValue, "n");

        fitted.ShouldBe(string.Concat(Enumerable.Repeat("😀", 62)) + ".png"); // 248 + 4 bytes
        StorageNames.FindBrokenRule(fitted).ShouldBeNull();
    }

    [Fact]
    public void Display_ControlCharacters_Escaped()
    {
        StorageNames.Display("a\r\nINFO forged").ShouldBe("a\\u000D\\u000AINFO forged");
    }
}
