// .NET 10's reconnect states (blazor.web.js raises components-reconnect-state-changed on the modal):
// show / retrying: the connection dropped and the client retries; hide: back.
// failed: retries ran out; Retry (or the tab becoming visible again) tries again.
// rejected: the server no longer holds the circuit and holds no persisted state to resume it from: reload.
// paused / resume-failed: the circuit was paused (see below); Resume brings it back from its persisted state.
// A reconnect the server refuses is followed by blazor.web.js's own resumeCircuit(), which rebuilds the page from the
// state its components persisted ([PersistentState]): the page comes back with what the user typed.
const modal = document.getElementById("components-reconnect-modal");
modal.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);
document.getElementById("components-reload-button").addEventListener("click", () => location.reload());

function onStateChanged(event) {
    const state = event.detail.state;
    document.documentElement.dataset.circuit = state === "hide" ? "connected" : state;
    if (state === "show" || state === "paused" || state === "failed" || state === "resume-failed") {
        if (!modal.open) modal.showModal();
    } else if (state === "hide") {
        modal.close();
    } else if (state === "rejected") {
        // A plain form POST (log out) is navigating away: a reload now would abort it and show the same page again.
        if (!window.blazorMedia?.formPosting) location.reload();
    }
    if (state === "failed") document.addEventListener("visibilitychange", retryWhenVisible);
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenVisible);
    try {
        if (await Blazor.reconnect()) return;
        // The server answered but no longer holds the circuit: rebuild it from its persisted state, else reload.
        if (await Blazor.resumeCircuit()) modal.close();
        else location.reload();
    } catch {
        document.addEventListener("visibilitychange", retryWhenVisible);
    }
}

async function resume() {
    try {
        if (await Blazor.resumeCircuit()) modal.close();
        else location.reload();
    } catch {
        modal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenVisible() {
    if (document.visibilityState === "visible") await retry();
}

// A page left in the background (a phone locked, another tab) for a while pauses its circuit: the server persists the
// page's state, hands it to the browser and frees the circuit, and the page resumes from it when it is shown again,
// even after a server restart that kept the key ring. Never while bytes are travelling ([data-busy] on the page).
const pauseAfterMs = Number(document.documentElement.dataset.pauseAfterMs ?? 5 * 60 * 1000);
let pauseTimer = null;
let paused = false;
document.addEventListener("visibilitychange", async () => {
    clearTimeout(pauseTimer);
    if (document.visibilityState === "hidden") {
        pauseTimer = setTimeout(async () => {
            if (document.visibilityState !== "hidden" || document.querySelector("[data-busy]")) return;
            paused = await Blazor.pauseCircuit();
        }, pauseAfterMs);
    } else if (paused) {
        paused = false;
        if (!await Blazor.resumeCircuit()) location.reload();
    }
});
