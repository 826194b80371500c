#!/usr/bin/env bash
# Installs the system packages BlazorMedia needs, only those missing. Usage: scripts/install-deps.sh run|unit|test|bench
#   run   - what the app needs at run time: nothing (libvips comes bundled in the NetVips.Native NuGet package);
#           unit - the same (the unit lane)
#   test  - what the tests need: Chromium (Playwright), PostgreSQL 15, nginx, OpenSSH's sshd (the SFTP storage tests
#           start their own on a loopback port; the package's service is not used), and the npm tools (s3rver, azurite)
#   bench - the tests' packages and the benchmarks' peers: wrk, vipsthumbnail (Debian's libvips-tools, which pulls in
#           ImageMagick and poppler: no test needs it, so `./test.sh` does not wait for it), Pillow (python3-pil) and the
#           upload bench's Django peer (python3-django 3.2, gunicorn)
set -euo pipefail
cd "$(dirname "$0")/.." # npm ci reads the repository's package-lock.json
mode=${1:-run}
packages=()
case "$mode" in
  test) packages+=(chromium postgresql-15 nginx-light openssh-server) ;;
  bench) packages+=(chromium postgresql-15 nginx-light openssh-server wrk curl time libvips-tools python3-pil python3-django gunicorn) ;;
esac

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

# npm ci starts from an empty node_modules every time (a minute or two); skip it while node_modules holds what this
# package-lock.json describes (a copy of the lock is kept beside it after a successful install).
if { [ "$mode" = test ] || [ "$mode" = bench ]; } && [ -f package-lock.json ] \
   && ! cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
