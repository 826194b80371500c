#!/usr/bin/env bash
# Media from Azure Blob or SFTP: the app's media endpoint streaming from the backend vs the same files fetched straight
# from the server (bench/s3-serving.sh does the same for S3).
#   BACKEND=AzureBlob: the app (Storage:Backend=AzureBlob) vs GETs straight from Azurite (a public-read container, as a
#     CDN origin or a SAS redirect would be read); wrk on both, as s3-serving.sh.
#   BACKEND=Sftp: the app (Storage:Backend=Sftp) vs the same files read over SFTP by curl (libssh2), one session
#     reused for every download; no HTTP client can load an SFTP server, so both columns are measured the same way:
#     one curl process fetching the URL REQUESTS times in a row over one connection.
# Usage: BACKEND=AzureBlob|Sftp bench/remote-serving.sh   (ROUNDS=5 DURATION=5s CONNECTIONS=20 THREADS=2 REQUESTS=500)
# Needs: wrk, curl, Node (azurite from `npm ci`), /usr/sbin/sshd (openssh-server), the .NET SDK. Everything runs on
# loopback; every process started here is stopped by PID on exit.
set -euo pipefail

BACKEND=${BACKEND:-AzureBlob}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-20}
THREADS=${THREADS:-2}
REQUESTS=${REQUESTS:-500}
REPO=$(cd "$(dirname "$0")/.." && pwd)
"$REPO/scripts/install-deps.sh" bench # wrk, curl, sshd, azurite (npm)

BENCH_NAME=remote-serving
# shellcheck source=bench/lib/servers.sh
source "$REPO/bench/lib/servers.sh"

FILE_4K=thumbnails/ab/abcdef0123456789.webp
FILE_40K=avatars/0f8fad5b-d9cb-469f-a165-70867728950e.png
head -c 4096 /dev/urandom >"$WORK/4k"
head -c 40960 /dev/urandom >"$WORK/40k"

echo "building the app (Release)..." >&2
dotnet publish "$REPO/BlazorMedia/BlazorMedia.csproj" -c Release -o "$WORK/app" --nologo -v quiet >&2
declare -a STORAGE_ENV
case $BACKEND in
  AzureBlob)
    [[ -f $REPO/node_modules/azurite/dist/src/blob/main.js ]] || (cd "$REPO" && npm ci --silent)
    AZ_PORT=$(free_port)
    node "$REPO/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$AZ_PORT" --inMemoryPersistence \
      --skipApiVersionCheck --disableTelemetry >"$WORK/azurite.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 100); do grep -q "successfully listens" "$WORK/azurite.log" && break; sleep 0.2; done
    KEY=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
    CONN="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$AZ_PORT/devstoreaccount1;"
    dotnet run --project "$REPO/bench/BlazorMedia.Bench" -c Release -- azure-put "$CONN" media \
      "$FILE_4K" "$WORK/4k" "$FILE_40K" "$WORK/40k" >&2
    STORAGE_ENV=(Storage__Backend=AzureBlob "Storage__AzureBlob__ConnectionString=$CONN" Storage__AzureBlob__Container=media)
    DIRECT_4K="http://127.0.0.1:$AZ_PORT/devstoreaccount1/media/$FILE_4K"
    DIRECT_40K="http://127.0.0.1:$AZ_PORT/devstoreaccount1/media/$FILE_40K"
    PEER="Azurite $(node -p "require('$REPO/node_modules/azurite/package.json').version")"
    ;;
  Sftp)
    SSH_PORT=$(free_port)
    mkdir -p "$WORK/ssh" "$WORK/root/$(dirname $FILE_4K)" "$WORK/root/$(dirname $FILE_40K)"
    cp "$WORK/4k" "$WORK/root/$FILE_4K"; cp "$WORK/40k" "$WORK/root/$FILE_40K"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/ssh/user_key"
    cp "$WORK/ssh/user_key.pub" "$WORK/ssh/authorized_keys"
    cat >"$WORK/ssh/sshd_config" <<CONF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $WORK/ssh/host_key
PidFile none
AuthorizedKeysFile $WORK/ssh/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
ForceCommand internal-sftp
MaxStartups 100
LogLevel ERROR
CONF
    [[ $(id -u) == 0 ]] && mkdir -p /run/sshd
    /usr/sbin/sshd -D -e -f "$WORK/ssh/sshd_config" 2>"$WORK/sshd.log" &
    PIDS+=($!)
    sleep 0.5
    FP=$(ssh-keygen -l -f "$WORK/ssh/host_key.pub" | awk '{print $2}')
    STORAGE_ENV=(Storage__Backend=Sftp Storage__Sftp__Host=127.0.0.1 "Storage__Sftp__Port=$SSH_PORT" "Storage__Sftp__Username=$(id -un)"
      "Storage__Sftp__PrivateKeyFile=$WORK/ssh/user_key" "Storage__Sftp__HostKeyFingerprint=$FP" "Storage__Sftp__RootPath=$WORK/root")
    DIRECT_4K="sftp://127.0.0.1:$SSH_PORT$WORK/root/$FILE_4K"
    DIRECT_40K="sftp://127.0.0.1:$SSH_PORT$WORK/root/$FILE_40K"
    PEER="OpenSSH $(/usr/sbin/sshd -V 2>&1 | head -1 | cut -d, -f1) internal-sftp"
    ;;
  *) echo "BACKEND must be AzureBlob or Sftp" >&2; exit 2 ;;
esac

APP_PORT=$(free_port)
mkdir -p "$WORK/data"
(cd "$WORK/app" && exec env ASPNETCORE_ENVIRONMENT=Production "${STORAGE_ENV[@]}" \
  Media__SigningKeyFile="$WORK/data/media-signing.key" ConnectionStrings__Sqlite="Data Source=$WORK/data/bench.db" \
  Logging__LogLevel__Default=Warning dotnet BlazorMedia.dll --urls "http://127.0.0.1:$APP_PORT" >"$WORK/app.log" 2>&1) &
PIDS+=($!)
APP=http://127.0.0.1:$APP_PORT
wait_ready "$APP/healthz" "${PIDS[-1]}" || { cat "$WORK/app.log" >&2; exit 1; }

declare -A URL_4K=([app]="$APP/media/$FILE_4K" [direct]="$DIRECT_4K")
declare -A URL_40K=([app]="$APP/media/$FILE_40K" [direct]="$DIRECT_40K")
for t in app direct; do
  for u in "${URL_4K[$t]}" "${URL_40K[$t]}"; do
    curl -fs -o /dev/null ${FP:+-u "$(id -un):" --key "$WORK/ssh/user_key" --pubkey "$WORK/ssh/user_key.pub" --hostpubsha256 "${FP#SHA256:}"} "$u" \
      || { echo "$t: GET $u failed" >&2; cat "$WORK/app.log" >&2; exit 1; }
  done
done

run_once() { # target kind -> "requests/second p50-ms"
  local t=$1 kind=$2 url out
  [[ $kind == 4k ]] && url=${URL_4K[$t]} || url=${URL_40K[$t]}
  if [[ $BACKEND == AzureBlob ]]; then
    out=$(wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$url")
    if grep -q 'Non-2xx or 3xx' <<<"$out"; then echo "$t $kind: error responses" >&2; echo "$out" >&2; exit 1; fi
    echo "$(awk '/Requests\/sec/{print $2}' <<<"$out") $(awk '$1=="50%"{v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) sub(/ms$/,"",v); else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")"
  else
    # One curl, REQUESTS downloads of the same URL over one reused connection (HTTP keep-alive / one SSH session).
    local urls=() start end
    for _ in $(seq 1 "$REQUESTS"); do urls+=("$url" -o /dev/null); done
    start=$(date +%s.%N)
    curl -fs ${FP:+-u "$(id -un):" --key "$WORK/ssh/user_key" --pubkey "$WORK/ssh/user_key.pub" --hostpubsha256 "${FP#SHA256:}"} "${urls[@]}"
    end=$(date +%s.%N)
    awk -v n="$REQUESTS" -v s="$start" -v e="$end" 'BEGIN{ printf "%.2f %.3f\n", n/(e-s), (e-s)*1000/n }'
  fi
}

echo "warming up..." >&2
for t in app direct; do for kind in 4k 40k; do DURATION=2s REQUESTS=100 run_once "$t" "$kind" >/dev/null; done; done

RESULTS=$WORK/results.txt
for round in $(seq 1 "$ROUNDS"); do
  order="app direct"; (( round % 2 == 0 )) && order="direct app"
  for kind in 4k 40k; do
    for t in $order; do
      read -r rps p50 < <(run_once "$t" "$kind")
      echo "$t $kind $rps $p50" >>"$RESULTS"
      echo "round $round/$ROUNDS  $t  $kind  $rps req/s  ${p50} ms" >&2
    done
  done
done

med() { awk -v t="$1" -v k="$2" -v c="$3" '$1==t && $2==k {print $c}' "$RESULTS" | median; }
if [[ $BACKEND == AzureBlob ]]; then how="wrk -t$THREADS -c$CONNECTIONS -d$DURATION; p50 latency"; else how="one curl, $REQUESTS sequential downloads over one connection; mean ms per download"; fi
echo
echo "Medians over $ROUNDS interleaved rounds ($BACKEND, $how; loopback, $(nproc) cores; server: $PEER; load: $(cut -d' ' -f1-3 /proc/loadavg)):"
echo
echo "| request | app streams: req/s | ms | direct from the server: req/s | ms | app/direct req/s |"
echo "|---|---:|---:|---:|---:|---:|"
for kind in 4k 40k; do
  case $kind in 4k) label="GET 4 KB (thumbnail)" ;; 40k) label="GET 40 KB (avatar)" ;; esac
  a=$(med app $kind 3); ap=$(med app $kind 4); d=$(med direct $kind 3); dp=$(med direct $kind 4)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$a" "$ap" "$d" "$dp" "$(awk -v a="$a" -v d="$d" 'BEGIN{ printf "%.2f", a/d }')"
done
