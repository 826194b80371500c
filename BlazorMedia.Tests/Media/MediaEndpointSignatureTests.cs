using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Media;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Media;

public sealed class MediaEndpointSignatureTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    private const string Report = "reports_save/2026/11/q3.pdf";

    private MediaUrlSigner Signer => app.Services.GetRequiredService<MediaUrlSigner>();

    /// <summary>The documented format, computed independently of <see cref="MediaUrlSigner"/>.</summary>
    private static string Sign(string name, long expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(MediaAppFactory.SigningKey, Encoding.UTF8.GetBytes($"{name}\n{expires}")));

    private async Task<HttpResponseMessage> GetAsync(string url)
    {
        app.Write(Report, "report"u8.ToArray());
        app.Write("reports_save/2026/11/other.pdf", "other"u8.ToArray());
        return await app.CreateClient().GetAsync(url);
    }

    [Fact]
    public async Task Get_ValidSignature_Ok()
    {
        using var response = await GetAsync(Signer.GetSignedUrl(Report, TimeSpan.FromMinutes(5)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("report");
    }

    [Fact]
    public async Task Get_ValidSignature_PrivateNoStore()
    {
        using var response = await GetAsync(Signer.GetSignedUrl(Report, TimeSpan.FromMinutes(5)));
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe(MediaEndpoint.PrivateCacheControl);
    }

    [Fact]
    public async Task Get_IndependentlyComputedSignature_Ok()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires}&signature={Sign(Report, expires)}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_NoSignature_Forbidden()
    {
        using var response = await GetAsync($"/media/{Report}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("report");
    }

    [Fact]
    public async Task Get_TamperedSignature_Forbidden()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var signature = Sign(Report, expires).ToCharArray();
        signature[0] = signature[0] == 'A' ? 'B' : 'A';
        using var response = await GetAsync($"/media/{Report}?expires={expires}&signature={new string(signature)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ExtendedExpiry_Forbidden()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires + 3600}&signature={Sign(Report, expires)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ExpiredSignature_Forbidden()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires}&signature={Sign(Report, expires)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_SignatureOfAnotherName_Forbidden()
    {
        var url = Signer.GetSignedUrl("reports_save/2026/11/other.pdf", TimeSpan.FromMinutes(5));
        using var response = await GetAsync($"/media/{Report}{url[url.IndexOf('?')..]}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_WrongCasePrefix_StillPrivate()
    {
        app.Write("REPORTS_SAVE/x.pdf", "x"u8.ToArray());
        using var response = await app.CreateClient().GetAsync("/media/REPORTS_SAVE/x.pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("?expires=abc&signature=xyz")]
    [InlineData("?expires=-1&signature=AAAA")]
    [InlineData("?expires=99999999999&signature=")]
    [InlineData("?signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Get_MalformedSignatureQuery_Forbidden(string query)
    {
        using var response = await GetAsync($"/media/{Report}{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_MissingPrivateFileWithoutSignature_ForbiddenNotNotFound()
    {
        // Refusing before storage is asked: a 403 never reveals whether a private file exists.
        using var response = await app.CreateClient().GetAsync("/media/reports_save/none.pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_MissingPrivateFileWithSignature_NotFound()
    {
        using var response = await app.CreateClient().GetAsync(Signer.GetSignedUrl("reports_save/none.pdf", TimeSpan.FromMinutes(5)));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_PublicFileWithoutSignature_Ok()
    {
        app.Write("avatars/pub.png", "p"u8.ToArray());
        using var response = await app.CreateClient().GetAsync("/media/avatars/pub.png");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
