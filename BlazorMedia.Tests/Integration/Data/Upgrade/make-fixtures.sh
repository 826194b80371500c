#!/usr/bin/env bash
# Makes the upgrade fixtures: a SQLite file and a PostgreSQL dump created by an OLD version of the app (its own
# migrations, its own history rows), with the media files they name. Usage (from the repository root):
#   BlazorMedia.Tests/Integration/Data/Upgrade/make-fixtures.sh COMMIT
# The fixtures in Fixtures/ were made from aafe44d (the last main with hand-written, provider-neutral migrations).
# For each of SQLite and PostgreSQL the old app, built from COMMIT, runs `seed-demo` (six profiles with avatars,
# thumbnails and reports, folders, counts) and `seed-profiles 20`, then serves while the administrator account
# (HttpAccounts' admin@example.com) registers over HTTP and opens a profile (its signed report link makes the media
# signing key file), with DataProtection:Store=Database so the key ring is rows.
# Needs PostgreSQL 15 (scripts/install-deps.sh test) and curl.
set -euo pipefail
commit=${1:?usage: $0 COMMIT}
cd "$(dirname "$0")"
here=$PWD
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d "${TMPDIR:-/tmp}/bm-fixtures-XXXXXX")
chmod 755 "$work"
pgbin=/usr/lib/postgresql/15/bin
pgpid=""
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null || true
  [ -n "$pgpid" ] && as_postgres "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building $commit"
mkdir "$work/src"
git -C "$repo" archive "$commit" | tar -x -C "$work/src"
dotnet build "$work/src/BlazorMedia/BlazorMedia.csproj" -c Release -o "$work/app" -nologo -clp:ErrorsOnly >/dev/null

# One fixture: $1 = name, then the provider's settings as NAME=VALUE.
make_fixture() {
  local name=$1 out="$work/out/$1" port
  shift
  mkdir -p "$out/media" "$work/spool-$name"
  local -a env=(ASPNETCORE_ENVIRONMENT=Production Accounts__CookieSecurePolicy=SameAsRequest
    Media__Root="$out/media" Media__SigningKeyFile="$out/media-signing.key" Uploads__TempDir="$work/spool-$name"
    DataProtection__Store=Database "$@")
  (cd "$work/app" && env "${env[@]}" dotnet BlazorMedia.dll seed-demo && env "${env[@]}" dotnet BlazorMedia.dll seed-profiles 20) >/dev/null
  port=$(free_port)
  (cd "$work/app" && exec env "${env[@]}" dotnet BlazorMedia.dll --urls "http://127.0.0.1:$port") >"$work/app-$name.log" 2>&1 &
  app=$!
  for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
  local jar="$work/jar-$name" token
  token=$(curl -fsS -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/register" \
    | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fsS -o /dev/null -c "$jar" -b "$jar" -w '%{http_code}\n' "http://127.0.0.1:$port/account/register" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=register" \
    --data-urlencode "Input.Email=admin@example.com" --data-urlencode "Input.Password=Admin-Passw0rd!" \
    --data-urlencode "Input.ConfirmPassword=Admin-Passw0rd!" | grep -qx 302 || { cat "$work/app-$name.log"; exit 1; }
  # The administrator's view of a profile with a report signs its link: that makes Media:SigningKeyFile, encrypted
  # with the key ring in the database.
  curl -fsS -o /dev/null -b "$jar" "http://127.0.0.1:$port/profiles/1"
  [ -f "$out/media-signing.key" ] || { echo "no signing key file made"; exit 1; }
  kill "$app"; wait "$app" 2>/dev/null || true; app=""
}

mkdir -p "$work/out"
make_fixture sqlite Database__Provider=Sqlite "ConnectionStrings__Sqlite=Data Source=$work/out/sqlite/blazormedia.db;Pooling=false"

mkdir "$work/pg"
chown postgres "$work/pg" 2>/dev/null || true
pgport=$(free_port)
as_postgres env LC_ALL=C.UTF-8 "$pgbin/initdb" -D "$work/pg/data" --auth=trust --username=postgres --encoding=UTF8 --no-sync >/dev/null
as_postgres env LC_ALL=C.UTF-8 "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $pgport -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
pgpid=started
"$pgbin/psql" -q -h 127.0.0.1 -p "$pgport" -U postgres -c 'CREATE DATABASE blazormedia'
make_fixture postgresql Database__Provider=PostgreSQL "ConnectionStrings__PostgreSQL=Host=127.0.0.1;Port=$pgport;Username=postgres;Database=blazormedia"
"$pgbin/pg_dump" -h 127.0.0.1 -p "$pgport" -U postgres --no-owner --no-privileges blazormedia >"$work/out/postgresql/blazormedia.sql"

rm -rf "$here/Fixtures"
mkdir -p "$here/Fixtures"
cp -r "$work/out/sqlite" "$work/out/postgresql" "$here/Fixtures/"
echo "$commit" >"$here/Fixtures/COMMIT"
echo "fixtures written to $here/Fixtures (from $commit)"
