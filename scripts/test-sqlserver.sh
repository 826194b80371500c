#!/usr/bin/env bash
# Runs the database tests (the integration lane's [Trait("Database", "Each")] classes) against a real SQL Server, for
# anyone who has one: none can run on the machines this project is built on, so this has NEVER been run (see
# "Databases" in README.md for what is checked without a server).
# Usage: BLAZORMEDIA_TEST_SQLSERVER='Server=127.0.0.1,1433;User Id=sa;Password=…;TrustServerCertificate=True' scripts/test-sqlserver.sh [-- dotnet test args]
# The login must be allowed to CREATE DATABASE: every test makes its own, named bm_<32 hex digits>, and leaves it (the
# server is not the suite's to clean). To drop them afterwards:
#   SELECT 'DROP DATABASE [' + name + '];' FROM sys.databases WHERE name LIKE 'bm[_]%'
set -euo pipefail
cd "$(dirname "$0")/.."
: "${BLAZORMEDIA_TEST_SQLSERVER:?set BLAZORMEDIA_TEST_SQLSERVER to a connection string of a SQL Server whose login may create databases}"
export BLAZORMEDIA_TEST_SQLSERVER
exec ./test.sh --lane integration --database SqlServer "$@"
