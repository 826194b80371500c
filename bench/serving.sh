#!/usr/bin/env bash
# Media endpoint vs nginx: requests/second for a 4 KB and a 40 KB file and for 304 revalidations, interleaved over
# several rounds so machine noise hits both servers alike. Prints a Markdown table of medians and app/nginx ratios
# (targets: >= 0.6x on 200s, >= 0.8x on 304s).
#
# Usage: bench/serving.sh            (ROUNDS=5 DURATION=5s CONNECTIONS=50 THREADS=2 TARGETS="app nginx")
# Needs: wrk, nginx-light (apt-get install -y wrk nginx-light), the .NET SDK, and an app whose IFileStorage is the
# file-system backend with the media endpoint mapped. Everything runs on loopback; every process started here is
# stopped by PID on exit.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
TARGETS=${TARGETS:-"app nginx"}
REPO=$(cd "$(dirname "$0")/.." && pwd)

"$REPO/scripts/install-deps.sh" bench # wrk, nginx, curl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

BENCH_NAME=serving
# shellcheck source=bench/lib/servers.sh
source "$REPO/bench/lib/servers.sh"

# The media root: a content-addressed thumbnail (immutable) and an avatar-sized image.
ROOT=$WORK/media
mkdir -p "$ROOT/thumbnails/ab" "$ROOT/avatars"
head -c 4096 /dev/urandom >"$ROOT/thumbnails/ab/abcdef0123456789.webp"
head -c 40960 /dev/urandom >"$ROOT/avatars/0f8fad5b-d9cb-469f-a165-70867728950e.png"
cp "$REPO/BlazorMedia/wwwroot/favicon.svg" "$ROOT/favicon.svg"
chmod -R a+rX "$ROOT"
FILE_4K=media/thumbnails/ab/abcdef0123456789.webp
FILE_40K=media/avatars/0f8fad5b-d9cb-469f-a165-70867728950e.png

declare -A BASE
if [[ " $TARGETS " == *" app "* ]]; then
  echo "building the app (Release)..." >&2
  dotnet publish "$REPO/BlazorMedia/BlazorMedia.csproj" -c Release -o "$WORK/app" --nologo -v quiet >&2
  APP_PORT=$(free_port)
  mkdir -p "$WORK/data"
  (cd "$WORK/app" && exec env ASPNETCORE_ENVIRONMENT=Production \
    Media__Root="$ROOT" Media__SigningKeyFile="$WORK/data/media-signing.key" \
    ConnectionStrings__Sqlite="Data Source=$WORK/data/bench.db" \
    Logging__LogLevel__Default=Warning \
    dotnet BlazorMedia.dll --urls "http://127.0.0.1:$APP_PORT" >"$WORK/app.log" 2>&1) &
  PIDS+=($!)
  BASE[app]=http://127.0.0.1:$APP_PORT
  wait_ready "${BASE[app]}/healthz" "${PIDS[-1]}" || { cat "$WORK/app.log" >&2; exit 1; }
fi
if [[ " $TARGETS " == *" nginx "* ]]; then
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx"
  sed -e "s|@PREFIX@|$WORK/nginx|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@ROOT@|$ROOT|g" \
    "$REPO/bench/serving/nginx.conf.template" >"$WORK/nginx/nginx.conf"
  "$NGINX" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
  PIDS+=($!)
  BASE[nginx]=http://127.0.0.1:$NGINX_PORT
  wait_ready "${BASE[nginx]}/$FILE_4K" "${PIDS[-1]}" || { cat "$WORK/nginx/error.log" >&2; exit 1; }
fi

# Each server's own ETag, and a check that it really serves both files and answers 304 to it.
declare -A ETAG
for t in $TARGETS; do
  for f in "$FILE_4K" "$FILE_40K"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "${BASE[$t]}/$f")
    [[ $code == 200 ]] || { echo "$t: GET /$f gave $code, expected 200 (is the media endpoint wired to the file-system storage?)" >&2; exit 1; }
  done
  ETAG[$t]=$(curl -sI "${BASE[$t]}/$FILE_4K" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: ${ETAG[$t]}" "${BASE[$t]}/$FILE_4K")
  [[ $code == 304 ]] || { echo "$t: revalidation gave $code, expected 304" >&2; exit 1; }
done

run_wrk() { # target kind -> requests/second
  local t=$1 kind=$2 out
  case $kind in
    4k) out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE[$t]}/$FILE_4K") ;;
    40k) out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE[$t]}/$FILE_40K") ;;
    304) out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "If-None-Match: ${ETAG[$t]}" "${BASE[$t]}/$FILE_4K") ;;
    # The same small file through ASP.NET's own MapStaticAssets (app) and nginx: the framework's ceiling here.
    static) if [[ $t == app ]]; then out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE[$t]}/favicon.svg")
            else out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${BASE[$t]}/media/favicon.svg"); fi ;;
  esac
  if grep -q 'Non-2xx or 3xx' <<<"$out"; then echo "$t $kind: error responses during the run" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/{print $2}' <<<"$out"
}

echo "warming up..." >&2
for t in $TARGETS; do for kind in 4k 40k 304 static; do DURATION=2s run_wrk "$t" "$kind" >/dev/null; done; done

RESULTS=$WORK/results.txt
for round in $(seq 1 "$ROUNDS"); do
  # Alternate which server goes first so neither always runs on a warmer or cooler machine.
  order=$TARGETS; (( round % 2 == 0 )) && order=$(tr ' ' '\n' <<<"$TARGETS" | tac | tr '\n' ' ')
  for kind in 4k 40k 304 static; do
    for t in $order; do
      rps=$(run_wrk "$t" "$kind")
      echo "$t $kind $rps" >>"$RESULTS"
      echo "round $round/$ROUNDS  $t  $kind  $rps req/s" >&2
    done
  done
done

med() { awk -v t="$1" -v k="$2" '$1==t && $2==k {print $3}' "$RESULTS" | median; }

echo
echo "Median requests/second over $ROUNDS interleaved rounds (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, loopback, $(nproc) cores):"
echo
echo "| request | app | nginx | app/nginx | target |"
echo "|---|---:|---:|---:|---:|"
for kind in 4k 40k 304 static; do
  case $kind in 4k) label="GET 4 KB (thumbnail)"; target=0.6 ;; 40k) label="GET 40 KB (avatar)"; target=0.6 ;; 304) label="304 If-None-Match"; target=0.8 ;;
    static) label="peer: 220 B static asset (app: MapStaticAssets)"; target="-" ;; esac
  a=$( [[ " $TARGETS " == *" app "* ]] && med app $kind || echo "-")
  n=$( [[ " $TARGETS " == *" nginx "* ]] && med nginx $kind || echo "-")
  ratio=$(awk -v a="$a" -v n="$n" 'BEGIN{ if (a+0>0 && n+0>0) printf "%.2f", a/n; else print "-" }')
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$a" "$n" "$ratio" "$( [[ $target == - ]] && echo "reference" || echo ">= $target")"
done
