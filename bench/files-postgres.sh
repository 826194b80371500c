#!/usr/bin/env bash
# PostgreSQL's plans (EXPLAIN ANALYZE) of every statement /files and /profiles send for keyset paging and prefix search,
# at 100,000 files in one folder and 100,000 profiles, on a private PostgreSQL 15 (the tests' own server, installed by
# scripts/install-deps.sh test). Marks and fails on any sequential scan. The SQLite counterpart is bench/files.sh.
# Usage: bench/files-postgres.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
uptime
dotnet "$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll" files-postgres-plans
