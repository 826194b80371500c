#!/usr/bin/env bash
# Runs the tests in lanes, cheapest first (see "Testing" in README.md):
#   ./test.sh            install what the tests need, build, then
#                        1. unit lane (stops at its first failure, and then nothing else runs),
#                        2. integration lane on SQLite, 3. its database tests again on PostgreSQL 15,
#                        4. browser lane (Playwright, Chromium) with the deployment tests.
#   ./test.sh --fast     the unit lane alone: no servers, no browser; a minute or two.
#   ./test.sh --lane unit|integration|browser [--database Sqlite|PostgreSQL]
#                        one lane (integration: on that database only).
# Arguments after `--` go to every `dotnet test` (e.g. -- --filter "FullyQualifiedName~Library"; a filter is combined
# with the lane's own).
# Prints the failed tests' messages, then the install and build times, one summary line per lane and the total, and
# exits non-zero when any lane fails.
set -euo pipefail
cd "$(dirname "$0")"

mode=all lane="" database=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fast) mode=fast; shift ;;
    --lane) mode=lane; lane=$2; shift 2 ;;
    --database) database=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "test.sh: unknown argument '$1' (see the comment at the top of test.sh)" >&2; exit 2 ;;
  esac
done
# A --filter among them is combined with a lane's own filter; the rest is passed on as given.
extra=() user_filter=""
while [ $# -gt 0 ]; do
  if [ "$1" = --filter ]; then user_filter=$2; shift 2; else extra+=("$1"); shift; fi
done

# Every temporary folder of a run (app media roots, PostgreSQL data folders of a few GB, published apps) goes under one
# folder, and every process the tests start carries BLAZORMEDIA_TEST_RUN=<that folder> in its environment. When the run
# ends, however it ends (a killed or timed-out test host skips its own clean-up), both go: no server and no folder
# outlives the run. A run killed outright (SIGKILL) is cleaned up by the next one: a marker whose folder has no live
# owner is stale.
kill_run() { # kill_run FOLDER: every process started under that run, then its folder
  local pid
  for pid in $(grep -lzx "BLAZORMEDIA_TEST_RUN=$1" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
    [ "$pid" != $$ ] && kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$1"
}
for stale in $(grep -ahzo "BLAZORMEDIA_TEST_RUN=[^[:cntrl:]]*" /proc/[0-9]*/environ 2>/dev/null | tr '\0' '\n' | sort -u | cut -d= -f2-); do
  owner=$(cat "$stale/.owner" 2>/dev/null || true)
  { [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; } || { echo "test.sh: stopping what an earlier, killed run left: $stale"; kill_run "$stale"; }
done
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/bm-testrun-XXXXXX")
chmod 755 "$TMPDIR" # the 'postgres' user runs the test PostgreSQL in here
echo $$ > "$TMPDIR/.owner"
export TMPDIR BLAZORMEDIA_TEST_RUN=$TMPDIR
trap 'kill_run "$TMPDIR"' EXIT
trap 'exit 130' INT TERM

# Installing (apt and npm: network and disc) and building (CPU) need nothing from each other, so they run side by
# side; the install's output is printed when both are done.
started=$SECONDS
case "$mode:$lane" in
  fast:|lane:unit) deps=unit ;;
  *) deps=test ;;
esac
( status=0; scripts/install-deps.sh "$deps" > "$TMPDIR/install.log" 2>&1 || status=$?
  echo $(( SECONDS - started )) > "$TMPDIR/install.seconds"; exit "$status" ) &
install=$!

projects=(BlazorMedia.Tests/Unit)
[ "$mode" = all ] && projects=(BlazorMedia.sln)
[ "$mode" = lane ] && projects=("BlazorMedia.Tests/${lane^}")
for p in "${projects[@]}"; do
  [ -e "$p" ] || { echo "test.sh: no lane '$lane' (unit, integration, browser)" >&2; exit 2; }
  dotnet build "$p" -c Release -nologo -clp:ErrorsOnly
done
built=$(( SECONDS - started ))
installed=ok
wait "$install" || installed=failed
cat "$TMPDIR/install.log"
[ "$installed" = ok ] || { echo "test.sh: scripts/install-deps.sh $deps failed (its output is above)" >&2; exit 1; }

rm -rf TestResults && mkdir TestResults
prepared="install: $(cat "$TMPDIR/install.seconds") s, build: $built s (side by side, $(( SECONDS - started )) s)" summaries=() failures="" overall=0

# Runs one lane: run_lane NAME PROJECT DATABASE FILTER STOP_ON_FAIL; records a summary line from the TRX counters and
# the failed tests' messages.
run_lane() {
  local name=$1 project=$2 db=$3 filter=$4 stop=$5 status started summary
  local results="TestResults/${name// /-}" args=() hang=${BLAZORMEDIA_TEST_HANG:-8m}
  [ -n "$filter" ] && [ -n "$user_filter" ] && filter="($filter)&($user_filter)"
  [ -z "$filter" ] && filter=$user_filter
  [ -n "$filter" ] && args+=(--filter "$filter")
  args+=("${extra[@]}")
  [ "$stop" = stop ] && args+=(-- xUnit.StopOnFail=true)
  started=$SECONDS
  set +e
  # --blame-hang: when no test starts or ends for $hang, the test host is stopped and the lane fails naming the tests
  # that were running, instead of holding CI until its limit (a browser test once waited on a promise forever).
  BLAZORMEDIA_TEST_DATABASE=$db dotnet test "$project" -c Release --no-build --nologo \
    --blame-hang --blame-hang-timeout "$hang" --blame-hang-dump-type none \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" "${args[@]}"
  status=$?
  set -e
  local trx counters
  trx=$(find "$results" -name results.trx 2>/dev/null | head -n 1)
  counters=$([ -n "$trx" ] && grep -o '<Counters [^>]*>' "$trx" || true)
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  local took="$(( SECONDS - started )) s"
  if [ -z "$counters" ]; then
    summary="$name: no results from dotnet test (exit $status), $took"
    [ "$status" -eq 0 ] && status=1
  elif [ "$status" -ne 0 ] && [ "$(count failed)" = 0 ]; then
    # A crashed test host leaves counters that look clean; never print a passing line for it.
    summary="$name: run aborted (exit $status) after $(count passed) passed, $took"
  else
    summary="$name: $(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped, $took"
  fi
  summaries+=("$summary")
  [ -n "$trx" ] && failures+=$(failed_tests "$name" "$trx")
  # A hang stopped by --blame-hang: the tests that never completed, from blame's sequence file.
  # (The TRX logger keeps a copy of the file: each name once.)
  local hung
  hung=$(find "$results" -name 'Sequence_*.xml' -exec sed -nE 's/.*<Test Name="([^"]*)".* Completed="False".*/\1/p' {} + 2>/dev/null | sort -u)
  [ -n "$hung" ] && failures+=$(printf '\nHUNG (%s, stopped after %s without progress) %s' "$name" "$hang" $hung)
  return "$status"
}

# Each failed test's name and the first lines of its message, from the TRX: CI shows only the end of the log, so the
# reason has to be printed last, next to the summary lines.
failed_tests() {
  awk -v lane="$1" '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); printf "\nFAILED (%s) %s\n", lane, substr($0, RSTART + 10, RLENGTH - 11); failed = 1; lines = 0 }
    failed && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    failed && inmsg { end = sub(/<\/Message>.*/, ""); if (lines++ < 12) print "  " $0; if (end) inmsg = failed = 0 }
  ' "$2" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}

report() {
  [ -n "$failures" ] && printf '%s\n' "$failures"
  echo "$prepared"
  [ ${#summaries[@]} -eq 0 ] || printf '%s\n' "${summaries[@]}"
  echo "total: $SECONDS s"
}

unit=BlazorMedia.Tests/Unit integration=BlazorMedia.Tests/Integration browser=BlazorMedia.Tests/Browser
case "$mode:$lane" in
  fast:|lane:unit)
    run_lane unit "$unit" Sqlite "" stop || overall=1 ;;
  lane:integration)
    db=${database:-Sqlite}
    run_lane "integration ($db)" "$integration" "$db" "$([ "$db" = Sqlite ] || echo Database=Each)" go || overall=1 ;;
  lane:browser)
    run_lane browser "$browser" "${database:-Sqlite}" "" go || overall=1 ;;
  all:)
    # The unit lane gates the rest: a broken build of the basics is not worth 15 minutes of servers and browsers.
    if run_lane unit "$unit" Sqlite "" stop; then
      run_lane "integration (Sqlite)" "$integration" Sqlite "" go || overall=1
      # Only the tests that exercise the database run again on PostgreSQL; storage-server tests need not. (Run beside
      # the browser lane, on 2026-12-04, it took 987 s and the browser lane 1,150 s; one after the other they had taken
      # 273 s and 794 s on a busier machine: the browser lane is not idle enough to share 2 cores.)
      run_lane "integration (PostgreSQL)" "$integration" PostgreSQL "Database=Each" go || overall=1
      run_lane browser "$browser" Sqlite "" go || overall=1
    else
      overall=1
    fi ;;
  *) echo "test.sh: no lane '$lane' (unit, integration, browser)" >&2; exit 2 ;;
esac
report
exit "$overall"
