#!/usr/bin/env bash
# Server memory per idle circuit: N Chromium pages on /profiles vs N on /not-found (the app's most trivial page), each
# measurement in a fresh app process, read by the opt-in /_diagnostics/memory after a forced compacting GC.
# Chromium runs with --renderer-process-limit=8 so 200 pages fit. Every process started is stopped by PID.
# Usage: bench/circuits.sh [circuits=200] [rounds=5]
#   CIRCUITS_GCDUMP=FOLDER also writes a heap snapshot per measurement (dotnet-gcdump on PATH) to see what a circuit keeps.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
# Own process group, killed as a whole on any exit (apps, Playwright's driver; Chromium exits when its pipe closes).
setsid dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" circuits "${1:-200}" "${2:-5}" &
BENCH=$!
trap 'kill -TERM -- -$BENCH 2>/dev/null || true' EXIT INT TERM
wait $BENCH
