#!/usr/bin/env bash
# Runs BlazorMedia on its embedded defaults: SQLite (data/blazormedia.db) and the repository's media/ folder, at
# http://127.0.0.1:5000 (the app prints its address once it listens). Another address: ./run.sh --urls http://127.0.0.1:5001
# Nothing to install for images: libvips comes inside the NetVips.Native package.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh run
exec dotnet run --project BlazorMedia --launch-profile http -- "$@"
