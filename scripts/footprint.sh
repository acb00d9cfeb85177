#!/usr/bin/env bash
# Footprint of the daemon with the large sample account (about 1,900 items):
#   1. cold start to the first answer served from the store (a process started on a data directory
#      that already holds the store, timed until `vault-raider items` answers);
#   2. idle resident memory (VmRSS) a few seconds after that.
# `run` is not available yet, so this measures `vault-raider demo --large`, whose process also
# holds the simulator: both numbers are upper bounds for the daemon alone.
#
# Usage: scripts/footprint.sh [path/to/vault-raider]   (default: target/debug/vault-raider;
# build it first: cargo build -p vault-raider --bin vault-raider [--release])
set -euo pipefail

bin="${1:-${CARGO_TARGET_DIR:-target}/debug/vault-raider}"
[ -x "$bin" ] || { echo "no binary at $bin (build it, or pass its path)" >&2; exit 1; }
idle_seconds="${IDLE_SECONDS:-5}"
data_dir="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() {
  port="$(free_port)"; sim_port="$(free_port)"
  RUST_LOG=warn "$bin" demo --large --clock off --data-dir "$data_dir" \
    --port "$port" --sim-port "$sim_port" >/dev/null 2>&1 &
  pid=$!
}

wait_answer() {
  for _ in $(seq 1 600); do
    if "$bin" items --limit 1 --json --port "$port" --data-dir "$data_dir" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.05
  done
  echo "the daemon did not answer within 30 s" >&2
  exit 1
}

# First run: sign in, install the manifest, first sync into the store.
start
wait_answer
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

# Second run: a cold process on a warm data directory.
started=$(date +%s%N)
start
wait_answer
answered=$(date +%s%N)
sleep "$idle_seconds"
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")

echo "binary: $bin"
echo "cold start to the first answer from the store: $(( (answered - started) / 1000000 )) ms (target <= 100 ms)"
echo "idle RSS after ${idle_seconds} s (daemon + simulator): $(( rss_kb / 1024 )) MB (target <= 25 MB)"
