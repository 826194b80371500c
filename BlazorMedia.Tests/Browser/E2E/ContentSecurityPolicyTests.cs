using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>Every page works under the app's Content-Security-Policy in Chromium: no violation is reported while the
/// pages render, the circuit connects and the theme toggles (the profile flow covers blob: previews, drag and drop and
/// the delete dialog under the same policy).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _errors = [];
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryPage_NoPolicyViolations()
    {
        var page = await browser.NewPageAsync(_errors);
        var violations = new List<string>();
        await page.ExposeFunctionAsync("reportViolation", (string v) => { lock (violations) violations.Add(v); });
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));");
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));

        foreach (var path in new[] { "/profiles", "/profiles/new", "/files", "/system" })
        {
            var response = await page.GotoAsync(_app.BaseUrl + path);
            response!.Headers["content-security-policy"].ShouldContain("frame-ancestors 'none'");
            await BrowserFixture.WaitForCircuitAsync(page);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        foreach (var path in new[] { "/account/change-password", "/account/access-denied" })
            await page.GotoAsync(_app.BaseUrl + path);
        await BrowserFixture.ScreenshotAsync(page, "account-dark");

        violations.ShouldBeEmpty();
        _errors.Where(e => !e.Contains("status of 403", StringComparison.Ordinal)).ShouldBeEmpty(); // access-denied is a 403
    }
}
