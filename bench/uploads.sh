#!/usr/bin/env bash
# Upload throughput through the real UI (Chromium on /profiles/new: choose a Report file, wait for the server's verdict,
# Save, wait for the saved profile) vs the Django peer (Django 3.2 + gunicorn, 2 sync workers: the same Chromium posts
# the same file to a FileField form, bench/django_uploads/), a raw streaming POST of the same file to a minimal
# Kestrel endpoint that writes and fsyncs it, and dd conv=fdatasync of as many bytes on the same disk, interleaved in
# the same run; plus InputFile over SignalR (threshold raised) on a smaller file, which at ~10-20 MB/s would take
# minutes per round at 256 MiB. Every process it starts (apps, gunicorn, dd, Playwright's driver and Chromium) is in
# one process group, stopped as a whole when the bench exits.
# Usage: bench/uploads.sh [rounds=5] [MiB=256] [signalr-MiB=64]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"

# The Django peer: Debian's packages (Django 3.2 LTS, gunicorn 20.1), with Chromium, installed when missing.
"$HERE/../scripts/install-deps.sh" bench
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
# Own process group, killed as a whole on any exit (apps, Playwright's driver; Chromium exits when its pipe closes).
setsid dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" uploads "${1:-5}" "${2:-256}" "${3:-64}" &
BENCH=$!
trap 'kill -TERM -- -$BENCH 2>/dev/null || true' EXIT INT TERM
wait $BENCH
