#!/usr/bin/env bash
# Installs what the tests need (Chromium, PostgreSQL, nginx, wrk, the bench peers vipsthumbnail and Pillow, npm tools), builds with warnings as
# errors, and runs every test twice: on SQLite, then with every database test on a PostgreSQL 15 the suite starts
# (BLAZORMEDIA_TEST_DATABASE=PostgreSQL). Screenshots land in artifacts/screenshots/.
# Prints one summary line per pass and fails when either pass fails. Extra arguments go to both `dotnet test` runs.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test

dotnet build BlazorMedia.sln -c Release -nologo -clp:ErrorsOnly

# Runs the suite on one database; prints "tests (DB): N passed, N failed, N skipped" from the runner's TRX counters.
run_pass() {
  local database=$1 results=TestResults/$1 status
  shift
  rm -rf "$results"
  set +e
  BLAZORMEDIA_TEST_DATABASE=$database dotnet test BlazorMedia.Tests -c Release --no-build --nologo \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
  status=$?
  set -e
  local trx counters
  trx=$(find "$results" -name results.trx 2>/dev/null | head -n 1)
  counters=$([ -n "$trx" ] && grep -o '<Counters [^>]*>' "$trx" || true)
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  if [ -z "$counters" ]; then
    summary="tests ($database): no results from dotnet test (exit $status)"
    [ "$status" -eq 0 ] && status=1
  elif [ "$status" -ne 0 ] && [ "$(count failed)" = 0 ]; then
    # A crashed test host leaves counters that look clean; never print a passing line for it.
    summary="tests ($database): run aborted (exit $status) after $(count passed) passed"
  else
    summary="tests ($database): $(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
  fi
  [ -n "$trx" ] && failures+=$(failed_tests "$database" "$trx")
  return "$status"
}

# Each failed test's name and the first lines of its message, from the TRX: CI shows only the end of the log, so the
# reason has to be printed last, next to the summary lines.
failed_tests() {
  awk -v db="$1" '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); printf "\nFAILED (%s) %s\n", db, substr($0, RSTART + 10, RLENGTH - 11); failed = 1; lines = 0 }
    failed && /<Message>/ { inmsg = 1; sub(/.*<Message>/, "") }
    failed && inmsg { end = sub(/<\/Message>.*/, ""); if (lines++ < 12) print "  " $0; if (end) inmsg = failed = 0 }
  ' "$2" | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
}

# Every temporary folder the tests make (app media roots, PostgreSQL data folders of a few GB, published apps) goes
# under one folder removed when the run ends, however it ends: the suite's own clean-up runs at process exit, and a
# test host that is killed or times out skips it. Readable by the 'postgres' user, which runs the test PostgreSQL.
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/bm-testrun-XXXXXX")
chmod 755 "$TMPDIR"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

rm -rf TestResults
overall=0
summaries=()
failures=""
for database in Sqlite PostgreSQL; do
  summary=""
  run_pass "$database" "$@" || overall=1
  summaries+=("$summary")
done
[ -n "$failures" ] && printf '%s\n' "$failures"
printf '%s\n' "${summaries[@]}"
exit "$overall"
