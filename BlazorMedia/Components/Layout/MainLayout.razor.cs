using BlazorMedia.Components.Theme;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorMedia.Components.Layout;

/// <summary>The shell: app bar (navigation menu, account, dark mode), a drawer that is persistent on wide screens and
/// temporary below <see cref="Breakpoint.Md"/>, and the page. The theme comes from the host page (cookie or system
/// setting, read at prerender), so the first paint is already right; until the user chooses, it follows the system.</summary>
public partial class MainLayout
{
    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The theme the host page read from the request.</summary>
    [CascadingParameter] public ThemeChoice? Theme { get; set; }

    private MudThemeProvider? _themeProvider;
    private bool _dark;
    private bool _chosen;
    private bool _drawerOpen = true;

    protected override void OnInitialized() => (_dark, _chosen) = Theme is { } t ? (t.Dark, t.Chosen) : (false, false);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        await JS.InvokeVoidAsync("blazorMedia.markInteractive");
        // Following the system: the server guessed from a client hint or an earlier visit; the browser knows.
        if (!_chosen && _themeProvider is not null && await _themeProvider.GetSystemDarkModeAsync() is var system && system != _dark)
        {
            _dark = system;
            StateHasChanged();
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleThemeAsync()
    {
        _dark = !_dark;
        _chosen = true; // from now on the choice, not the system setting
        await JS.InvokeVoidAsync("blazorMedia.setTheme", _dark ? "dark" : "light");
    }
}
