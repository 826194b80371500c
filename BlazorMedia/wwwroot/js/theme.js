// Runs in <head>, before the page paints. The server renders the theme it was told: the user's choice (cookie), else
// the system setting from Chromium's client hint or from the BlazorMedia.SystemTheme cookie this script keeps. On a
// first visit from a browser that sends neither, the page would paint in the wrong theme: store the setting and load
// the page again before anything is shown (once: a browser that refuses cookies gets the light theme, not a loop).
(() => {
    const root = document.documentElement;
    if (document.cookie.includes("BlazorMedia.Theme=")) return;
    const system = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    document.cookie = `BlazorMedia.SystemTheme=${system}; path=/; max-age=31536000; samesite=lax`;
    if (root.dataset.theme === system || sessionStorage.getItem("bm-theme-reloaded")) return;
    sessionStorage.setItem("bm-theme-reloaded", "1");
    if (document.cookie.includes(`BlazorMedia.SystemTheme=${system}`)) location.replace(location.href);
})();
