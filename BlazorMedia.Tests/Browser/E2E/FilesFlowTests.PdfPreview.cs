using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;
using static BlazorMedia.Tests.Infrastructure.BrowserFixture;

namespace BlazorMedia.Tests.E2E;

/// <summary>The preview pane draws PDFs with pdf.js into a canvas (same-origin worker, no eval, no WebAssembly) under
/// the app's CSP, pages through them, explains files it cannot open, and frees each document when the selection changes
/// or the pane closes.</summary>
public sealed partial class FilesFlowTests
{
    private static Dropped Pdf(string path, byte[] bytes) => new(path, "application/pdf", bytes);

    /// <summary>Waits until page <paramref name="number"/> is drawn, then returns the canvas's pixels as a PNG data URL,
    /// after checking that they are not all one colour.</summary>
    private static async Task<string> DrawnPdfPageAsync(IPage page, int number)
    {
        var canvas = page.Locator(".file-pdf-canvas");
        await page.WaitForFunctionAsync("n => document.querySelector('.file-pdf-canvas')?.dataset.pdfDrawn === String(n)", number);
        var distinct = await canvas.EvaluateAsync<int>("""
            c => {
                const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                const colours = new Set();
                for (let i = 0; i < data.length && colours.size < 16; i += 4 * 97) colours.add(data.slice(i, i + 4).join());
                return colours.size;
            }
            """);
        distinct.ShouldBeGreaterThan(2, $"PDF page {number} should be drawn, not blank");
        return await canvas.EvaluateAsync<string>("c => c.toDataURL()");
    }

    private static Task<int> OpenPdfDocumentsAsync(IPage page) =>
        page.EvaluateAsync<int>("async () => (await import('./js/pdf-preview.js')).openCount()");

    [Fact]
    public async Task Files_PdfPreview_DrawsPagesExplainsBadFilesAndFreesDocuments()
    {
        await SeedAsync("pdfs");
        var page = await OpenAsync("pdfs");
        await page.EvaluateAsync("() => { window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); }");
        await DropOnViewAsync(page, Pdf("report.pdf", TestPdfs.MultiPage(3)),
            Pdf("broken.pdf", "%PDF-1.7\nthis is no PDF structure at all\n"u8.ToArray()),
            Pdf("locked.pdf", TestPdfs.PasswordProtected()));
        foreach (var name in new[] { "report.pdf", "broken.pdf", "locked.pdf" })
            await Card(page, name).WaitForAsync();

        await SelectAsync(page, "report.pdf");
        var pane = page.GetByRole(AriaRole.Complementary, new() { Name = "Details of report.pdf" });
        var first = await DrawnPdfPageAsync(page, 1);
        await pane.GetByText("Page 1 of 3").WaitForAsync();
        (await pane.GetByRole(AriaRole.Button, new() { Name = "Previous PDF page" }).IsDisabledAsync()).ShouldBeTrue();
        await BrowserFixture.ScreenshotAsync(page, "files-pdf-light");

        await pane.GetByRole(AriaRole.Button, new() { Name = "Next PDF page" }).ClickAsync();
        await pane.GetByText("Page 2 of 3").WaitForAsync();
        var second = await DrawnPdfPageAsync(page, 2);
        second.ShouldNotBe(first);
        await pane.GetByRole(AriaRole.Button, new() { Name = "Previous PDF page" }).ClickAsync();
        (await DrawnPdfPageAsync(page, 1)).ShouldBe(first);
        (await OpenPdfDocumentsAsync(page)).ShouldBe(1);

        // Files pdf.js cannot open: a message in the pane, and nothing left open in the browser.
        await SelectAsync(page, "broken.pdf");
        await page.GetByRole(AriaRole.Complementary, new() { Name = "Details of broken.pdf" }).GetByRole(AriaRole.Alert)
            .GetByText("broken.pdf cannot be previewed: it is not a valid PDF (its structure is damaged).").WaitForAsync();
        (await page.Locator(".file-pdf-canvas").IsHiddenAsync()).ShouldBeTrue();
        (await OpenPdfDocumentsAsync(page)).ShouldBe(0);
        await SelectAsync(page, "locked.pdf");
        await page.GetByRole(AriaRole.Complementary, new() { Name = "Details of locked.pdf" }).GetByRole(AriaRole.Alert)
            .GetByText("locked.pdf cannot be previewed: it is protected by a password.").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "files-pdf-locked");

        // Back to the good one in the dark theme; closing the pane frees its document.
        var before = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        await page.WaitForFunctionAsync("b => getComputedStyle(document.body).backgroundColor !== b", before);
        await SelectAsync(page, "report.pdf");
        (await DrawnPdfPageAsync(page, 1)).ShouldBe(first);
        await BrowserFixture.ScreenshotAsync(page, "files-pdf-dark");
        (await OpenPdfDocumentsAsync(page)).ShouldBe(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Close details" }).ClickAsync();
        await pane.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.WaitForFunctionAsync("async () => (await import('./js/pdf-preview.js')).openCount() === 0");

        (await page.EvaluateAsync<string[]>("() => window.cspViolations")).ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Files_PdfPreview_PrivateFileIsFetchedThroughItsSignedLink()
    {
        var page = await OpenAsync();
        await DropOnViewAsync(page, Pdf("reports_save/private.pdf", TestPdfs.MultiPage(2)));
        await page.GetByText("private.pdf uploaded to reports_save.").WaitForAsync();
        OnDisk("reports_save/private.pdf").ShouldBeTrue();

        await page.GotoAsync($"{fixture.App.BaseUrl}/files?path=reports_save");
        await BrowserFixture.WaitForCircuitAsync(page);
        var fetched = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/media/reports_save/private.pdf", StringComparison.Ordinal)) lock (fetched) fetched.Add(r.Url); };
        await SelectAsync(page, "private.pdf");
        await DrawnPdfPageAsync(page, 1);
        await page.GetByText("Page 1 of 2").WaitForAsync();
        lock (fetched) fetched.ShouldNotBeEmpty();
        lock (fetched) fetched.ShouldAllBe(url => url.Contains("signature=", StringComparison.Ordinal));
        _errors.ShouldBeEmpty();
    }
}
