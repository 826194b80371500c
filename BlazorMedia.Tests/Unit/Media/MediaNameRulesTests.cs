using BlazorMedia.Media;

namespace BlazorMedia.Tests.Media;

public sealed class MediaNameRulesTests
{
    [Theory]
    [InlineData("avatars/a.png")]
    [InlineData("reports_save/2026/11/report.pdf")]
    [InlineData("thumbnails/ab/abcdef.webp")]
    [InlineData("docs/Résumé 报告 😀.pdf")]
    [InlineData("a")]
    [InlineData("..a/b..")]
    [InlineData(".hidden")]
    public void IsValid_PlainName_True(string name) => MediaNameRules.IsValid(name).ShouldBeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../secret.txt")]
    [InlineData("avatars/../../secret.txt")]
    [InlineData("avatars/./a.png")]
    [InlineData("avatars/")]
    [InlineData("avatars//a.png")]
    [InlineData("..\\secret.txt")]
    [InlineData("avatars\\a.png")]
    [InlineData("%2e%2e/secret.txt")]
    [InlineData("..%2fsecret.txt")]
    [InlineData("%252e%252e/secret.txt")]
    [InlineData("a\0.png")]
    [InlineData("a\u001f.png")]
    [InlineData("a\u007f.png")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("file.txt:stream")]
    public void IsValid_HostileName_False(string? name) => MediaNameRules.IsValid(name).ShouldBeFalse();

    [Fact]
    public void IsValid_OverMaxLength_False() =>
        MediaNameRules.IsValid(new string('a', MediaNameRules.MaxLength + 1)).ShouldBeFalse();

    [Fact]
    public void IsValid_LoneSurrogate_False() =>
        // Built at run time: attribute metadata would replace a lone surrogate with U+FFFD.
        MediaNameRules.IsValid("bad" + (char)0xD800 + ".png").ShouldBeFalse();
}
