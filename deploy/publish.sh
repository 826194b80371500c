#!/usr/bin/env bash
# `dotnet publish` is Django's collectstatic: it writes the app and its fingerprinted, precompressed static assets.
# Usage: deploy/publish.sh [OUT=artifacts/publish]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/artifacts/publish}
dotnet publish "$repo/BlazorMedia/BlazorMedia.csproj" -c Release -o "$out" --nologo -v quiet
echo "published to $out (static assets in $out/wwwroot)"
