using Bunit;
using BlazorMedia.Catalog;
using BlazorMedia.Features.Diagnostics;
using BlazorMedia.Features.Files;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Features.Files;

/// <summary>Components of the Files page and the system check in bunit, over the real services: the preview says what
/// uses a file (and offers no rename, move or delete for it), the system check's upload is MudBlazor's.</summary>
public sealed class FilesComponentsTests : IAsyncLifetime
{
    private readonly ProfileHarness _harness = ProfileHarness.OnSqlite();
    private ComponentTestContext _context = default!;

    public Task InitializeAsync()
    {
        _context = new ComponentTestContext(_harness.Services).SignIn("admin", administrator: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task FolderTree_ReReadAfterAChangeFails_KeepsTheTreeShownAndTheCircuitAlive()
    {
        await _harness.Library.CreateFolderAsync(Caller.Operator, "", "kept");
        var tree = _context.Bunit.Render<FolderTree>(p => p.Add(t => t.Caller, Caller.Operator).Add(t => t.Version, 0));
        tree.WaitForAssertion(() => tree.Markup.ShouldContain("kept"));
        _harness.Breaker.FailOn = "\"Folders\""; // the database goes away as a change (the feed's reset) arrives

        tree.Render(p => p.Add(t => t.Version, 1));

        tree.Markup.ShouldContain("kept");
        tree.Render(p => p.Add(t => t.Version, 2)); // it is back: the next change reads the tree again
        await _harness.Library.CreateFolderAsync(Caller.Operator, "", "added");
        tree.Render(p => p.Add(t => t.Version, 3));
        tree.WaitForAssertion(() => tree.Markup.ShouldContain("added"));
    }

    [Fact]
    public async Task Preview_FileAProfileUses_SaysWhichAndOffersNoRenameMoveOrDelete()
    {
        var item = await _harness.AddLibraryTextAsync("", "notes.txt");
        var uses = new List<FileUse> { new(item.Name, "profile", "3", "Ann", "report file") };

        var preview = _context.Bunit.Render<FilePreview>(p => p.Add(f => f.Item, item).Add(f => f.Caller, Caller.Operator).Add(f => f.Uses, uses));

        preview.Find("[data-testid=file-used-by]").TextContent.ShouldBe("Report file of profile “Ann”");
        foreach (var name in new[] { "Rename", "Move", "Delete" })
            preview.FindAll("button").Single(b => b.TextContent.Trim() == name).HasAttribute("disabled").ShouldBeTrue(name);
    }

    [Fact]
    public async Task Preview_FileNothingUses_SaysSo()
    {
        var item = await _harness.AddLibraryTextAsync("", "free.txt");

        var preview = _context.Bunit.Render<FilePreview>(p => p.Add(f => f.Item, item).Add(f => f.Caller, Caller.Operator));

        preview.Find("[data-testid=file-used-by]").TextContent.ShouldBe("Nothing: it can be renamed, moved or deleted.");
        preview.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void SystemCheck_UploadCheck_IsMudBlazorsPickerNotABareInput()
    {
        var page = _context.Bunit.Render<SystemCheck>();

        page.FindAll("button").Count(b => b.TextContent.Trim() == "Choose a file to send").ShouldBe(1);
        var input = page.Find("input[type=file]");
        input.GetAttribute("aria-label").ShouldBe("File to send");
        input.HasAttribute("hidden").ShouldBeTrue("the browser's own file control is not shown");
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _harness.DisposeAsync();
    }
}
