using System.Net;
using System.Text.RegularExpressions;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.Deployment;

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutDeployment>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Scale-out";
}

/// <summary>Two instances behind nginx (issue 8): what one instance did, the other serves; a user's circuit stays on
/// one instance; what one instance signed or protected, the other accepts.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class ScaleOutDeploymentTests(ScaleOutDeployment deployment, BrowserFixture browser)
{
    private static readonly HttpClient Http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
    private readonly List<string> errors = [];

    [Fact]
    public async Task ProfileCreatedThroughOneInstance_ListedWithWorkingThumbnailAndReportOnTheOther()
    {
        var name = $"Scale Out {Guid.NewGuid():N}"[..20];
        var page = await browser.NewPageAsync(errors);
        await page.GotoAsync($"{deployment.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Avatar").SetInputFilesAsync(new FilePayload { Name = "me.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(320, 240) });
        await page.GetByAltText("Avatar preview").WaitForAsync();
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload { Name = "q3.txt", MimeType = "text/plain", Buffer = "Quarter three"u8.ToArray() });
        await page.GetByText("q3.txt").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/profiles/\d+$"));
        await page.GetByRole(AriaRole.Heading, new() { Name = name }).WaitForAsync();
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await BrowserFixture.ScreenshotAsync(page, "scaleout-profile-saved");

        // Sticky: every request of this browser, the circuit's WebSocket included, went to one instance (A).
        // ("-": static assets nginx served itself.)
        var upstreams = UpstreamLine().Matches(deployment.AccessLog).Select(m => m.Groups[1].Value).Where(u => u != "-").Distinct().ToList();
        upstreams.Count.ShouldBe(1, deployment.AccessLog);
        deployment.AccessLog.ShouldContain("/_blazor");
        var a = upstreams[0];
        var b = deployment.Instances.Single(i => i != a);

        // B lists the profile A saved, with a thumbnail B serves from the shared bucket.
        var list = await Http.GetStringAsync($"http://{b}/profiles");
        var src = ThumbnailOf(name).Match(list);
        src.Success.ShouldBeTrue(list);
        src.Groups["src"].Value.ShouldStartWith("/media/thumbnails/");
        foreach (var instance in new[] { a, b })
        {
            using var thumbnail = await Http.GetAsync($"http://{instance}{src.Groups["src"].Value}");
            thumbnail.StatusCode.ShouldBe(HttpStatusCode.OK, instance);
            thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        }

        // A signed report link minted by A downloads from B; its signature is what B checks.
        var details = await Http.GetStringAsync($"http://{a}/profiles/{id}");
        var href = WebUtility.HtmlDecode(ReportLink().Match(details).Groups[1].Value);
        href.ShouldContain("signature=", Case.Sensitive, details);
        using (var report = await Http.GetAsync($"http://{b}{href}"))
        {
            report.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await report.Content.ReadAsStringAsync()).ShouldBe("Quarter three");
        }
        (await Http.GetAsync($"http://{b}{href[..href.IndexOf('?')]}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task AntiforgeryCookieAndTokenFromA_AcceptedByB()
    {
        var (a, b) = (deployment.Instances[0], deployment.Instances[1]);
        using var form = await Http.GetAsync($"http://{a}/profiles/new");
        var cookie = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)).Split(';')[0];
        var token = WebUtility.HtmlDecode(AntiforgeryInput().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        token.ShouldNotBeEmpty();

        var accepted = await PostAsync(b, cookie, token);
        var refused = await PostAsync(b, cookie, token[..^4] + "AAAA");

        // Antiforgery runs before the page: B decrypted A's cookie and token with the shared key ring and let the
        // request through to Blazor (which then finds no form handler); a broken token stops at antiforgery.
        refused.ShouldContain("antiforgery token", Case.Insensitive);
        accepted.ShouldNotContain("antiforgery token", Case.Insensitive);
        accepted.ShouldContain("form", Case.Insensitive);
    }

    private static async Task<string> PostAsync(string instance, string cookie, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{instance}/profiles/new")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["_handler"] = "none" }),
        };
        request.Headers.Add("Cookie", cookie);
        using var response = await Http.SendAsync(request);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static Regex ThumbnailOf(string name) =>
        new($"<img[^>]*alt=\"Avatar of {Regex.Escape(name)}\"[^>]*src=\"(?<src>[^\"]+)\"|<img[^>]*src=\"(?<src>[^\"]+)\"[^>]*alt=\"Avatar of {Regex.Escape(name)}\"");

    [GeneratedRegex(@"upstream=(\S+)")]
    private static partial Regex UpstreamLine();

    [GeneratedRegex("<a[^>]*href=\"([^\"]+)\"[^>]*>\\s*Download report")]
    private static partial Regex ReportLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
