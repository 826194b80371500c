#!/usr/bin/env bash
# Runs every benchmark in bench/ on this machine, one after another (never two at once: they share 2 cores), and
# writes their tables to one Markdown report. Each script runs its own peer in the same invocation.
# Usage: bench/run-all.sh [REPORT=bench/results/latest.md]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPORT=${1:-$HERE/results/latest.md}
mkdir -p "$(dirname "$REPORT")"
run() { # title, command...
  echo "## $1" >>"$REPORT"
  echo >>"$REPORT"
  echo "\`${*:2}\`" >>"$REPORT"
  echo >>"$REPORT"
  "${@:2}" 2>/dev/null | grep -E '^\||^  |^Peak|^median|^ratio|^Imaging:|^# load' >>"$REPORT" || echo "(failed: see its output)" >>"$REPORT"
  echo >>"$REPORT"
}
{
  echo "# BlazorMedia benchmarks"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(git -C "$HERE" rev-parse --short HEAD)"
  echo
} >"$REPORT"
run "Thumbnails: both engines vs vipsthumbnail and Pillow draft" "$HERE/thumbnails.sh" 5 256
run "Media serving vs nginx" env ROUNDS=5 DURATION=4s "$HERE/serving.sh"
run "Media from S3: streamed by the app vs straight from the bucket" env ROUNDS=5 DURATION=4s "$HERE/s3-serving.sh"
run "Profile list at 100,000 vs 1,000 profiles" "$HERE/profiles.sh" 200
run "Decompression bombs vs an ordinary upload, both engines" "$HERE/bombs.sh" 50
run "Files at 100,000 vs 1,000 files" "$HERE/files.sh" 100
run "Upload throughput: UI vs raw POST" "$HERE/uploads.sh" 5 256 64
run "Server memory during 1 GiB and 4 GiB uploads" "$HERE/upload-memory.sh" 5
run "Memory per idle circuit: /profiles vs a trivial page" "$HERE/circuits.sh" 200 5
echo "wrote $REPORT"
cat "$REPORT"
