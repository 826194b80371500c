#!/usr/bin/env bash
# Installs what the tests need (Chromium, libvips, PostgreSQL, nginx, wrk, npm tools), builds with warnings as
# errors, and runs every test. Screenshots land in artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test

dotnet build BlazorMedia.sln -c Release -nologo -clp:ErrorsOnly

results=TestResults
rm -rf "$results"
set +e
dotnet test BlazorMedia.Tests -c Release --no-build --nologo --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
set -e

# One plain closing line, "N passed, N failed, N skipped", from the runner's own TRX counters.
trx=$(find "$results" -name results.trx 2>/dev/null | head -n 1)
counters=$([ -n "$trx" ] && grep -o '<Counters [^>]*>' "$trx" || true)
count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
if [ -z "$counters" ]; then
  echo "tests: no results from dotnet test (exit $status)"
  [ "$status" -eq 0 ] && status=1
elif [ "$status" -ne 0 ] && [ "$(count failed)" = 0 ]; then
  # A crashed test host leaves counters that look clean; never print a passing line for it.
  echo "tests: run aborted (exit $status) after $(count passed) passed"
else
  echo "tests: $(count passed) passed, $(count failed) failed, $(( $(count total) - $(count executed) )) skipped"
fi
exit "$status"
