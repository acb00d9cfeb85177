#!/usr/bin/env bash
# Footprint of the daemon alone with the large sample account (about 1,900 items), measured
# against a separately started simulator so that neither number includes it:
#   1. cold start: a `vault-raider run` process started on a data directory that already holds
#      the store, timed until a client's first answer served from that store
#      (`vault-raider items --limit 1`, polled every 5 ms; the client's own start is included);
#   2. idle resident memory (VmRSS, and the peak VmHWM) of the daemon process after a few seconds.
#
# Usage: scripts/footprint.sh [path/to/vault-raider]   (default: target/release/vault-raider;
# build it first: cargo build --release -p vault-raider --bin vault-raider)
# Every directory it touches (home, data, config) is a temporary one; the simulator's demo
# credentials are passed in the environment, as `vault-raider sim` prints them.
# Knobs: IDLE_SECONDS (5), STARTS (5 timed cold starts), RUST_LOG (warn), EXTRA_ENV (more
# NAME=value pairs for both processes), KEEP_RUNNING=1 (keep the daemon up for inspection until
# Enter is pressed).
set -euo pipefail

bin="${1:-${CARGO_TARGET_DIR:-target}/release/vault-raider}"
[ -x "$bin" ] || { echo "no binary at $bin (build it, or pass its path)" >&2; exit 1; }
idle_seconds="${IDLE_SECONDS:-5}"
starts="${STARTS:-5}"
home="$(mktemp -d)"
data_dir="$home/data"
sim_pid=""
pid=""
cleanup() {
  for p in "$pid" "$sim_pid"; do
    if [ -n "$p" ]; then kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
  done
  rm -rf "$home"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The daemon and the command line see only this home and the simulator's credentials. Processes
# that run in the background are started as `env -i … "$bin" … &` rather than through `vr`, so that
# `$!` is the process itself (`env` execs it), not a subshell.
environment=(PATH="$PATH" HOME="$home" XDG_DATA_HOME="$home/xdg-data" XDG_CONFIG_HOME="$home/xdg-config"
  BUNGIE_API_KEY=demo-api-key BUNGIE_CLIENT_ID=40404 BUNGIE_CLIENT_SECRET=demo-client-secret
  RUST_LOG="${RUST_LOG:-warn}" ${EXTRA_ENV:-})
vr() { env -i "${environment[@]}" "$bin" "$@"; }

sim_port="$(free_port)"
env -i "${environment[@]}" "$bin" sim --large --auto-approve --pacing off --port "$sim_port" >/dev/null 2>&1 &
sim_pid=$!
sim_url="http://127.0.0.1:$sim_port"
for _ in $(seq 1 400); do
  if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$sim_port),0.2)" 2>/dev/null; then break; fi
  sleep 0.05
done
vr login --bungie-url "$sim_url" --data-dir "$data_dir" >/dev/null

port="$(free_port)"
start() {
  env -i "${environment[@]}" "$bin" run --bungie-url "$sim_url" --port "$port" --data-dir "$data_dir" \
    >>"$home/daemon.log" 2>&1 &
  pid=$!
}
stop() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

# Polls until the daemon answers with an item from its store; prints the milliseconds since $1 (ns).
wait_answer() {
  for _ in $(seq 1 6000); do
    if vr items --limit 1 --json --port "$port" --data-dir "$data_dir" 2>/dev/null | grep -q '"id"'; then
      echo $(( ($(date +%s%N) - $1) / 1000000 ))
      return 0
    fi
    sleep 0.005
  done
  echo "the daemon did not answer within 60 s" >&2
  exit 1
}

# First run: the manifest is installed and the account synced into the store.
start
first=$(wait_answer "$(date +%s%N)")
items=$(vr items --limit 5000 --json --port "$port" --data-dir "$data_dir" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["items"]) if isinstance(d,dict) else len(d))')
stop

# Cold starts on the warm data directory.
times=()
for _ in $(seq 1 "$starts"); do
  started=$(date +%s%N)
  start
  times+=("$(wait_answer "$started")")
  stop
done

# Idle memory of one more start.
start
wait_answer "$(date +%s%N)" >/dev/null
sleep "$idle_seconds"
if ! kill -0 "$pid" 2>/dev/null; then
  echo "the daemon exited while idle; its log:" >&2
  tail -20 "$home/daemon.log" >&2
  exit 1
fi
read -r rss_kb hwm_kb anon_kb file_kb threads < <(awk '
  /^VmRSS:/ {rss = $2} /^VmHWM:/ {hwm = $2} /^RssAnon:/ {anon = $2} /^RssFile:/ {file = $2}
  /^Threads:/ {threads = $2} END {print rss, hwm, anon, file, threads}' "/proc/$pid/status")
if [ -n "${KEEP_RUNNING:-}" ]; then
  echo "daemon pid $pid on port $port, data $data_dir; press Enter to stop"; read -r _
fi

sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "binary: $bin"
echo "account: $items items in the store (first start, incl. manifest install and first sync: $first ms)"
echo "cold start to the first answer from the store, $starts starts (ms, sorted): $sorted(target <= 100 ms)"
mb() { echo "$(( $1 / 1024 )).$(( ($1 % 1024) * 10 / 1024 )) MB"; }
echo "idle RSS of the daemon after ${idle_seconds} s: $(mb "$rss_kb") (heap and stacks $(mb "$anon_kb"), mapped files $(mb "$file_kb"); $threads threads), peak $(mb "$hwm_kb") (target <= 25 MB)"
