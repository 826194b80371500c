using Bunit;
using BlazorMedia.Components.Layout;
using BlazorMedia.Components.Theme;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;

namespace BlazorMedia.Tests.Components.Layout;

/// <summary>The shell's own controls: the drawer's menu button and the dark-mode toggle say what they are and what
/// state they are in.</summary>
public sealed class MainLayoutTests : IAsyncDisposable
{
    private readonly ComponentTestContext _context = new();

    private IRenderedComponent<MainLayout> Render(ThemeChoice theme) =>
        _context.Bunit.Render<MainLayout>(p => p
            .AddCascadingValue(theme)
            .Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<h1>Page</h1>"))));

    [Fact]
    public void MenuButton_NamedForWhatItOpensAndSaysWhetherItIsOpen()
    {
        var layout = Render(ThemeChoice.SystemLight);

        var menu = layout.Find("button[aria-controls=app-nav]");
        menu.GetAttribute("aria-label").ShouldBe("Navigation menu");
        var open = menu.GetAttribute("aria-expanded");
        menu.Click();
        layout.Find("button[aria-controls=app-nav]").GetAttribute("aria-expanded").ShouldBe(open == "true" ? "false" : "true");
    }

    [Theory]
    [InlineData(false, "false")]
    [InlineData(true, "true")]
    public void DarkModeToggle_PressedOnlyOnADarkPage(bool dark, string pressed)
    {
        var layout = Render(new ThemeChoice(dark, Chosen: true));

        layout.Find("button[aria-label='Dark mode']").GetAttribute("aria-pressed").ShouldBe(pressed);
    }

    [Fact]
    public void DarkModeToggle_Clicked_StoresTheChoiceAndPressesTheToggle()
    {
        var layout = Render(ThemeChoice.SystemLight);

        layout.Find("button[aria-label='Dark mode']").Click();

        layout.Find("button[aria-label='Dark mode']").GetAttribute("aria-pressed").ShouldBe("true");
        _context.Bunit.JSInterop.VerifyInvoke("blazorMedia.setTheme").Arguments.ShouldBe(["dark"]);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
