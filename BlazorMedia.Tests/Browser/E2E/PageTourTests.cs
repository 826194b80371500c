using BlazorMedia.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>The demo data (seed-demo) and one ordinary user, for the page tour.</summary>
public sealed class PageTourFixture : AppFixture
{
    public System.Net.Cookie User { get; private set; } = default!;

    public int ProfileId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var seeded = await App.RunVerbAsync("seed-demo");
        if (seeded.ExitCode != 0) throw new InvalidOperationException($"seed-demo failed: {seeded.Output}");
        User = await SignInAsync("reader@example.com");
        await using var db = App.Database.CreateContext();
        ProfileId = db.Set<BlazorMedia.Features.Profiles.Profile>().OrderBy(p => p.Id).Select(p => p.Id).First();
    }
}

/// <summary>Every page, signed out, as a user and as the Administrator, in the light and the dark theme: no serious or
/// critical accessibility violation (axe: every rule in the light theme, colour contrast in the dark one), no
/// Content-Security-Policy violation, no console error, the theme the system asks for; in the light theme at 390×844 and
/// 1280×800 no horizontal scroll and the page's primary actions on screen (the dark theme, which changes colours only,
/// at 1280×800). Screenshots of each in artifacts/screenshots/ ({page}-{width}-{theme}.png).</summary>
[Collection(PageTourCollection.Name)]
public sealed class PageTourTests(BrowserFixture browser, PageTourFixture fixture) : IClassFixture<PageTourFixture>
{
    public enum Role { Anonymous, User, Administrator }

    /// <summary>A page of the tour: where, as whom, what must be on screen, and its screenshot name.</summary>
    private sealed record Stop(string Name, string Path, bool Interactive, params string[] MustSee);

    private Stop[] Stops(Role role) => role switch
    {
        Role.Anonymous =>
        [
            new("login", "/account/login", false, "button:Log in", "textbox:Email"),
            new("register", "/account/register", false, "button:Register"),
            new("profiles-anonymous", "/profiles", true, "heading:Profiles", "columnheader:Name", "link:Log in"),
            new("profile-anonymous", $"/profiles/{fixture.ProfileId}", true, "link:Back"),
            new("not-found", "/no/such/page", true, "link:Go to profiles"),
        ],
        Role.User =>
        [
            new("profiles-user", "/profiles", true, "link:New profile", "button:Log out", "columnheader:Name"),
            new("editor-new", "/profiles/new", true, "button:Save", "textbox:Name"),
            // A refusal (403) starts no circuit: it is a page to leave.
            new("files-refused", "/files", false, "heading:Not allowed"),
            new("access-denied", "/account/access-denied", false, "heading:Not allowed"),
        ],
        _ =>
        [
            new("profiles", "/profiles", true, "link:New profile", "button:Log out", "columnheader:Name", "button:Navigation menu"),
            new("profile", $"/profiles/{fixture.ProfileId}", true, "link:Edit", "button:Delete"),
            new("editor-edit", $"/profiles/{fixture.ProfileId}/edit", true, "button:Save", "textbox:Name"),
            new("files", "/files", true, "button:Upload", "textbox:Search"),
            new("system", "/system", true, "button:Run checks"),
            new("change-password", "/account/change-password", false, "button:Change password"),
            new("welcome", "/account/welcome", false, "link:Continue"),
        ],
    };

    [Theory]
    [InlineData(Role.Anonymous, ColorScheme.Light)]
    [InlineData(Role.Anonymous, ColorScheme.Dark)]
    [InlineData(Role.User, ColorScheme.Light)]
    [InlineData(Role.User, ColorScheme.Dark)]
    [InlineData(Role.Administrator, ColorScheme.Light)]
    [InlineData(Role.Administrator, ColorScheme.Dark)]
    public async Task EveryPage_NoSeriousAccessibilityViolationsAndFitsPhoneAndDesktop(Role role, ColorScheme scheme)
    {
        var cookie = role switch { Role.User => fixture.User, Role.Administrator => fixture.Administrator, _ => null };
        var errors = new List<string>();
        var problems = new List<string>();
        // A theme changes colours, not layout: the dark pass checks contrast and the theme at the laptop's width, and the
        // light pass checks layout at both widths (the tour's phone-width dark pass cost a minute of the lane).
        var sizes = scheme == ColorScheme.Dark ? new[] { (1280, 800) } : [(1280, 800), (390, 844)];
        foreach (var (width, height) in sizes)
        {
            // The system setting decides the theme (no choice made): the tour checks that it is followed at prerender.
            var page = await browser.NewPageAsync(errors, cookie, width, height, scheme);
            var violations = new List<string>();
            await page.ExposeFunctionAsync("reportViolation", (string v) => { lock (violations) violations.Add(v); });
            await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI));");
            foreach (var stop in Stops(role))
            {
                await page.GotoAsync(fixture.App.BaseUrl + stop.Path);
                if (stop.Interactive) await BrowserFixture.WaitForCircuitAsync(page);
                // What the checks and the screenshot need: the web fonts and every image in place. (Network idle also
                // waited for them, but costs half a second per page on top: 30 s of the lane.)
                await page.WaitForFunctionAsync("async () => { await document.fonts.ready; return [...document.images].every(i => i.complete); }");
                var theme = scheme == ColorScheme.Dark ? "dark" : "light";
                (await page.EvaluateAsync<string>("document.documentElement.dataset.theme")).ShouldBe(theme, $"{stop.Path} follows the system's {theme} setting");
                problems.AddRange(await LayoutProblemsAsync(page, stop, width));
                if (width == 1280) problems.AddRange(await AccessibilityProblemsAsync(page, stop, theme, contrastOnly: scheme == ColorScheme.Dark));
                await BrowserFixture.ScreenshotAsync(page, $"{stop.Name}-{width}-{theme}");
            }
            lock (violations) problems.AddRange(violations.Select(v => $"CSP violation at {width}px: {v}"));
            await page.Context.CloseAsync();
        }
        problems.ShouldBeEmpty();
        // A refusal is a 403 (and a missing page a 404) document: Chromium logs each as an error.
        errors.Where(e => !e.Contains("status of 403", StringComparison.Ordinal) && !e.Contains("status of 404", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private static async Task<IEnumerable<string>> LayoutProblemsAsync(IPage page, Stop stop, int width)
    {
        var problems = new List<string>();
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow > 0) problems.Add($"{stop.Path} at {width}px scrolls sideways by {overflow}px");
        foreach (var item in stop.MustSee)
        {
            var (role, name) = (Enum.Parse<AriaRole>(item.Split(':')[0], ignoreCase: true), item.Split(':')[1]);
            // A sortable column's header also holds its sort button: its name starts with the column's.
            var element = page.GetByRole(role, new() { Name = name, Exact = role != AriaRole.Columnheader }).First;
            var box = await element.BoundingBoxAsync();
            if (box is null || box.Width < 1 || box.X < 0 || box.X + box.Width > width + 0.5)
                problems.Add($"{stop.Path} at {width}px: {item} is not on screen ({(box is null ? "hidden" : $"x {box.X:0}–{box.X + box.Width:0}")})");
        }
        return problems;
    }

    /// <param name="contrastOnly">Only axe's colour-contrast rule: what a theme changes. The dark pass has the same
    /// markup as the light one, which runs every rule; axe takes 2–4 s a page here, so this halves the tour's axe time.</param>
    private static async Task<IEnumerable<string>> AccessibilityProblemsAsync(IPage page, Stop stop, string theme, bool contrastOnly)
    {
        var result = contrastOnly
            ? await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
            {
                RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "rule", Values = ["color-contrast"] },
            })
            : await page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{stop.Path} ({theme}): {v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}

/// <summary>The page tour has a Chromium of its own, so it runs beside the other browser tests rather than after
/// them: it is the lane's longest class (six theory rows, 30–90 s each), and the others spend much of their time
/// waiting on their app.</summary>
[CollectionDefinition(Name)]
public sealed class PageTourCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Page tour";
}
