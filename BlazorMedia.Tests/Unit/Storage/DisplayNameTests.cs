using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>The display-name rule: what a browser sends as a file's name becomes text every page shows the same,
/// with nothing that reorders, hides or breaks lines, and no path.</summary>
public sealed class DisplayNameTests
{
    public static TheoryData<string?, string> Names => new()
    {
        { "Q3 report.pdf", "Q3 report.pdf" },
        { "photo.png", "photo.png" },
        // Bidi override: shown as "invoice" + "exe.pdf" reversed-looking text; the served file was safe, the name was not.
        { "invoice\u202Efdp.exe", "invoicefdp.exe" },
        { "a\u2066b\u2069\u200F\u200E\u061C.txt", "ab.txt" },
        { "zero\u200Bwidth\uFEFF.png", "zerowidth.png" },
        // Controls: NUL, CR/LF, DEL, C1.
        { "a\u0000b.png", "ab.png" },
        { "evil\r\nX-Header: 1.png", "evil X-Header: 1.png" },
        { "a\u007Fb\u0085c\u009Bd.png", "ab cd.png" }, // NEL (U+0085) is a line break: a space
        { "line\u2028para\u2029.png", "line para .png" }, // line breaks of any kind read as a space
        // Path parts, either separator, and a drive.
        { "../../etc/passwd", "passwd" },
        { "C:\\Users\\ann\\cv.pdf", "cv.pdf" },
        { "C:cv.pdf", "cv.pdf" },
        { "..C:\u001Bcv.pdf", "cv.pdf" }, // found by the fuzz lane: a drive that shows only once the dots are gone
        { "folder/", "upload" },
        { "..", "upload" },
        { "...pdf", "pdf" },
        // White space collapsed and trimmed.
        { "  a \t  b  .png  ", "a b .png" },
        // Nothing left.
        { "\u202E\u0000", "upload" },
        { "", "upload" },
        { null, "upload" },
        // NFC: "e" + combining acute becomes one "é".
        { "cafe\u0301.png", "caf\u00E9.png" },
        // Other scripts and emoji stay.
        { "отчёт 2026.pdf", "отчёт 2026.pdf" },
        { "\U0001F600.png", "\U0001F600.png" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Clean_ReturnsTheSafeName(string? sent, string expected) => DisplayName.Clean(sent).ShouldBe(expected);

    [Theory]
    [MemberData(nameof(Names))]
    public void Clean_OfACleanName_IsTheSame(string? sent, string _) =>
        DisplayName.Clean(DisplayName.Clean(sent)).ShouldBe(DisplayName.Clean(sent));

    /// <summary>Not in the table: xunit's discovery cannot serialise a lone surrogate.</summary>
    [Fact]
    public void Clean_LoneSurrogate_ShownAsTheReplacementCharacterNotACrashOfNormalize() =>
        DisplayName.Clean("a" + (char)0xD800 + "b.png").ShouldBe("a\uFFFDb.png");

    [Fact]
    public void Clean_TooLong_CappedKeepingTheExtension()
    {
        var cleaned = DisplayName.Clean(new string('a', 300) + ".pdf");

        cleaned.Length.ShouldBe(DisplayName.MaxLength);
        cleaned.ShouldEndWith("a.pdf");
    }

    [Theory]
    [InlineData(249, "a\U0001F600.png")] // the cut falls after an emoji: it stays whole
    [InlineData(250, "aa.png")]           // the cut falls inside one: the whole emoji goes
    public void Clean_TooLongWithEmojiAtTheCut_NeverSplitsACharacter(int letters, string ending)
    {
        var cleaned = DisplayName.Clean(new string('a', letters) + string.Concat(Enumerable.Repeat("\U0001F600", 10)) + ".png");

        cleaned.ShouldEndWith(ending);
        cleaned.Length.ShouldBeLessThanOrEqualTo(DisplayName.MaxLength);
        cleaned.Count(char.IsHighSurrogate).ShouldBe(cleaned.Count(char.IsLowSurrogate));
    }
}
