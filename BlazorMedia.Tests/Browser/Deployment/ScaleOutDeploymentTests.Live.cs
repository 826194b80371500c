using System.Text.RegularExpressions;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.Deployment;

/// <summary>The two instances act as one (issue 22): what one commits reaches pages served by the other through the
/// database's change feed, within 2 s and without a reload, also after the database restarted; the per-user upload
/// window is the database's, so a user at the limit on one instance is refused on the other with the same message.
/// (A private link minted by A opening on B with no signing key configured is the profile test above: the fixture
/// sets no <c>Media:SigningKey</c>.) Each page talks to its instance directly, not through nginx.</summary>
public sealed partial class ScaleOutDeploymentTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(2);

    private static ILocator Card(IPage page, string name) =>
        page.Locator(".file-card", new() { Has = page.GetByText(name, new() { Exact = true }) });

    /// <summary>/files on <paramref name="instance"/>, as the administrator, ready to take uploads.</summary>
    private async Task<IPage> OpenFilesAsync(string instance)
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri($"http://{instance}"));
        await page.GotoAsync($"http://{instance}/files");
        await BrowserFixture.WaitForFilesDropAsync(page);
        return page;
    }

    /// <summary>Uploads a text file through <paramref name="page"/> and waits until that page lists it (committed).</summary>
    private static async Task<string> UploadAsync(IPage page)
    {
        var name = $"live-{Guid.NewGuid():N}"[..17] + ".txt";
        await page.GetByLabel("Files to upload").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/plain", Buffer = "live change"u8.ToArray() });
        await Card(page, name).WaitForAsync();
        return name;
    }

    [Fact]
    public async Task FileUploadedThroughA_AppearsOnBsFilesPageWithin2sWithoutReload()
    {
        var (a, b) = (deployment.Instances[0], deployment.Instances[1]);
        var onB = await OpenFilesAsync(b);
        var onA = await OpenFilesAsync(a);
        var loads = 0;
        onB.Load += (_, _) => loads++;

        var name = await UploadAsync(onA);

        await Card(onB, name).WaitForAsync(new() { Timeout = (float)Live.TotalMilliseconds });
        loads.ShouldBe(0, "B's page showed it without a reload");
        await BrowserFixture.ScreenshotAsync(onB, "scaleout-files-live-on-b");
    }

    [Fact]
    public async Task DatabaseRestarted_BsPageStillReceivesTheNextChange()
    {
        var (a, b) = (deployment.Instances[0], deployment.Instances[1]);
        var onB = await OpenFilesAsync(b);
        var onA = await OpenFilesAsync(a);

        await deployment.RestartDatabaseAsync();
        var name = await UploadAsync(onA);

        await Card(onB, name).WaitForAsync(new() { Timeout = (float)Live.TotalMilliseconds });
    }

    [Fact]
    public async Task UserAtThePerMinuteLimitOnA_RefusedOnBWithTheSameMessage()
    {
        var (a, b) = (deployment.Instances[0], deployment.Instances[1]);
        var admin = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(admin, new Uri($"http://{a}")); // so the user below is not the first account
        var email = $"limit-{Guid.NewGuid():N}"[..14] + "@example.com";
        const string password = "Test-Passw0rd!";
        var onA = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(onA, new Uri($"http://{a}"), email, password);
        var onB = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsync(onB, new Uri($"http://{b}"), email, password);
        // Every editor is open before the first choice: the choices then fall well inside one minute, however slow
        // page loads are on a busy machine (a slot a minute old frees again).
        var editorsOnA = new List<IPage> { onA };
        for (var i = 0; i < ScaleOutDeployment.UploadsPerMinute; i++) editorsOnA.Add(await onA.Context.NewPageAsync());
        foreach (var editor in editorsOnA) await OpenEditorAsync(editor, a);
        await OpenEditorAsync(onB, b);

        for (var i = 0; i < ScaleOutDeployment.UploadsPerMinute; i++)
        {
            await ChooseReportAsync(editorsOnA[i], $"q{i}.txt");
            // Accepted: the zone holds the file and nothing travels any more (a refusal empties the zone).
            await editorsOnA[i].WaitForFunctionAsync("""
                name => document.querySelector('[data-zone="report"] .drop-zone-file')?.textContent === name
                        && !document.querySelector('[role=progressbar][aria-label="Report file upload"]')
                """, $"q{i}.txt");
        }
        var refusedOnA = await RefusalAsync(editorsOnA[^1], "on-a.txt");
        var refusedOnB = await RefusalAsync(onB, "on-b.txt");

        refusedOnA.ShouldMatch(@"^on-a\.txt was not uploaded: upload limit reached \(3 uploads per minute\); try again in \d+ s\.$");
        SameExceptNameAndSeconds(refusedOnB).ShouldBe(SameExceptNameAndSeconds(refusedOnA));
    }

    private static async Task OpenEditorAsync(IPage page, string instance)
    {
        await page.GotoAsync($"http://{instance}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
    }

    /// <summary>Chooses a report in an open editor: one upload started.</summary>
    private static Task ChooseReportAsync(IPage page, string name) =>
        page.GetByLabel("Report file", new() { Exact = true })
            .SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/plain", Buffer = "report"u8.ToArray() });

    private static async Task<string> RefusalAsync(IPage page, string name)
    {
        await ChooseReportAsync(page, name);
        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = $"{name} was not uploaded" });
        await alert.WaitForAsync();
        return Regex.Match((await alert.TextContentAsync())!, $@"{Regex.Escape(name)} was not uploaded[^\n]*?\.(?=\s|$)").Value;
    }

    private static string SameExceptNameAndSeconds(string message) =>
        Regex.Replace(Regex.Replace(message, @"^\S+", "NAME"), @"\d+ s\.$", "N s.");
}
