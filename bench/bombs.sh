#!/usr/bin/env bash
# Decompression bombs and forged headers: refusal latency and peak memory through the real upload service, next to
# accepting an ordinary 1 MP JPEG in the same run, on each image engine in turn (Imaging:Engine=LibVips, then
# ImageSharp; each in a fresh process, so one engine's memory never counts against the other).
# Usage: bench/bombs.sh [samples=50]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
for engine in LibVips ImageSharp; do
  dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" bombs "$engine" "${1:-50}"
  echo
done
