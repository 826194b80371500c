#!/usr/bin/env bash
# Installs the system packages BlazorMedia needs, only those missing. Usage: scripts/install-deps.sh run|unit|test
#   run  - what the app needs at run time: nothing (libvips comes bundled in the NetVips.Native NuGet package);
#          unit - the same (the unit lane)
#   test - what the tests and benchmarks need: Chromium (Playwright), PostgreSQL 15, nginx, wrk, the thumbnail
#          bench's peers: vipsthumbnail (Debian's libvips-tools) and Pillow (python3-pil, what Django's peer uses),
#          the upload bench's Django peer (python3-django 3.2, gunicorn), OpenSSH's sshd (the SFTP storage tests start their own on a loopback port; the package's service is not used)
set -euo pipefail
mode=${1:-run}
packages=()
if [ "$mode" = test ]; then
  packages+=(libvips-tools python3-pil python3-django gunicorn chromium postgresql-15 nginx-light wrk openssh-server)
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
