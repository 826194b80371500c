namespace BlazorMedia.Components.Theme;

/// <summary>Light or dark, and whether the user chose it. Read from the request at prerender (so the first paint is
/// already in the right theme) and handed to the interactive layout as a parameter of <c>Routes</c>.</summary>
/// <param name="Dark">The theme to show now.</param>
/// <param name="Chosen">True when the user picked it with the toggle (kept in <see cref="ThemeCookies.Choice"/>);
/// false while the page follows the system setting.</param>
public sealed record ThemeChoice(bool Dark, bool Chosen)
{
    public static readonly ThemeChoice SystemLight = new(false, false);
}

/// <summary>Where the theme comes from. The user's choice is a cookie the toggle writes; until there is one the page
/// follows the system setting, which Chromium sends as a client hint (<see cref="SystemHint"/>, asked for by
/// <see cref="Security.SecurityHeaders"/>) and other browsers' pages report in <see cref="System"/> (app.js).</summary>
public static class ThemeCookies
{
    /// <summary>"dark" or "light" once the user chose; absent while following the system.</summary>
    public const string Choice = "BlazorMedia.Theme";

    /// <summary>The system setting as app.js last saw it ("dark" or "light"), for browsers without the client hint.</summary>
    public const string System = "BlazorMedia.SystemTheme";

    /// <summary>Chromium's client hint for <c>prefers-color-scheme</c>.</summary>
    public const string SystemHint = "Sec-CH-Prefers-Color-Scheme";

    /// <summary>The theme for this request: the user's choice, else the system setting as the page last reported it,
    /// else as the browser's hint says, else light.</summary>
    public static ThemeChoice Read(HttpRequest request)
    {
        if (Parse(request.Cookies[Choice]) is { } chosen) return new ThemeChoice(chosen, Chosen: true);
        // The page's own report first: app.js rewrites it whenever the page's media query changes, so it is what the CSS
        // sees. The hint comes from the browser's setting, which can differ from what the page sees (an emulated or
        // forced scheme), and serves the first visit, before any page has reported.
        var system = Parse(request.Cookies[System]) ?? Parse(request.Headers[SystemHint].ToString().Trim('"'));
        return new ThemeChoice(system ?? false, Chosen: false);
    }

    private static bool? Parse(string? value) => value switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
