#!/usr/bin/env bash
# Writes a complete nginx.conf for BlazorMedia from deploy/nginx/blazormedia.conf.template.
# Usage: deploy/render-nginx-conf.sh OUT LISTEN APP MEDIA_ROOT STATIC_ROOT PREFIX [MAX_BODY=100m]
#   LISTEN 127.0.0.1:8080   APP 127.0.0.1:5000 (the app's --urls)   MEDIA_ROOT /srv/blazormedia/media
#   STATIC_ROOT /opt/blazormedia/wwwroot (the published wwwroot)    PREFIX a folder for nginx's pid, logs and temp files
set -euo pipefail
[ $# -ge 6 ] || { sed -n '2,5p' "$0" >&2; exit 2; }
deploy=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$6"
sed -e "s|@LISTEN@|$2|g" -e "s|@APP@|$3|g" -e "s|@MEDIA_ROOT@|$4|g" -e "s|@STATIC_ROOT@|$5|g" \
    -e "s|@PREFIX@|$6|g" -e "s|@MAX_BODY@|${7:-100m}|g" -e "s|@DEPLOY@|$deploy|g" \
    "$deploy/nginx/blazormedia.conf.template" > "$1"
