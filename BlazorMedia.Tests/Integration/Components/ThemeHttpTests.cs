using BlazorMedia.Tests.Media;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BlazorMedia.Tests.Components;

/// <summary>The theme is decided at prerender, from the request: the user's choice (a cookie), else the system setting
/// (the cookie js/theme.js and app.js keep, else Chromium's client hint), else light. So the first paint is already right.</summary>
public sealed class ThemeHttpTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    [Theory]
    [InlineData(null, null, null, "light")]
    [InlineData("BlazorMedia.Theme=dark", null, null, "dark")]
    [InlineData("BlazorMedia.Theme=light", "\"dark\"", null, "light")]
    [InlineData(null, "\"dark\"", null, "dark")]
    [InlineData("BlazorMedia.SystemTheme=dark", null, null, "dark")]
    [InlineData("BlazorMedia.SystemTheme=dark", "\"light\"", null, "dark")] // what the page's media query saw wins
    [InlineData("BlazorMedia.Theme=dark", null, "/account/login", "dark")]
    public async Task Page_RenderedInTheThemeTheRequestAsksFor(string? cookie, string? hint, string? path, string expected)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        if (hint is not null) client.DefaultRequestHeaders.Add("Sec-CH-Prefers-Color-Scheme", hint);

        var html = await client.GetStringAsync(path ?? "/profiles");

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        document.DocumentElement.GetAttribute("data-theme").ShouldBe(expected);

        html.Contains("--mud-palette-background: rgba(50,51,61,1)", StringComparison.Ordinal).ShouldBe(expected == "dark");
    }

    [Fact]
    public async Task Page_AsksForTheSystemSettingHint()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add("Accept", "text/html");

        using var response = await client.GetAsync("/profiles");

        response.Headers.GetValues("Accept-CH").ShouldBe(["Sec-CH-Prefers-Color-Scheme"]);
        response.Headers.Vary.ShouldContain("Sec-CH-Prefers-Color-Scheme");
    }
}
