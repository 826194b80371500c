#!/usr/bin/env bash
# Server peak memory (VmHWM reset per upload + VmRSS sampled every 10 ms, /proc/PID/status) while Chromium streams a
# 1 GiB and a 4 GiB report (sparse files: no disk, not held by the client) through the real UI and Save stores it,
# vs the app's RSS just before. Checks free disk first (spool + stored copy); temp and stored files are removed.
# Usage: bench/upload-memory.sh [rounds=5] [small-MiB=1024] [large-MiB=4096]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
df -h "${TMPDIR:-/tmp}" | tail -1 >&2
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
# Own process group, killed as a whole on any exit (apps, Playwright's driver; Chromium exits when its pipe closes).
setsid dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" upload-memory "${1:-5}" "${2:-1024}" "${3:-4096}" &
BENCH=$!
trap 'kill -TERM -- -$BENCH 2>/dev/null || true' EXIT INT TERM
wait $BENCH
