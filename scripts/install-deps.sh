#!/usr/bin/env bash
# Installs the system packages BlazorMedia needs, only those missing. Usage: scripts/install-deps.sh run|unit|test
#   run  - what the app needs at run time: libvips (image validation and thumbnails); unit - the same (the unit lane)
#   test - plus what the tests and benchmarks need: Chromium (Playwright), PostgreSQL 15, nginx, wrk, vipsthumbnail
set -euo pipefail
mode=${1:-run}
packages=(libvips42)
if [ "$mode" = test ]; then
  packages+=(libvips-tools chromium postgresql-15 nginx-light wrk)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$mode" = test ] && [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
