// Files (/files): drop of many files and whole folders onto the page or onto a folder of the tree or the sub-folders.
// Dropped folders are walked with webkitGetAsEntry(); the files go to the upload queue's files input through a
// DataTransfer (Blazor's InputFile then streams them), and the relative folders and the drop target are kept on the
// input for the server to take with takeUpload().
window.blazorMedia = window.blazorMedia || {};

(() => {
    const readEntries = reader => new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    const fileOf = entry => new Promise((resolve, reject) => entry.file(resolve, reject));

    async function walk(entry, folder, out) {
        if (entry.isFile) {
            out.push({ file: await fileOf(entry), folder });
        } else if (entry.isDirectory) {
            const reader = entry.createReader();
            const sub = folder ? `${folder}/${entry.name}` : entry.name;
            // readEntries returns at most 100 entries per call: read until it returns none.
            for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader))
                for (const child of batch) await walk(child, sub, out);
        }
    }

    // The queue's files input that takes the next selection (MudFileUpload adds a fresh one after each).
    const filesInput = inputs => window.blazorMedia.activeInput(inputs.querySelector("[data-files-input]")?.closest(".mud-input-control") ?? inputs);

    window.blazorMedia.initFilesDrop = async (zone, inputs) => {
        if (!zone || !inputs || zone.dataset.filesDropInit) return;
        zone.dataset.filesDropInit = "true";
        inputs.addEventListener("change", e => { if (e.target.matches?.("input[type=file]")) inputs._bmLastInput = e.target; }, true);
        // Not before the input listens: files handed to it earlier are lost without a word.
        await window.blazorMedia.listening(filesInput(inputs));
        const targetOf = e => e.target.closest?.("[data-drop-folder]");
        const clear = () => zone.querySelectorAll(".drop-target").forEach(el => el.classList.remove("drop-target"));
        zone.addEventListener("dragover", e => {
            if (!e.dataTransfer?.types?.includes("Files")) return;
            e.preventDefault();
            clear();
            (targetOf(e) ?? zone).classList.add("drop-target");
        });
        zone.addEventListener("dragleave", e => { if (!zone.contains(e.relatedTarget)) clear(); });
        zone.addEventListener("drop", async e => {
            if (!e.dataTransfer?.types?.includes("Files")) return;
            e.preventDefault();
            clear();
            const target = targetOf(e)?.dataset.dropFolder ?? null;
            // Entries must be taken synchronously, before the first await: the DataTransfer empties afterwards.
            const entries = [...e.dataTransfer.items].map(i => i.webkitGetAsEntry?.()).filter(Boolean);
            const items = [];
            if (entries.length > 0) for (const entry of entries) await walk(entry, "", items);
            else for (const file of e.dataTransfer.files) items.push({ file, folder: "" });
            if (items.length === 0) return;
            const input = filesInput(inputs);
            await window.blazorMedia.listening(input);
            const transfer = new DataTransfer();
            for (const item of items) transfer.items.add(item.file);
            input._bmUpload = { folder: target, paths: items.map(i => i.folder) };
            input.files = transfer.files;
            input.dispatchEvent(new Event("change", { bubbles: true }));
        });
        zone.dataset.filesDropReady = "true";
    };

    // What the server needs beside the files: the drop target (null = the open folder) and each file's relative
    // folder ("" for a plain file), from a drop or from the folder picker's webkitRelativePath.
    window.blazorMedia.takeUpload = inputs => {
        const input = inputs?._bmLastInput;
        const info = input?._bmUpload;
        if (input) input._bmUpload = null;
        if (info) return info;
        const paths = [...(input?.files ?? [])].map(f => {
            const rel = f.webkitRelativePath || "";
            const slash = rel.lastIndexOf("/");
            return slash < 0 ? "" : rel.slice(0, slash);
        });
        return { folder: null, paths };
    };

    // Copy a link; false when the browser refuses (no permission, not a secure context), so the page shows it instead.
    window.blazorMedia.copyText = async text => {
        try { await navigator.clipboard.writeText(text); return true; }
        catch { return false; }
    };
})();
