#!/usr/bin/env bash
# Profile list at scale: server time of one page of /profiles (first page, last page, newest first, search) at
# 100,000 profiles next to the same queries at 1,000 profiles, measured in the same run on the same database.
# Usage: bench/profiles.sh [samples=200]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" profiles "${1:-200}"
