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
/// one instance; what one instance signed (media URLs) or protected (Blazor's component descriptors, with the key
/// ring in the database) the other accepts.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class ScaleOutDeploymentTests(ScaleOutDeployment deployment, BrowserFixture browser)
{
    private static readonly HttpClient Http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
    private readonly List<string> _errors = [];

    [Fact]
    public async Task ProfileCreatedThroughOneInstance_ListedWithWorkingThumbnailAndReportOnTheOther()
    {
        var name = $"Scale Out {Guid.NewGuid():N}"[..20];
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(deployment.BaseUrl));
        await page.GotoAsync($"{deployment.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Avatar").SetInputFilesAsync(new FilePayload { Name = "me.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(320, 240) });
        await page.GetByAltText("Avatar preview").WaitForAsync();
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload { Name = "q3.txt", MimeType = "text/plain", Buffer = "Quarter three"u8.ToArray() });
        await page.GetByText("q3.txt").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/profiles/\d+$"));
        await page.GetByRole(AriaRole.Heading, new() { Name = name }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "scaleout-profile-saved");

        // Sticky: every request of this browser, the circuit's WebSocket included, went to one instance (A).
        // ("-": static assets nginx served itself.)
        var upstreams = UpstreamLine().Matches(deployment.AccessLog).Select(m => m.Groups[1].Value).Where(u => u != "-").Distinct().ToList();
        upstreams.Count.ShouldBe(1, deployment.AccessLog);
        deployment.AccessLog.ShouldContain("/_blazor");
        var a = upstreams[0];
        var b = deployment.Instances.Single(i => i != a);

        // B lists the profile A saved (the list renders interactively: look in a browser on B itself), with a
        // thumbnail B serves from the shared bucket; A serves the same bytes.
        var onB = await browser.NewPageAsync(_errors);
        await onB.GotoAsync($"http://{b}/profiles");
        var thumb = onB.GetByAltText($"Avatar of {name}");
        await thumb.WaitForAsync();
        var src = (await thumb.GetAttributeAsync("src"))!;
        src.ShouldStartWith("/media/thumbnails/");
        await onB.WaitForFunctionAsync("img => img.complete && img.naturalWidth === 64", await thumb.ElementHandleAsync());
        await BrowserFixture.ScreenshotAsync(onB, "scaleout-list-on-b");
        foreach (var instance in new[] { a, b })
        {
            using var thumbnail = await Http.GetAsync($"http://{instance}{src}");
            thumbnail.StatusCode.ShouldBe(HttpStatusCode.OK, instance);
            thumbnail.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        }

        // A signed report link minted by A downloads from B, for the user it was made for: B checks A's signature and
        // opens the sign-in cookie A issued (both with keys shared through the database).
        // (The saved profile's page in the first browser: its circuit, and so the link, is A's.)
        var href = (await page.GetByRole(AriaRole.Link, new() { Name = "Download report" }).GetAttributeAsync("href"))!;
        href.ShouldContain("signature=");
        var cookie = string.Join("; ", (await page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"http://{b}{href}") { Headers = { { "Cookie", cookie } } })
        using (var report = await Http.SendAsync(request))
        {
            report.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await report.Content.ReadAsStringAsync()).ShouldBe("Quarter three");
        }
        (await Http.GetAsync($"http://{b}{href}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden); // signed, but no user
        (await Http.GetAsync($"http://{b}{href[..href.IndexOf('?')]}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task PageRenderedByA_CircuitStartsOnB()
    {
        var (a, b) = (deployment.Instances[0], deployment.Instances[1]);
        // A prerenders the page with its interactive components' descriptors protected by Data Protection
        // ("descriptor":"CfDJ8…"); the browser hands them to whichever instance it connects to.
        (await Http.GetStringAsync($"http://{a}/profiles")).ShouldContain("\"descriptor\":\"CfDJ8");
        var page = await browser.NewPageAsync(_errors);
        // Signed in on B: the page A renders for this cookie (B issued it) is the signed-in editor, not a redirect.
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri($"http://{b}"));
        // The document comes from A (its HTML and headers, CSP nonce included) while the page's URL, and so its
        // circuit and every other request, stay on B.
        await page.RouteAsync($"http://{b}/profiles/new", async route =>
            await route.FulfillAsync(new() { Response = await route.FetchAsync(new() { Url = $"http://{a}/profiles/new" }) }));

        await page.GotoAsync($"http://{b}/profiles/new");

        // B opened A's descriptors with the key ring both read from the database, so the circuit runs on B.
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByLabel("Name").FillAsync("x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).WaitForAsync();
        // A document fulfilled by the test carries no address space, so Chromium's local-network checks block its
        // WebSocket to loopback and Blazor falls back to another transport (still B). Only that is expected.
        _errors.Where(e => !e.Contains("ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS") && !e.Contains("Failed to start the transport 'WebSockets'"))
            .ShouldBeEmpty();
    }

    [GeneratedRegex(@"upstream=(\S+)")]
    private static partial Regex UpstreamLine();
}
