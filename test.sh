#!/usr/bin/env bash
# Installs what the tests need (Chromium, libvips, PostgreSQL, nginx, wrk, npm tools), builds with warnings as
# errors, and runs every test. Screenshots land in artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test

dotnet build BlazorMedia.sln -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test BlazorMedia.Tests -c Release --no-build --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line: "N passed, N failed, N skipped", taken from the runner's own summary.
if grep -q "Test Run Aborted" "$log"; then
  echo "tests: run aborted (the test host crashed); see the output above"
  exit 1
fi
summary=$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  skipped=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<<"$summary")
  echo "tests: $passed passed, $failed failed, $skipped skipped"
else
  echo "tests: no summary from dotnet test (exit $status)"
  [ "$status" -eq 0 ] && status=1
fi
exit "$status"
