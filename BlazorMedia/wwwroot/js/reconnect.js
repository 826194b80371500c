// Completes the reconnect experience for the 9.x blazor.web.js (see ReconnectModal.razor):
// - "rejected": the server no longer knows this circuit (it restarted) -> reload to get a fresh one;
// - "failed": retries ran out -> the Retry button asks the script to try again, reloading if that is refused.
(() => {
    const modal = document.getElementById("components-reconnect-modal");
    if (!modal) return;
    new MutationObserver(() => {
        if (modal.classList.contains("components-reconnect-rejected")) location.reload();
    }).observe(modal, { attributes: true, attributeFilter: ["class"] });
    document.getElementById("components-reconnect-retry")?.addEventListener("click", async () => {
        const ok = await window.Blazor?.reconnect?.();
        if (!ok) location.reload();
    });
})();
