using MudBlazor;

namespace BlazorMedia.Components.Layout;

/// <summary>The app's MudBlazor theme: MudBlazor's defaults with Roboto (self-hosted in wwwroot/lib/roboto), adjusted
/// where axe measured less than WCAG AA contrast: the light error colour (danger buttons, refusals) is darker, and the
/// dark palette's light primary and error colours carry dark text.</summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            AppbarBackground = "#3f51b5",
            TextSecondary = "rgba(0,0,0,0.68)",
            Error = "#d32f2f",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            PrimaryContrastText = "rgba(0,0,0,0.87)",
            Error = "#ff8a80",
            ErrorContrastText = "rgba(0,0,0,0.87)",
            AppbarBackground = "#1f1f2a",
            TextSecondary = "rgba(255,255,255,0.74)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
