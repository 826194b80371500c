// Small browser-side helpers for BlazorMedia: .NET 10's blazor.web.js plus plain DOM APIs. The reconnect dialog has
// its own module (Components/Layout/ReconnectModal.razor.js).
window.blazorMedia = window.blazorMedia || {};

// Theme: the user's choice lives in a cookie, read by the server at prerender so the first paint is right. Until the
// user chooses, the page follows the system setting (js/theme.js, in <head>, reports it in a cookie; a change applies
// live through MudBlazor and, through the cookie kept current here, at the next prerender).
(() => {
    const year = 60 * 60 * 24 * 365;
    const write = (name, value) => { document.cookie = `${name}=${value}; path=/; max-age=${year}; samesite=lax`; };
    window.blazorMedia.setTheme = theme => write("BlazorMedia.Theme", theme);
    const system = matchMedia("(prefers-color-scheme: dark)");
    system.addEventListener("change", () => write("BlazorMedia.SystemTheme", system.matches ? "dark" : "light"));
    // Static pages (the account forms) have no circuit to re-theme them: store the choice and load the page again.
    document.addEventListener("click", e => {
        const toggle = e.target.closest?.("[data-theme-toggle]");
        if (!toggle) return;
        window.blazorMedia.setTheme(toggle.dataset.themeToggle);
        location.reload();
    });
})();

// A plain form POST (log in, register, log out) is under way: the page is about to be replaced by the answer, and a
// reload now (the reconnect dialog's answer to a rejected circuit) would abort the POST and show the same page again.
document.addEventListener("submit", e => {
    if (e.target.getAttribute?.("method")?.toLowerCase() === "post") window.blazorMedia.formPosting = true;
});
window.addEventListener("pageshow", () => { window.blazorMedia.formPosting = false; });

// Set by MainLayout after its first interactive render, so tests and styles can tell a live circuit from prerender.
window.blazorMedia.markInteractive = () => { document.documentElement.dataset.circuit = "connected"; };

// A file dropped where nothing takes it (outside every drop zone, or on a zone whose page is not interactive yet)
// must not make the browser open the file in place of the page, and lose what the user typed there. Zones call
// preventDefault themselves; everything else shows "no drop" and the drop does nothing.
window.addEventListener("dragover", e => {
    if (e.defaultPrevented || !e.dataTransfer?.types?.includes("Files")) return;
    // A file input that listens takes the drop itself (the browser's own behaviour for file inputs).
    if (e.target.matches?.("input[type=file]") && e.target._blazorInputFileNextFileId !== undefined) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "none";
});
window.addEventListener("drop", e => {
    if (e.target.matches?.("input[type=file]") && e.target._blazorInputFileNextFileId !== undefined) return;
    if (!e.defaultPrevented && e.dataTransfer?.types?.includes("Files")) e.preventDefault();
});

// Blazor's InputFile listens to its input from its own first after-render, which comes after its parent's: a file
// handed to the input before then is lost without a word. Its browser-side init is wrapped here so a zone can wait
// for the input it hands files to (`listening`); nothing is guessed from timing.
(() => {
    const inputFile = window.Blazor?._internal?.InputFile;
    if (inputFile && !inputFile.bmWrapped) {
        const init = inputFile.init;
        inputFile.init = async (...args) => {
            const result = await init(...args);
            args[1]?.dispatchEvent(new Event("bm-listening"));
            return result;
        };
        inputFile.bmWrapped = true;
    }
})();
window.blazorMedia.listening = input => input._blazorInputFileNextFileId !== undefined
    ? Promise.resolve()
    : new Promise(resolve => input.addEventListener("bm-listening", resolve, { once: true }));

// The input of a zone that takes files next: MudFileUpload adds a fresh input after each choice and hides the old.
window.blazorMedia.activeInput = zone => [...zone.querySelectorAll("input[type=file]")].filter(i => !i.classList.contains("d-none")).at(-1);

// Hands files to the zone's active input and raises "change", exactly as if the user had chosen them; Blazor's
// InputFile takes it from there. Waits for the input to listen first.
window.blazorMedia.handFiles = async (zone, files, extra) => {
    const input = window.blazorMedia.activeInput(zone);
    if (!input || !files || files.length === 0) return;
    await window.blazorMedia.listening(input);
    const transfer = new DataTransfer();
    for (const f of files) { transfer.items.add(f); if (!input.multiple) break; }
    if (extra) input._bmUpload = extra;
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
};

// A zone remembers which of its inputs changed last: that one holds the file a streaming upload or a preview reads.
const rememberChangedInput = zone => zone.addEventListener("change", e => {
    if (e.target.matches?.("input[type=file]")) zone._bmLastInput = e.target;
}, true);

// Drop zones (FileDropZone): a file dropped on the zone (or pasted while the page has focus) goes to the zone's input.
// The zone says it takes drops (data-drop-zone-ready) only once that input listens.
window.blazorMedia.initDropZone = async (zone, acceptPaste) => {
    if (!zone || zone.dataset.dropZoneInit) return;
    zone.dataset.dropZoneInit = "true";
    rememberChangedInput(zone);
    await window.blazorMedia.listening(window.blazorMedia.activeInput(zone));
    const over = e => { if (e.dataTransfer?.types?.includes("Files")) e.preventDefault(); };
    zone.addEventListener("dragenter", over);
    zone.addEventListener("dragover", over);
    zone.addEventListener("drop", e => {
        if (!e.dataTransfer?.types?.includes("Files")) return;
        e.preventDefault();
        window.blazorMedia.handFiles(zone, e.dataTransfer.files);
    });
    if (acceptPaste) {
        document.addEventListener("paste", e => {
            if (!document.body.contains(zone)) return;
            const files = [...(e.clipboardData?.files ?? [])].filter(f => f.type.startsWith("image/"));
            if (files.length > 0) { e.preventDefault(); window.blazorMedia.handFiles(zone, files); }
        });
    }
    zone.dataset.dropZoneReady = "true";
};

// The input a zone's last choice went to (or the element itself when it is an input).
const chosenInput = el => el?.matches?.("input[type=file]") ? el : el?._bmLastInput ?? window.blazorMedia.activeInput(el);

// A preview URL for the chosen file, from the browser's own copy: shown before a single byte reaches the server.
window.blazorMedia.previewUrl = zone => { const input = chosenInput(zone); return input?.files?.length ? URL.createObjectURL(input.files[0]) : null; };
window.blazorMedia.revokeUrl = url => { if (url) URL.revokeObjectURL(url); };

// Streaming uploads (StreamingUploadClient): the file chosen in `input` goes to `url` as one plain POST body, far
// faster than InputFile's SignalR messages. Progress goes back at most every 100 ms; the verdict comes from the server.
(() => {
    const running = new Map();
    window.blazorMedia.streamUpload = (zone, url, id, dotnet) => {
        const file = chosenInput(zone)?.files?.[0];
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
