#!/usr/bin/env bash
# Runs one of the app's maintenance verbs, like Django's manage.py:  ./manage.sh VERB [ARGS]   (./manage.sh help)
# Builds the app into artifacts/manage/ only when a source is newer than the last build there (a `find`, a few
# milliseconds; an incremental `dotnet build` costs seconds even when nothing changed), then runs
# `dotnet artifacts/manage/BlazorMedia.dll VERB …` from BlazorMedia/, the content root `dotnet run` gives, in
# Development unless ASPNETCORE_ENVIRONMENT says otherwise. The verb's exit code is the script's.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
out="$root/artifacts/manage"
stamp="$out/.built"

if [ $# -eq 0 ]; then
  echo "usage: ./manage.sh VERB [ARGS]; ./manage.sh help lists the verbs" >&2
  exit 2
fi
if ! [[ "$1" =~ ^[A-Za-z][A-Za-z0-9-]*$ ]]; then
  echo "manage.sh: '$1' is not a verb; ./manage.sh help lists them (the server is ./run.sh)" >&2
  exit 2
fi

# The build's inputs: the project and the repository-wide build settings. Not bin/ and obj/ (build outputs), nor
# data/ (keys and databases the app writes at run time, which would otherwise force a build on every call).
sources=("$root/BlazorMedia" "$root/Directory.Build.props" "$root/Directory.Packages.props" "$root/global.json" "$root/.editorconfig")
changed() {
  [ -f "$stamp" ] && [ -f "$out/BlazorMedia.dll" ] || return 0
  [ -n "$(find "${sources[@]}" \( -path "$root/BlazorMedia/bin" -o -path "$root/BlazorMedia/obj" -o -path "$root/BlazorMedia/data" \) -prune \
    -o -newer "$stamp" -print -quit)" ]
}

mkdir -p "$out"
(
  # One build at a time: a second ./manage.sh waits here, then finds the build done.
  flock 9
  if changed; then
    echo "manage.sh: building the app into artifacts/manage/ (sources changed since the last build)" >&2
    touch "$stamp.next" # before the build, so a file saved during it still counts as newer next time
    log="$(mktemp)"
    if ! dotnet build "$root/BlazorMedia/BlazorMedia.csproj" -o "$out" -nologo -v quiet >"$log" 2>&1; then
      grep -E ': (error|warning) ' "$log" | sort -u >&2 || cat "$log" >&2
      rm -f "$log" "$stamp.next"
      echo "manage.sh: the build failed; nothing was run" >&2
      exit 1
    fi
    rm -f "$log"
    mv "$stamp.next" "$stamp"
  fi
) 9>"$out.lock"

cd "$root/BlazorMedia"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" DOTNET_NOLOGO=1
exec dotnet "$out/BlazorMedia.dll" "$@"
