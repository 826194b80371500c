#!/usr/bin/env bash
# Media from S3: the app's media endpoint streaming objects from the bucket (Storage:Backend=S3, no CustomDomain) vs
# the same objects fetched straight from the S3 server, which is what a redirect to a presigned URL would send the
# browser to (a redirect adds one round trip to the app on top of that, so the direct figure bounds it from above).
# Requests/second and p50 latency for a 4 KB thumbnail, a 40 KB avatar and a 304 revalidation, interleaved over
# several rounds.
#
# Usage: bench/s3-serving.sh          (ROUNDS=5 DURATION=5s CONNECTIONS=20 THREADS=2)
# Needs: wrk, curl, Node (s3rver from `npm ci`), the .NET SDK. Everything runs on loopback; every process started here
# is stopped by PID on exit. s3rver is single-threaded Node, so both columns share its ceiling: the ratio is what
# streaming through the app costs over going to the bucket directly on the same S3 server.
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-20}
THREADS=${THREADS:-2}
REPO=$(cd "$(dirname "$0")/.." && pwd)

(cd "$REPO" && scripts/install-deps.sh bench) # wrk, curl, s3rver (npm)

BENCH_NAME=s3-serving
# shellcheck source=bench/lib/servers.sh
source "$REPO/bench/lib/servers.sh"

S3_PORT=$(free_port)
mkdir -p "$WORK/s3"
node --openssl-legacy-provider "$REPO/node_modules/s3rver/bin/s3rver.js" -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --no-vhost-buckets \
  --configure-bucket media --silent >"$WORK/s3rver.log" 2>&1 &
PIDS+=($!)
S3=http://127.0.0.1:$S3_PORT
wait_ready "$S3/media" "${PIDS[-1]}" || { cat "$WORK/s3rver.log" >&2; exit 1; }

# The objects, put straight into the bucket (s3rver takes unsigned requests).
FILE_4K=thumbnails/ab/abcdef0123456789.webp
FILE_40K=avatars/0f8fad5b-d9cb-469f-a165-70867728950e.png
head -c 4096 /dev/urandom >"$WORK/4k"
head -c 40960 /dev/urandom >"$WORK/40k"
curl -fs -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$WORK/4k" "$S3/media/$FILE_4K" >/dev/null
curl -fs -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$WORK/40k" "$S3/media/$FILE_40K" >/dev/null

echo "building the app (Release)..." >&2
dotnet publish "$REPO/BlazorMedia/BlazorMedia.csproj" -c Release -o "$WORK/app" --nologo -v quiet >&2
APP_PORT=$(free_port)
mkdir -p "$WORK/data"
(cd "$WORK/app" && exec env ASPNETCORE_ENVIRONMENT=Production \
  Storage__Backend=S3 Storage__S3__ServiceUrl="$S3" Storage__S3__ForcePathStyle=true Storage__S3__Bucket=media \
  Storage__S3__AccessKey=S3RVER Storage__S3__SecretKey=S3RVER \
  Media__SigningKeyFile="$WORK/data/media-signing.key" \
  ConnectionStrings__Sqlite="Data Source=$WORK/data/bench.db" \
  Logging__LogLevel__Default=Warning \
  dotnet BlazorMedia.dll --urls "http://127.0.0.1:$APP_PORT" >"$WORK/app.log" 2>&1) &
PIDS+=($!)
APP=http://127.0.0.1:$APP_PORT
wait_ready "$APP/healthz" "${PIDS[-1]}" || { cat "$WORK/app.log" >&2; exit 1; }

# The "direct" column reads the same bucket directory through a second s3rver, restarted before each of its runs:
# s3rver 3.7 leaks a file descriptor on every 304 it answers (about 5,500 per 4 s run here), and the hard limit of
# open files (ulimit -Hn) would stop it within the rounds. The app's s3rver never answers a 304 (the app revalidates
# with a HEAD), so it runs throughout, as a real bucket would.
DIRECT_PORT=$(free_port)
DIRECT=http://127.0.0.1:$DIRECT_PORT
DIRECT_PID=
start_direct() {
  if [[ -n $DIRECT_PID ]]; then kill "$DIRECT_PID" 2>/dev/null || true; wait "$DIRECT_PID" 2>/dev/null || true; fi
  node --openssl-legacy-provider "$REPO/node_modules/s3rver/bin/s3rver.js" -d "$WORK/s3" -a 127.0.0.1 -p "$DIRECT_PORT" \
    --no-vhost-buckets --silent >>"$WORK/s3rver-direct.log" 2>&1 &
  DIRECT_PID=$!
  PIDS+=("$DIRECT_PID")
  wait_ready "$DIRECT/media/$FILE_4K" "$DIRECT_PID" || { cat "$WORK/s3rver-direct.log" >&2; exit 1; }
  # A fresh Node process runs its GET path cold: warm it as long as a measured run, with plain GETs (no 304s).
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$DIRECT/media/$FILE_40K" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$DIRECT/media/$FILE_4K" >/dev/null
}
start_direct

declare -A URL_4K=([app]="$APP/media/$FILE_4K" [direct]="$DIRECT/media/$FILE_4K")
declare -A URL_40K=([app]="$APP/media/$FILE_40K" [direct]="$DIRECT/media/$FILE_40K")
declare -A ETAG
for t in app direct; do
  for u in "${URL_4K[$t]}" "${URL_40K[$t]}"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$u")
    [[ $code == 200 ]] || { echo "$t: GET $u gave $code, expected 200" >&2; cat "$WORK/app.log" >&2; exit 1; }
  done
  ETAG[$t]=$(curl -sI "${URL_4K[$t]}" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: ${ETAG[$t]}" "${URL_4K[$t]}")
  [[ $code == 304 ]] || { echo "$t: revalidation gave $code, expected 304" >&2; exit 1; }
done

run_wrk() { # target kind -> "requests/second p50-ms"
  local t=$1 kind=$2 out
  case $kind in
    4k) out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${URL_4K[$t]}") ;;
    40k) out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "${URL_40K[$t]}") ;;
    304) out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "If-None-Match: ${ETAG[$t]}" "${URL_4K[$t]}") ;;
  esac
  if grep -q 'Non-2xx or 3xx' <<<"$out"; then echo "$t $kind: error responses during the run" >&2; echo "$out" >&2; exit 1; fi
  local rps p50
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms$/,"",v); else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p50"
}

echo "warming up..." >&2
for t in app direct; do for kind in 4k 40k 304; do
  if [[ $t == direct ]]; then start_direct; fi
  DURATION=2s run_wrk "$t" "$kind" >/dev/null
done; done

RESULTS=$WORK/results.txt
for round in $(seq 1 "$ROUNDS"); do
  order="app direct"; (( round % 2 == 0 )) && order="direct app"
  for kind in 4k 40k 304; do
    for t in $order; do
      if [[ $t == direct ]]; then start_direct; fi
      read -r rps p50 < <(run_wrk "$t" "$kind")
      [[ -n ${rps:-} ]] || { echo "$t $kind: no figure (see above)" >&2; exit 1; }
      echo "$t $kind $rps $p50" >>"$RESULTS"
      echo "round $round/$ROUNDS  $t  $kind  $rps req/s  p50 $p50 ms" >&2
    done
  done
done

med() { awk -v t="$1" -v k="$2" -v c="$3" '$1==t && $2==k {print $c}' "$RESULTS" | median; }

echo
echo "Medians over $ROUNDS interleaved rounds (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, loopback, $(nproc) cores; S3 = s3rver $(node -p "require('$REPO/node_modules/s3rver/package.json').version")):"
echo
echo "| request | app streams: req/s | p50 ms | direct from S3: req/s | p50 ms | app/direct req/s |"
echo "|---|---:|---:|---:|---:|---:|"
for kind in 4k 40k 304; do
  case $kind in 4k) label="GET 4 KB (thumbnail)" ;; 40k) label="GET 40 KB (avatar)" ;; 304) label="304 If-None-Match" ;; esac
  a=$(med app $kind 3); ap=$(med app $kind 4); d=$(med direct $kind 3); dp=$(med direct $kind 4)
  ratio=$(awk -v a="$a" -v d="$d" 'BEGIN{ printf "%.2f", a/d }')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$a" "$ap" "$d" "$dp" "$ratio"
done
