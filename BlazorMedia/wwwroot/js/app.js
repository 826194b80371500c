// Small browser-side helpers for BlazorMedia. No framework: the 9.x blazor.web.js plus plain DOM APIs.
window.blazorMedia = window.blazorMedia || {};

// Set by MainLayout after its first interactive render, so tests and styles can tell a live circuit from prerender.
window.blazorMedia.markInteractive = () => { document.documentElement.dataset.circuit = "connected"; };

// Completes the reconnect experience for the 9.x blazor.web.js (see ReconnectModal.razor):
// - "rejected": the server no longer knows this circuit (it restarted) -> reload to get a fresh one;
// - "failed": retries ran out -> the Retry button asks the script to try again, reloading if that is refused.
(() => {
    const modal = document.getElementById("components-reconnect-modal");
    if (!modal) return;
    new MutationObserver(() => {
        if (modal.classList.contains("components-reconnect-show")) document.documentElement.dataset.circuit = "reconnecting";
        if (modal.classList.contains("components-reconnect-rejected")) location.reload();
    }).observe(modal, { attributes: true, attributeFilter: ["class"] });
    document.getElementById("components-reconnect-retry")?.addEventListener("click", async () => {
        const ok = await window.Blazor?.reconnect?.();
        if (!ok) location.reload();
    });
})();
