using BlazorMedia.Media;

namespace BlazorMedia.Tests.Media;

public sealed class MediaEndpointUnitTests
{
    [Theory]
    [InlineData("/media/", "/media")]
    [InlineData("/files/media/", "/files/media")]
    [InlineData("https://cdn.example.com/media/", "/media")]
    [InlineData("https://cdn.example.com/", "/media")]
    public void RoutePrefix_MediaUrl_PathComponent(string url, string expected) =>
        MediaEndpoint.RoutePrefix(url).ShouldBe(expected);

    [Theory]
    [InlineData(true, "a.png", "inline; filename=\"a.png\"; filename*=UTF-8''a.png")]
    [InlineData(false, "back\\slash.pdf", "attachment; filename=\"back\\\\slash.pdf\"; filename*=UTF-8''back%5Cslash.pdf")]
    [InlineData(false, "semi;colon,comma.txt", "attachment; filename=\"semi;colon,comma.txt\"; filename*=UTF-8''semi%3Bcolon%2Ccomma.txt")]
    [InlineData(false, "😀.txt", "attachment; filename=\"_.txt\"; filename*=UTF-8''%F0%9F%98%80.txt")]
    public void ContentDisposition_FileName_Rfc6266(bool inline, string fileName, string expected) =>
        ContentDispositionHeader.Create(inline, fileName).ShouldBe(expected);
}
