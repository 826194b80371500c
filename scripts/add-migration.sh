#!/usr/bin/env bash
# Adds an EF Core migration NAME to each provider's set (SQLite, PostgreSQL, SQL Server), each with its own model
# snapshot, using the repository's dotnet-ef (.config/dotnet-tools.json). Nothing connects to a database: the
# design-time factories in BlazorMedia/Data/ProviderContexts.cs give each context a placeholder connection string.
# Usage: scripts/add-migration.sh NAME      (then review the three migrations and run the Data tests)
set -euo pipefail
name=${1:?usage: $0 NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build BlazorMedia -c Debug -nologo -clp:ErrorsOnly
for set in Sqlite:SqliteMediaDbContext PostgreSQL:PostgresMediaDbContext SqlServer:SqlServerMediaDbContext; do
  dotnet ef migrations add "$name" --no-build --project BlazorMedia --configuration Debug \
    --context "${set#*:}" --output-dir "Data/Migrations/${set%%:*}"
done
