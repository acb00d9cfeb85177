#!/usr/bin/env bash
# The Windows part of CI (called by .ci/run): cross-builds the daemon and the platform-independent
# tests for x86_64-pc-windows-gnu, runs those tests under Wine, then a smoke test in which
# `vault-raider.exe demo` runs under Wine and a Linux client pairs, syncs and moves an item over
# the protocol. Prints the time each stage took. Which tests run where: README, "Windows".
#
# The tests run under Wine (WIN_TESTS below): the simulator crate's unit tests (its world), the
# daemon library's unit tests (store, sync, moves, search, server, desktop seams, and on Windows the registry, Run value and token-file
# ACL against the real Wine registry and file system), then the Bungie client against the simulator,
# the simulator's game rules, the store, the moves executor, the protocol server, the whole product
# over real sockets, and the command line end to end. The tray, toasts and Credential Manager need a
# real Windows desktop: they are compiled here and tested through their seams.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/windows/env.sh

# The daemon library's unit tests, and one test crate (daemon/tests/windows/main.rs) that includes
# by path the platform-independent modules of the area crates: bungie::against_the_simulator,
# sim::game_rules, store::small_tables and store::inventory, moves::executor,
# server::against_a_fake_backend, product::smoke and cli::commands. One test program links much
# faster than seven.
WIN_TESTS=(--lib --test windows)

stage_start=$SECONDS
stage() {
  echo "== windows: $1 took $((SECONDS - stage_start)) s"
  stage_start=$SECONDS
}

echo "== windows: building the daemon and the tests for $WIN_TARGET"
win_cargo test -p vault-raider-sim --lib --no-run
win_cargo test -p vault-raider --no-run "${WIN_TESTS[@]}"
stage "the cross build"

win_prepare_wine
stage "the Wine prefix"

echo "== windows: the tests under Wine"
# Tests that spawn vault-raider.exe each start a Wine process; one at a time keeps 2 cores usable.
win_cargo test -p vault-raider-sim --lib -- --test-threads=2
win_cargo test -p vault-raider "${WIN_TESTS[@]}" -- --test-threads=2
stage "the tests under Wine"

echo "== windows: smoke test (vault-raider.exe demo under Wine, a Linux client)"
exe="$WIN_TARGET_DIR/$WIN_TARGET/debug/vault-raider.exe"
file "$exe" | grep -q "PE32+ executable" || { file "$exe"; echo "not a 64-bit Windows program" >&2; exit 1; }
smoke_dir="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
sim_port=$((port + 1))
win_run "$exe" demo --port "$port" --sim-port "$sim_port" --data-dir "$smoke_dir/data" \
  >"$smoke_dir/demo.log" 2>&1 &
demo_pid=$!
cleanup() {
  kill "$demo_pid" 2>/dev/null || true
  win_stop
  rm -rf "$smoke_dir"
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  [ -s "$smoke_dir/data/admin.token" ] && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$smoke_dir/demo.log"; echo "vault-raider.exe demo ended early" >&2; exit 1; }
  sleep 1
done
[ -s "$smoke_dir/data/admin.token" ] || { cat "$smoke_dir/demo.log"; echo "vault-raider.exe demo did not start" >&2; exit 1; }
for _ in $(seq 1 60); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 1
done
sim_url="$(sed -n 's/.*Simulated Bungie.net: *\([^ ]*\).*/\1/p' "$smoke_dir/demo.log" | head -n 1)"
VR_SMOKE_PORT="$port" VR_SMOKE_DATA_DIR="$smoke_dir/data" VR_SMOKE_SIM_URL="${sim_url:-http://127.0.0.1:$sim_port}" \
  cargo test -p vault-raider --test windows_smoke -- --ignored --nocapture
echo "-- the Windows daemon's log:"
tail -n 15 "$smoke_dir/demo.log"
stage "the smoke test"
