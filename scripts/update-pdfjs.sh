#!/usr/bin/env bash
# Vendors pdf.js (npm package pdfjs-dist) into BlazorMedia/wwwroot/lib/pdfjs/ for the media library's PDF preview.
# Usage: scripts/update-pdfjs.sh VERSION    (e.g. 5.7.284; then build, run the PDF preview tests and commit the files)
# Copies only what the preview loads: the two built ES modules, the pure-JS JPEG 2000 / JBIG2 decoders (used with
# useWasm: false, so the app's CSP needs no 'wasm-unsafe-eval') and the licenses. pdfjs-dist stays out of package.json:
# that file holds the test tools, and the browser needs these files served by the app, not a node_modules tree.
set -euo pipefail
version=${1:?usage: scripts/update-pdfjs.sh VERSION}
repo=$(cd "$(dirname "$0")/.." && pwd)
dest="$repo/BlazorMedia/wwwroot/lib/pdfjs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack "pdfjs-dist@$version" --silent >/dev/null && tar xzf "pdfjs-dist-$version.tgz")
pkg="$work/package"
rm -rf "$dest"
mkdir -p "$dest/wasm"
cp "$pkg/LICENSE" "$pkg/build/pdf.min.mjs" "$pkg/build/pdf.worker.min.mjs" "$dest/"
cp "$pkg/wasm/openjpeg_nowasm_fallback.js" "$pkg/wasm/jbig2_nowasm_fallback.js" \
   "$pkg/wasm/LICENSE_OPENJPEG" "$pkg/wasm/LICENSE_PDFJS_OPENJPEG" \
   "$pkg/wasm/LICENSE_JBIG2" "$pkg/wasm/LICENSE_PDFJS_JBIG2" "$dest/wasm/"
echo "$version" > "$dest/VERSION"
echo "pdf.js $version vendored into ${dest#"$repo/"}"
