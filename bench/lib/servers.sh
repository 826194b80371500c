# Shared by the serving benches: loopback ports, bounded readiness polls, medians, and processes stopped by PID.
# Source it after `set -euo pipefail`; it sets WORK (a fresh temp dir) and PIDS, and cleans both up on exit.
WORK=$(mktemp -d -t "bm-bench-${BENCH_NAME:-bench}-XXXXXX")
# Started as root, nginx's workers drop to an unprivileged user; they must be able to read what is under WORK.
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() { # url pid: bounded poll until the server answers; give up at once if it exited
  for _ in $(seq 1 120); do
    curl -fs -m 5 -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "server for $1 exited" >&2; return 1; }
    sleep 0.5
  done
  echo "server at $1 did not become ready" >&2; return 1
}

median() { sort -g | awk '{v[NR]=$1} END{ if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
