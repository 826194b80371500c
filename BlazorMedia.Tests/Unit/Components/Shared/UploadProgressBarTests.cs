using Bunit;
using BlazorMedia.Components.Shared;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Components.Shared;

/// <summary>Two uploads on one page never show two buttons that are both just "Cancel": each names its file.</summary>
public sealed class UploadProgressBarTests : IAsyncDisposable
{
    private readonly ComponentTestContext _context = new();

    [Fact]
    public void TwoTransfers_CancelButtonsNameTheirFiles()
    {
        using var avatar = new UploadTransfer("me.png", 100);
        using var report = new UploadTransfer("q1.pdf", 100);
        avatar.Start(() => { });
        report.Start(() => { });

        var first = _context.Bunit.Render<UploadProgressBar>(p => p.Add(b => b.Transfer, avatar).Add(b => b.Label, "Avatar"));
        var second = _context.Bunit.Render<UploadProgressBar>(p => p.Add(b => b.Transfer, report).Add(b => b.Label, "Report file"));

        first.Find("button").GetAttribute("aria-label").ShouldBe("Cancel me.png");
        second.Find("button").GetAttribute("aria-label").ShouldBe("Cancel q1.pdf");
        first.Find("[role=progressbar]").GetAttribute("aria-label").ShouldBe("Avatar upload");
    }

    [Fact]
    public void Cancel_Clicked_CancelsTheTransfer()
    {
        using var transfer = new UploadTransfer("big.txt", 100);
        transfer.Start(() => { });
        var bar = _context.Bunit.Render<UploadProgressBar>(p => p.Add(b => b.Transfer, transfer).Add(b => b.Label, "Report file"));

        bar.Find("button").Click();

        transfer.Token.IsCancellationRequested.ShouldBeTrue();
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
