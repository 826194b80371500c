using System.Net;
using System.Text;
using BlazorMedia.Media;

namespace BlazorMedia.Tests.Media;

public sealed class MediaEndpointHeadersTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    private static readonly byte[] Bytes = Encoding.ASCII.GetBytes("0123456789abcdefghij");

    private async Task<HttpResponseMessage> GetAsync(string name)
    {
        app.Write(name, Bytes);
        return await app.CreateClient().GetAsync("/media/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString)));
    }

    [Fact]
    public async Task Get_PublicImage_ServesBytesWithOk()
    {
        using var response = await GetAsync("avatars/plain.png");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Bytes);
    }

    [Theory]
    [InlineData("avatars/a.png")]
    [InlineData("docs/a.pdf")]
    public async Task Get_AnyFile_SendsNosniff(string name)
    {
        using var response = await GetAsync(name);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Theory]
    [InlineData("avatars/f.png")]
    [InlineData("docs/f.pdf")]
    [InlineData("trash/9/f.png")]
    public async Task Get_AnyFileOrRefusal_NeverFramedNeverReferred(string name)
    {
        using var response = await GetAsync(name);
        response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
    }

    [Theory]
    [InlineData("avatars/b.png")]
    [InlineData("docs/b.html")]
    public async Task Get_AnyFile_SendsSandboxCsp(string name)
    {
        using var response = await GetAsync(name);
        response.Headers.GetValues("Content-Security-Policy").ShouldBe([MediaEndpoint.ContentSecurityPolicy]);
    }

    [Theory]
    [InlineData("trash/7/report.pdf")]
    [InlineData("Trash/8/photo.png")]
    public async Task Get_TrashedFile_NotFoundThoughItExists(string name)
    {
        using var response = await GetAsync(name);

        File.Exists(Path.Combine(app.Root, name)).ShouldBeTrue();
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(".gitkeep")]
    [InlineData(".bm-tmp-intake/bm-spool-0123456789abcdef")] // an upload still arriving, or waiting for Save
    [InlineData("avatars/.bm-tmp-0123456789abcdef")] // a write in flight
    [InlineData("avatars/.hidden.png")]
    public async Task Get_DotName_NotFoundThoughItExists(string name)
    {
        using var response = await GetAsync(name);

        File.Exists(Path.Combine(app.Root, name)).ShouldBeTrue();
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_MissingFile_NotFoundWithNosniffAndNoDisposition()
    {
        using var response = await app.CreateClient().GetAsync("/media/avatars/none.png");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Content.Headers.ContentDisposition.ShouldBeNull();
        // The app's HTML not-found page must not answer under a media URL.
        (response.Content.Headers.ContentType?.MediaType).ShouldNotBe("text/html");
    }

    [Theory]
    [InlineData("avatars/c.jpg", "image/jpeg")]
    [InlineData("avatars/c.JPEG", "image/jpeg")]
    [InlineData("avatars/c.png", "image/png")]
    [InlineData("avatars/c.webp", "image/webp")]
    [InlineData("avatars/c.gif", "image/gif")]
    [InlineData("docs/c.pdf", "application/pdf")]
    [InlineData("docs/c.txt", "text/plain; charset=utf-8")]
    [InlineData("docs/c.csv", "text/csv; charset=utf-8")]
    [InlineData("docs/c.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("docs/c.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("docs/c.zip", "application/zip")]
    [InlineData("docs/c.svg", "application/octet-stream")]
    [InlineData("docs/c.html", "application/octet-stream")]
    [InlineData("docs/c.htm", "application/octet-stream")]
    [InlineData("docs/c.xhtml", "application/octet-stream")]
    [InlineData("docs/c.js", "application/octet-stream")]
    [InlineData("docs/c.unknownext", "application/octet-stream")]
    [InlineData("docs/noextension", "application/octet-stream")]
    public async Task Get_Extension_ContentTypeFromAllowMap(string name, string expected)
    {
        using var response = await GetAsync(name);
        response.Content.Headers.ContentType!.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("avatars/d.jpg")]
    [InlineData("avatars/d.png")]
    [InlineData("avatars/d.webp")]
    [InlineData("avatars/d.gif")]
    public async Task Get_RasterImage_Inline(string name)
    {
        using var response = await GetAsync(name);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
    }

    [Theory]
    [InlineData("docs/e.pdf")]
    [InlineData("docs/e.svg")]
    [InlineData("docs/e.html")]
    [InlineData("docs/e.txt")]
    [InlineData("docs/e.bin")]
    public async Task Get_NotRasterImage_Attachment(string name)
    {
        using var response = await GetAsync(name);
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    [Fact]
    public async Task Get_UnicodeFileName_EncodedPerRfc6266()
    {
        using var response = await GetAsync("docs/Résumé \"final\" 报告.pdf");
        response.Content.Headers.GetValues("Content-Disposition").Single().ShouldBe(
            "attachment; filename=\"R_sum_ \\\"final\\\" __.pdf\"; " +
            "filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%E6%8A%A5%E5%91%8A.pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("Résumé \"final\" 报告.pdf");
    }

    [Fact]
    public async Task Get_Thumbnail_ImmutableCache()
    {
        using var response = await GetAsync("thumbnails/ab/cd/abcd.webp");
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe(MediaEndpoint.ImmutableCacheControl);
    }

    [Fact]
    public async Task Get_Avatar_MustRevalidate()
    {
        using var response = await GetAsync("avatars/f.png");
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe(MediaEndpoint.RevalidateCacheControl);
    }

    [Fact]
    public async Task Get_ThumbnailsLookalikePrefix_NotImmutable()
    {
        using var response = await GetAsync("thumbnails-old/g.webp");
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe(MediaEndpoint.RevalidateCacheControl);
    }
}
