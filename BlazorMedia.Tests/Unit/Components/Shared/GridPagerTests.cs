using Bunit;
using BlazorMedia.Components.Shared;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorMedia.Tests.Components.Shared;

/// <summary>The light pager under the profile grid pages a MudDataGrid as MudDataGridPager does: what is shown, what can
/// be pressed, and each button's page; and the four buttons keep their names wherever they are used.</summary>
public sealed class GridPagerTests : IAsyncDisposable
{
    private readonly ComponentTestContext _context = new();

    private IRenderedComponent<MudDataGrid<int>> Grid(int rows) =>
        _context.Bunit.Render<MudDataGrid<int>>(p => p
            .Add(g => g.Items, Enumerable.Range(1, rows))
            .Add(g => g.RowsPerPage, 20)
            .Add(g => g.Columns, (RenderFragment)(b =>
            {
                b.OpenComponent<TemplateColumn<int>>(0);
                b.AddAttribute(1, nameof(TemplateColumn<int>.Title), "Number");
                b.AddAttribute(2, nameof(TemplateColumn<int>.CellTemplate),
                    (RenderFragment<CellContext<int>>)(cell => c => c.AddContent(0, $"row {cell.Item}")));
                b.CloseComponent();
            }))
            .Add(g => g.PagerContent, (RenderFragment)(b => { b.OpenComponent<GridPager<int>>(0); b.CloseComponent(); })));

    private static string Caption(IRenderedComponent<MudDataGrid<int>> grid) => grid.Find(".mud-table-pagination-caption").TextContent;

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDataGrid<int>> grid, string name) => grid.Find($"nav[aria-label=Pages] button[aria-label='{name}']");

    private static string[] Rows(IRenderedComponent<MudDataGrid<int>> grid) =>
        grid.FindAll("tbody tr td").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public void FirstPage_SaysWhichRowsOfHowMany_OnlyForwardEnabled()
    {
        var grid = Grid(45);

        Caption(grid).ShouldBe("1–20 of 45");
        Rows(grid).First().ShouldBe("row 1");
        Button(grid, "First page").HasAttribute("disabled").ShouldBeTrue();
        Button(grid, "Previous page").HasAttribute("disabled").ShouldBeTrue();
        Button(grid, "Next page").HasAttribute("disabled").ShouldBeFalse();
        Button(grid, "Last page").HasAttribute("disabled").ShouldBeFalse();
    }

    [Fact]
    public void NextThenLastThenPrevious_MoveTheGridAndTheCaption()
    {
        var grid = Grid(45);

        Button(grid, "Next page").Click();
        grid.WaitForAssertion(() => Caption(grid).ShouldBe("21–40 of 45"));
        Rows(grid).First().ShouldBe("row 21");

        Button(grid, "Last page").Click();
        grid.WaitForAssertion(() => Caption(grid).ShouldBe("41–45 of 45"));
        Rows(grid).ShouldBe(["row 41", "row 42", "row 43", "row 44", "row 45"]);
        Button(grid, "Next page").HasAttribute("disabled").ShouldBeTrue();
        Button(grid, "Last page").HasAttribute("disabled").ShouldBeTrue();

        Button(grid, "Previous page").Click();
        grid.WaitForAssertion(() => Caption(grid).ShouldBe("21–40 of 45"));
        Button(grid, "First page").Click();
        grid.WaitForAssertion(() => Caption(grid).ShouldBe("1–20 of 45"));
    }

    [Fact]
    public void OnePageOfRows_NothingToPress()
    {
        var grid = Grid(7);

        Caption(grid).ShouldBe("1–7 of 7");
        grid.FindAll("nav[aria-label=Pages] button").ShouldAllBe(b => b.HasAttribute("disabled"));
    }

    [Fact]
    public void PageButtons_ReportThePagePressed_AndAreNamedButtons()
    {
        var pressed = new List<Page>();
        var buttons = _context.Bunit.Render<PageButtons>(p => p
            .Add(b => b.CanGoBack, true).Add(b => b.CanGoForward, true)
            .Add(b => b.Move, (Page page) => pressed.Add(page)));

        foreach (var name in new[] { "Last page", "Next page", "Previous page", "First page" })
            buttons.Find($"button[aria-label='{name}']").Click();

        pressed.ShouldBe([Page.Last, Page.Next, Page.Previous, Page.First]);
        buttons.FindAll("button").ShouldAllBe(b => b.GetAttribute("type") == "button" && b.GetAttribute("title") == b.GetAttribute("aria-label"));
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
