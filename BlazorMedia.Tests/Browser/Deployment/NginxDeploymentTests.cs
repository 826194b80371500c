using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Media;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.Deployment;

[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<NginxDeployment>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Deployment";
}

/// <summary>deploy/ as a user deploys it: nginx serves public media and static assets itself with the app's safety
/// headers, private media only after the app checked the signature (X-Accel-Redirect), the Blazor circuit works
/// through the proxy, and traversal goes nowhere.</summary>
[Collection(DeploymentCollection.Name)]
public sealed class NginxDeploymentTests(NginxDeployment deployment, BrowserFixture browser)
{
    private static readonly HttpClient Http = new();

    /// <summary>An administrators-only link (bound to no user), in the documented format.</summary>
    private static string Sign(string name, long expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(NginxDeployment.SigningKey, Encoding.UTF8.GetBytes(name + "\n" + expires + "\n")));

    [Fact]
    public async Task Thumbnail_ServedByNginxWithAppsSafetyHeaders()
    {
        var name = deployment.Write("thumbnails/small/ab/abc123.webp", RandomNumberGenerator.GetBytes(4096));

        var response = await Http.GetAsync($"{deployment.BaseUrl}/media/{name}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Media-Server").ShouldBe(["nginx"]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        response.Headers.NonValidated["X-Content-Type-Options"].ToString().ShouldBe("nosniff");
        response.Headers.NonValidated["Content-Security-Policy"].ToString().ShouldBe(MediaEndpoint.ContentSecurityPolicy);
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe("public, max-age=31536000, immutable");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        response.Headers.ETag.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("avatars/evil.svg")]
    [InlineData("avatars/page.html")]
    public async Task ActiveContent_ServedAsDownloadNeverInline(string name)
    {
        deployment.Write(name, "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"u8.ToArray());

        var response = await Http.GetAsync($"{deployment.BaseUrl}/media/{name}");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Headers.GetValues("Content-Security-Policy").ShouldBe([MediaEndpoint.ContentSecurityPolicy]);
    }

    [Fact]
    public async Task PrivateReport_RefusedWithoutSignature_StreamedByNginxWithOne()
    {
        var bytes = "%PDF-1.7 private numbers"u8.ToArray();
        var name = deployment.Write("reports_save/2026/11/q3.pdf", bytes);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();

        using var admin = HttpAccounts.CreateClient(new Uri(deployment.BaseUrl));
        await HttpAccounts.SignInAsAdministratorAsync(admin);
        var link = $"/media/{name}?expires={expires}&user=&signature={Sign(name, expires)}";

        var bare = await admin.GetAsync($"/media/{name}");
        var tampered = await admin.GetAsync($"/media/{name}?expires={expires + 60}&user=&signature={Sign(name, expires)}");
        var anonymous = await Http.GetAsync($"{deployment.BaseUrl}{link}");
        var signed = await admin.GetAsync(link);
        var direct = await admin.GetAsync($"/_protected_media/{name}");

        bare.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        tampered.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a signed link is no bearer token: it needs its user signed in");
        direct.StatusCode.ShouldBe(HttpStatusCode.NotFound, "the internal location is not reachable from outside");
        signed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await signed.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        signed.Headers.GetValues("X-Media-Server").ShouldBe(["nginx"]);
        signed.Headers.NonValidated["Cache-Control"].ToString().ShouldBe("private, no-store"); // one header, as sent
        signed.Headers.NonValidated["X-Content-Type-Options"].ToString().ShouldBe("nosniff");
        signed.Headers.NonValidated["Content-Security-Policy"].ToString().ShouldBe(MediaEndpoint.ContentSecurityPolicy);
        signed.Content.Headers.NonValidated["Content-Disposition"].ToString().ShouldBe("attachment; filename=\"q3.pdf\"; filename*=UTF-8''q3.pdf");
        signed.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
    }

    [Theory]
    [InlineData(".bm-tmp-intake/bm-spool-0123456789abcdef")]
    [InlineData("avatars/.bm-tmp-0123456789abcdef")]
    [InlineData("thumbnails/small/ab/.hidden.webp")]
    [InlineData(".gitkeep")]
    public async Task DotName_NeverServedThoughItExists(string name)
    {
        deployment.Write(name, "in flight"u8.ToArray());

        var response = await Http.GetAsync($"{deployment.BaseUrl}/media/{name}");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/media/../secret.txt")]
    [InlineData("/media/%2e%2e/secret.txt")]
    [InlineData("/media/thumbnails/..%2f..%2fsecret.txt")]
    [InlineData("/media/%252e%252e/secret.txt")]
    [InlineData("/media/..%5csecret.txt")]
    [InlineData("/_protected_media/../secret.txt")]
    public async Task Traversal_NeverReachesFilesBesideTheRoot(string target)
    {
        // Raw socket: HttpClient would normalise the dots before sending.
        var uri = new Uri(deployment.BaseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        var response = await new StreamReader(stream).ReadToEndAsync();

        response.ShouldNotContain(NginxDeployment.SecretText);
        response.ShouldNotStartWith("HTTP/1.1 200");
    }

    [Fact]
    public async Task BlazorPage_WorksThroughTheProxy_StaticAssetsFromNginx()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(deployment.BaseUrl));
        var staticServers = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Url.Contains("/app.", StringComparison.Ordinal) && r.Url.EndsWith(".css", StringComparison.Ordinal))
                lock (staticServers) staticServers.Add(r.Headers.TryGetValue("x-static-server", out var v) ? v : "app");
        };

        await page.GotoAsync($"{deployment.BaseUrl}/system");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 1").WaitForAsync();

        staticServers.ShouldBe(["nginx"]);
        await BrowserFixture.ScreenshotAsync(page, "behind-nginx");
        errors.ShouldBeEmpty();
    }
}
