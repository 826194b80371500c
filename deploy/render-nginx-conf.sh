#!/usr/bin/env bash
# Writes a complete nginx.conf for BlazorMedia from deploy/nginx/blazormedia.conf.template.
# Usage: deploy/render-nginx-conf.sh OUT LISTEN APPS MEDIA_ROOT STATIC_ROOT PREFIX [MAX_BODY=100m]
#   LISTEN 127.0.0.1:8080   APPS 127.0.0.1:5000 (the app's --urls), or several instances comma-separated
#   (127.0.0.1:5001,127.0.0.1:5002: balanced with ip_hash, so a client's circuit stays on one instance)
#   MEDIA_ROOT /srv/blazormedia/media, or - when Storage:Backend=S3 (the app then serves /media/ from the bucket)
#   STATIC_ROOT /opt/blazormedia/wwwroot (the published wwwroot)    PREFIX a folder for nginx's pid, logs and temp files
set -euo pipefail
[ $# -ge 6 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
deploy=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$6"

IFS=, read -r -a apps <<<"$3"
upstream="    upstream blazormedia {"
[ "${#apps[@]}" -gt 1 ] && upstream+=$'\n        ip_hash;'
for app in "${apps[@]}"; do upstream+=$'\n'"        server $app;"; done
upstream+=$'\n        keepalive 32;\n    }'

media=$deploy/nginx/media-local.conf.template
[ "$4" = "-" ] && media=$deploy/nginx/media-app.conf.template

render() {
  sed -e "s|@LISTEN@|$2|g" -e "s|@MEDIA_ROOT@|$4|g" -e "s|@STATIC_ROOT@|$5|g" \
      -e "s|@PREFIX@|$6|g" -e "s|@MAX_BODY@|${7:-100m}|g" -e "s|@DEPLOY@|$deploy|g" "$template"
}
template=$media render "$@" > "$6/media-locations.conf"
template=$deploy/nginx/blazormedia.conf.template render "$@" | awk -v upstream="$upstream" '$0 == "@UPSTREAM@" { print upstream; next } { print }' > "$1"
