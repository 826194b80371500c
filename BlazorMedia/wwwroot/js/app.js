// Small browser-side helpers for BlazorMedia. No framework: the 9.x blazor.web.js plus plain DOM APIs.
window.blazorMedia = window.blazorMedia || {};

// Set by MainLayout after its first interactive render, so tests and styles can tell a live circuit from prerender.
window.blazorMedia.markInteractive = () => { document.documentElement.dataset.circuit = "connected"; };

// A file dropped where nothing takes it (outside every drop zone, or on a zone whose page is not interactive yet)
// must not make the browser open the file in place of the page, and lose what the user typed there. Zones call
// preventDefault themselves; everything else shows "no drop" and the drop does nothing.
window.addEventListener("dragover", e => {
    if (e.defaultPrevented || !e.dataTransfer?.types?.includes("Files")) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "none";
});
window.addEventListener("drop", e => {
    if (!e.defaultPrevented && e.dataTransfer?.types?.includes("Files")) e.preventDefault();
});

// Drop zones: a file dropped on the zone (or pasted while the page has focus) is handed to the zone's <input type=file>
// and a "change" event is raised, exactly as if the user had chosen it; Blazor's InputFile takes it from there.
window.blazorMedia.initDropZone = (zone, input, acceptPaste) => {
    if (!zone || !input || zone.dataset.dropZoneReady) return;
    zone.dataset.dropZoneReady = "true";
    const hand = files => {
        if (!files || files.length === 0) return;
        const transfer = new DataTransfer();
        for (const f of files) { transfer.items.add(f); if (!input.multiple) break; }
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const over = e => { e.preventDefault(); zone.classList.add("dragging"); };
    zone.addEventListener("dragenter", over);
    zone.addEventListener("dragover", over);
    zone.addEventListener("dragleave", e => { if (!zone.contains(e.relatedTarget)) zone.classList.remove("dragging"); });
    zone.addEventListener("drop", e => { e.preventDefault(); zone.classList.remove("dragging"); hand(e.dataTransfer?.files); });
    if (acceptPaste) {
        document.addEventListener("paste", e => {
            if (!document.body.contains(zone)) return;
            const files = [...(e.clipboardData?.files ?? [])].filter(f => f.type.startsWith("image/"));
            if (files.length > 0) { e.preventDefault(); hand(files); }
        });
    }
};

// A preview URL for the chosen file, from the browser's own copy: shown before a single byte reaches the server.
window.blazorMedia.previewUrl = input => input?.files?.length ? URL.createObjectURL(input.files[0]) : null;
window.blazorMedia.revokeUrl = url => { if (url) URL.revokeObjectURL(url); };

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

// Streaming uploads (StreamingUploadClient): the file chosen in `input` goes to `url` as one plain POST body, far
// faster than InputFile's SignalR messages. Progress goes back at most every 100 ms; the verdict comes from the server.
(() => {
    const running = new Map();
    window.blazorMedia.streamUpload = (input, url, id, dotnet) => {
        const file = input?.files?.[0];
        const finish = (status, message) => {
            running.delete(id);
            dotnet.invokeMethodAsync("Finished", status, message ?? null).catch(() => { });
        };
        if (!file) { finish(0, null); return; }
        const xhr = new XMLHttpRequest();
        running.set(id, xhr);
        let last = 0;
        xhr.upload.onprogress = e => {
            const now = performance.now();
            if (now - last < 100) return;
            last = now;
            dotnet.invokeMethodAsync("Progress", e.loaded).catch(() => { });
        };
        xhr.onload = () => {
            let message = null;
            try { message = JSON.parse(xhr.responseText)?.error ?? null; } catch { }
            finish(xhr.status, message);
        };
        xhr.onerror = () => finish(0, null);
        xhr.onabort = () => finish(-1, null);
        xhr.open("POST", url);
        xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
        xhr.send(file);
    };
    window.blazorMedia.abortUpload = id => running.get(id)?.abort();
})();
