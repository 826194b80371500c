using Bunit;
using BlazorMedia.Features.Files;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Features.Files;

/// <summary>"Delete folder" is offered only for a folder that can be deleted (an empty one); the breadcrumb names the
/// path.</summary>
public sealed class FolderHeaderTests : IAsyncDisposable
{
    private readonly ComponentTestContext _context = new();

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void DeleteFolder_OfferedOnlyForAnEmptyFolder(bool empty, int buttons)
    {
        var header = _context.Bunit.Render<FolderHeader>(p => p.Add(h => h.Folder, "reports/2026").Add(h => h.IsEmpty, empty));

        header.FindAll("button").Count(b => b.TextContent.Trim() == "Delete folder").ShouldBe(buttons);
        header.FindAll("button").Count(b => b.TextContent.Trim() == "Rename folder").ShouldBe(1);
        if (!empty) header.Markup.ShouldContain("Only an empty folder can be deleted.");
    }

    [Fact]
    public void Breadcrumb_LinksEveryFolderOnThePath()
    {
        var header = _context.Bunit.Render<FolderHeader>(p => p.Add(h => h.Folder, "reports/2026"));

        header.FindAll("nav[aria-label='Folder path'] a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href")))
            .ShouldBe([("Media", "files"), ("reports", "files?path=reports"), ("2026", "files?path=reports%2F2026")]);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
