// Media library (/files): the first pages of a PDF drawn into a <canvas> of the preview pane with pdf.js (vendored in
// /lib/pdfjs, see scripts/update-pdfjs.sh). Loaded as an ES module by LibraryPreview.razor, which owns each preview's
// lifetime: open() -> show() per page -> dispose() when the selection changes or the pane closes.
// Safety: the bytes are only parsed (in pdf.js's worker, same origin) and painted; no eval (isEvalSupported: false), no
// WebAssembly (useWasm: false, so the app's CSP needs no 'wasm-unsafe-eval': JPEG 2000 and JBIG2 images use pdf.js's
// pure-JS decoders, ICC profiles are ignored), no PDF scripting, forms or links (no viewer, no annotation layer).
import { getDocument, GlobalWorkerOptions } from "../lib/pdfjs/pdf.min.mjs";

GlobalWorkerOptions.workerSrc = new URL("/lib/pdfjs/pdf.worker.min.mjs", location.origin).href;
const wasmUrl = new URL("/lib/pdfjs/wasm/", location.origin).href;

// A preview is a thumbnail-sized view: cap the backing store whatever the page size or zoom asks for.
const maxDevicePixelRatio = 2;
const maxCanvasSide = 4096;
const maxCanvasPixels = 4 * 1024 * 1024;

const previews = new Map(); // id -> { task, doc, render }

/** Why pdf.js could not open or draw a document, in words for the pane's message. */
function reason(e) {
    switch (e?.name) {
        case "PasswordException": return "it is protected by a password";
        case "InvalidPDFException": return "it is not a valid PDF (its structure is damaged)";
        case "ResponseException": return e.status ? `the server answered HTTP ${e.status}` : "it could not be fetched";
        case "UnknownErrorException": return e.message || "pdf.js could not read it";
        default: return e?.message || String(e);
    }
}

/** Loads the document at url (a same-origin media URL, or a signed link for private files) for preview id.
 *  Never throws: returns { pages } or { error } so a bad file is a message in the pane, not a console error. */
export async function open(id, url) {
    dispose(id);
    const task = getDocument({
        url,
        isEvalSupported: false,
        useWasm: false,
        wasmUrl,
        enableXfa: false,
        // Fonts the file does not embed are drawn with the system's fonts; nothing else is fetched.
        useSystemFonts: true,
    });
    const preview = { task, doc: null, render: null };
    previews.set(id, preview);
    try {
        preview.doc = await task.promise;
        if (previews.get(id) !== preview) return { error: "closed" };
        return { pages: preview.doc.numPages };
    } catch (e) {
        if (previews.get(id) === preview) dispose(id);
        return { error: reason(e) };
    }
}

/** Draws page number (1-based) of preview id into canvas, at the width of the canvas's container. */
export async function show(id, canvas, number) {
    const preview = previews.get(id);
    if (!preview?.doc || !canvas) return { error: "closed" };
    preview.render?.cancel();
    try {
        const page = await preview.doc.getPage(number);
        const natural = page.getViewport({ scale: 1 });
        const cssWidth = Math.max(1, canvas.parentElement?.clientWidth || natural.width);
        let scale = (cssWidth / natural.width) * Math.min(window.devicePixelRatio || 1, maxDevicePixelRatio);
        const width = natural.width * scale, height = natural.height * scale;
        scale *= Math.min(1, maxCanvasSide / width, maxCanvasSide / height, Math.sqrt(maxCanvasPixels / (width * height)));
        const viewport = page.getViewport({ scale });
        if (previews.get(id) !== preview) return { error: "closed" };
        canvas.width = Math.max(1, Math.floor(viewport.width));
        canvas.height = Math.max(1, Math.floor(viewport.height));
        preview.render = page.render({ canvas, viewport });
        await preview.render.promise;
        preview.render = null;
        page.cleanup();
        return { page: number };
    } catch (e) {
        if (e?.name === "RenderingCancelledException") return { error: "cancelled" };
        return { error: reason(e) };
    }
}

/** Stops loading or drawing and frees the worker's copy of the document. Safe to call twice. */
export function dispose(id) {
    const preview = previews.get(id);
    if (!preview) return;
    previews.delete(id);
    preview.render?.cancel();
    // destroy() aborts the fetch and terminates the document in the worker; its rejection is not news to anyone.
    preview.task.destroy().catch(() => { });
}

/** For tests: how many documents are open (one per shown preview at most). */
export const openCount = () => previews.size;
