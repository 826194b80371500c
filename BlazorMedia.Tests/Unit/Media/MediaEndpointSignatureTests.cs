using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Media;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Media;

/// <summary>Private media needs a valid signature AND the signed-in user the link was made for (or an administrator).
/// Requests carry a real sign-in cookie for <see cref="Owner"/> unless a test says otherwise.</summary>
public sealed class MediaEndpointSignatureTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    private const string Report = "reports_save/2026/11/q3.pdf";
    private const string Owner = "owner-1";

    private MediaUrlSigner Signer => app.Services.GetRequiredService<MediaUrlSigner>();

    /// <summary>The documented format, computed independently of <see cref="MediaUrlSigner"/>.</summary>
    private static string Sign(string name, long expires, string user = Owner) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(MediaAppFactory.SigningKey, Encoding.UTF8.GetBytes($"{name}\n{expires}\n{user}")));

    private async Task<HttpResponseMessage> GetAsync(string url, string? cookie = "")
    {
        app.Write(Report, "report"u8.ToArray());
        app.Write("reports_save/2026/11/other.pdf", "other"u8.ToArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        cookie = cookie == "" ? TestCookies.Identity(app.Services, Owner) : cookie;
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return await app.CreateClient().SendAsync(request);
    }

    private string OwnersLink() => Signer.GetSignedUrl(Report, TimeSpan.FromMinutes(5), Owner);

    [Fact]
    public async Task Get_OwnersLinkWithoutSignIn_Forbidden()
    {
        using var response = await GetAsync(OwnersLink(), cookie: null);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("report");
    }

    [Fact]
    public async Task Get_OwnersLinkAsOtherUser_Forbidden()
    {
        using var response = await GetAsync(OwnersLink(), TestCookies.Identity(app.Services, "someone-else"));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_OwnersLinkWithUserSwappedInQuery_Forbidden()
    {
        var url = OwnersLink().Replace($"user={Owner}", "user=someone-else", StringComparison.Ordinal);
        using var response = await GetAsync(url, TestCookies.Identity(app.Services, "someone-else"));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_OwnersLinkAsAdministrator_Ok()
    {
        using var response = await GetAsync(OwnersLink(), TestCookies.Identity(app.Services, "admin-1", administrator: true));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_AdministratorsOnlyLinkAsUser_Forbidden()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires}&user=&signature={Sign(Report, expires, "")}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ForgedCookie_Forbidden()
    {
        using var response = await GetAsync(OwnersLink(), "BlazorMedia.Identity=CfDJ8forged");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ValidSignature_Ok()
    {
        using var response = await GetAsync(Signer.GetSignedUrl(Report, TimeSpan.FromMinutes(5), Owner));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("report");
    }

    [Fact]
    public async Task Get_ValidSignature_PrivateNoStore()
    {
        using var response = await GetAsync(Signer.GetSignedUrl(Report, TimeSpan.FromMinutes(5), Owner));
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe(MediaEndpoint.PrivateCacheControl);
    }

    [Fact]
    public async Task Get_IndependentlyComputedSignature_Ok()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires}&user={Owner}&signature={Sign(Report, expires)}");
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
        using var response = await GetAsync($"/media/{Report}?expires={expires}&user={Owner}&signature={new string(signature)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ExtendedExpiry_Forbidden()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires + 3600}&user={Owner}&signature={Sign(Report, expires)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_ExpiredSignature_Forbidden()
    {
        var expires = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds();
        using var response = await GetAsync($"/media/{Report}?expires={expires}&user={Owner}&signature={Sign(Report, expires)}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_SignatureOfAnotherName_Forbidden()
    {
        var url = Signer.GetSignedUrl("reports_save/2026/11/other.pdf", TimeSpan.FromMinutes(5), Owner);
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
    // Characters outside base64url made the decoder throw: 500 for anyone, an error log line per request.
    [InlineData("?expires=9999999999&user=&signature=a%2Bb")]
    [InlineData("?expires=9999999999&user=&signature=a%2Fb")]
    [InlineData("?expires=9999999999&user=&signature=a*b")]
    [InlineData("?expires=9999999999&user=&signature=ab%3D%3D")]
    [InlineData("?expires=9999999999&user=&signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B")]
    [InlineData("?expires=9999999999&user=&signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D")]
    [InlineData("?expires=9999999999&user=&signature=%C3%A9AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
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
        using var response = await GetAsync(Signer.GetSignedUrl("reports_save/none.pdf", TimeSpan.FromMinutes(5), Owner));
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
