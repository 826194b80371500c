using System.Text.RegularExpressions;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>Each user owns one profile: others see it but cannot edit, delete or download its report, even by URL.</summary>
public sealed partial class ProfileFlowTests
{
    [Fact]
    public async Task OtherUser_SeesNoEditDeleteOrReport_AndIsRefusedTheEditorByUrl()
    {
        var owner = await EditorAsync("grace@example.com");
        await owner.GetByLabel("Name").FillAsync("Grace Hopper");
        await owner.GetByLabel("Report file").SetInputFilesAsync(new FilePayload { Name = "plans.txt", MimeType = "text/plain", Buffer = "secret plans"u8.ToArray() });
        await Zone(owner, "report").GetByText("plans.txt").WaitForAsync();
        await SaveAndWaitForProfileAsync(owner);
        var id = int.Parse(new Regex(@"/profiles/(\d+)$").Match(owner.Url).Groups[1].Value);
        await owner.GetByRole(AriaRole.Link, new() { Name = "Download report" }).WaitForAsync();

        var other = await browser.NewPageAsync(_errors, await fixture.SignInAsync("mallory2@example.com"));
        await other.GotoAsync(Url($"/profiles/{id}"));
        await BrowserFixture.WaitForCircuitAsync(other);
        await other.GetByRole(AriaRole.Heading, new() { Name = "Grace Hopper" }).WaitForAsync();
        (await other.GetByRole(AriaRole.Link, new() { Name = "Edit" }).CountAsync()).ShouldBe(0);
        (await other.GetByRole(AriaRole.Button, new() { Name = "Delete" }).CountAsync()).ShouldBe(0);
        (await other.GetByRole(AriaRole.Link, new() { Name = "Download report" }).CountAsync()).ShouldBe(0);

        var response = await other.GotoAsync(Url($"/profiles/{id}/edit"));
        response!.Status.ShouldBe(403);
        await other.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" }).WaitForAsync();
        (await other.GetByLabel("Name").CountAsync()).ShouldBe(0);
        // The refusal itself is the one console error: Chromium reports the 403 document.
        _errors.ShouldBe(["console: Failed to load resource: the server responded with a status of 403 (Forbidden)"]);
        _errors.Clear();

        // The administrator manages every profile.
        var admin = await browser.NewPageAsync(_errors, fixture.Administrator);
        await admin.GotoAsync(Url($"/profiles/{id}"));
        await BrowserFixture.WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Edit" }).WaitForAsync();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Anonymous_NewProfile_RedirectedToLogin()
    {
        var page = await browser.NewPageAsync(_errors);

        await page.GotoAsync(Url("/profiles/new"));

        page.Url.ShouldBe(Url("/account/login?ReturnUrl=%2Fprofiles%2Fnew"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).WaitForAsync();
        _errors.ShouldBeEmpty();
    }
}
