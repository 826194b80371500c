using MudBlazor;

namespace BlazorMedia.Components.Layout;

/// <summary>The app's MudBlazor theme: MudBlazor's defaults with Roboto (self-hosted in wwwroot/lib/roboto) and a
/// dark palette whose secondary text keeps WCAG AA contrast on its surfaces.</summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            AppbarBackground = "#3f51b5",
            TextSecondary = "rgba(0,0,0,0.68)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            AppbarBackground = "#1f1f2a",
            TextSecondary = "rgba(255,255,255,0.74)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
