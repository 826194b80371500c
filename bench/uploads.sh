#!/usr/bin/env bash
# Upload throughput through the real UI (Chromium on /profiles/new: choose a Report file, wait for the server's verdict,
# Save, wait for the saved profile) vs a raw streaming POST of the same file to a minimal Kestrel endpoint that writes
# and fsyncs it, interleaved in the same run; plus InputFile over SignalR (threshold raised) on a smaller file, which
# at ~10-20 MB/s would take minutes per round at 256 MiB. Every process it starts is stopped by PID (AppProcess,
# Playwright's driver and Chromium) when the bench exits.
# Usage: bench/uploads.sh [rounds=5] [MiB=256] [signalr-MiB=64]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo >/dev/null
# Own process group, killed as a whole on any exit (apps, Playwright's driver; Chromium exits when its pipe closes).
setsid dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" uploads "${1:-5}" "${2:-256}" "${3:-64}" &
BENCH=$!
trap 'kill -TERM -- -$BENCH 2>/dev/null || true' EXIT INT TERM
wait $BENCH
