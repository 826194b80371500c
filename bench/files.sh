#!/usr/bin/env bash
# Files at scale: server time of one page of /files (the catalog query) in a folder of 100,000 files next to
# the same queries in a folder of 1,000 files, same database, same run; then SQLite's plan of each query.
# Usage: bench/files.sh [samples=100]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" files "${1:-100}"
