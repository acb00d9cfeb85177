#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a fixed time and reports, per target, the executions,
# exec/s, corpus size and whether it found a crash (a panic, timeout, OOM or leak), with the
# artifact that reproduces it. Exits non-zero when any target found one.
#
# Seeds are built at run time (scripts/fuzz_seeds.py) in a temporary folder from the real data in
# ../shared: the Bungie captures in bungie/data/responses, the JSON examples and method table of
# PROTOCOL.md, DIM loadouts made from the real profile's equipped gear, and a list of queries. The
# corpus each run grows is kept in fuzz/corpus/<target> (gitignored), so later runs build on it.
#
# Usage: scripts/fuzz.sh [target…]        (default: every target)
#   FUZZ_SECONDS=60      seconds per target (-max_total_time)
#   FUZZ_TIMEOUT=10      seconds one input may take before it counts as a timeout
#   SHARED_DIR=../shared where the real inputs are (relative to the repo root)
#   FUZZ_TARGET_DIR      cargo's target dir for the sanitizer build (default fuzz/target)
# Needs the nightly toolchain (rustup toolchain install nightly) and python3; installs cargo-fuzz
# when it is missing. Reproduce a crash: cd fuzz && cargo +nightly fuzz run <target> <artifact>
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${FUZZ_SECONDS:-60}"
timeout="${FUZZ_TIMEOUT:-10}"
shared="${SHARED_DIR:-$root/../shared}"
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$root/fuzz/target}"
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=(frame_reader search_parser bungie_decode dim_loadout)
fi

# libFuzzer options per target. Every input is capped at the size the daemon accepts: a client
# frame (and so a search query or a DIM loadout inside one) is at most 64 KiB (PROTOCOL.md), and
# Bungie bodies are cut to the same so the 2 MB captures do not slow every execution down. The
# frame reader and the search parser are fed long inputs from the start (-len_control=0): deep
# nesting is their risk, and libFuzzer otherwise grows inputs slowly.
options() {
  case "$1" in
    frame_reader | search_parser) echo "-max_len=65536 -len_control=0" ;;
    *) echo "-max_len=65536" ;;
  esac
}

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly" >&2
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: installing it from crates.io (cargo install cargo-fuzz)"
  cargo install cargo-fuzz
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ ! -d "$shared" ]; then
  echo "note: $shared is absent; fuzzing from the built-in seeds only" >&2
fi
python3 "$root/scripts/fuzz_seeds.py" "$shared" "$work/seeds" 65536

cd "$root/fuzz"
echo "building the fuzz targets (nightly, sanitizers; the first build takes several minutes)"
if ! cargo +nightly fuzz build >"$work/build.log" 2>&1; then
  grep -v '^ *Compiling' "$work/build.log" >&2
  echo "the fuzz targets did not build" >&2
  exit 2
fi

# One line of libFuzzer's -print_final_stats output, e.g. final_stat number_of_executed_units.
final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }

found=0
summary=()
for target in "${targets[@]}"; do
  corpus="$root/fuzz/corpus/$target"
  mkdir -p "$corpus" "$root/fuzz/artifacts/$target"
  log="$work/$target.log"
  seeds="$work/seeds/$target"
  mkdir -p "$seeds"
  echo "fuzzing $target for ${seconds}s (log: fuzz output follows only on a crash)"
  status=0
  # shellcheck disable=SC2046 # the options are separate words
  cargo +nightly fuzz run "$target" "$corpus" "$seeds" -- $(options "$target") \
    -max_total_time="$seconds" -timeout="$timeout" -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs="$(final_stat number_of_executed_units)"
  per_second="$(final_stat average_exec_per_sec)"
  corpus_line="$(grep -Eo 'corp: [0-9]+/[0-9a-zA-Z]+' "$log" | tail -n 1 | cut -d' ' -f2)"
  artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
  if [ "$status" -ne 0 ]; then
    found=1
    echo "---- $target: libFuzzer exited with $status; the end of its output:"
    grep -E 'panicked at|ERROR: |SUMMARY: ' "$log" | head -n 5 || true
    tail -n 30 "$log"
    result="CRASH ${artifact:-(no artifact written: see the log above)}"
  else
    result="no crash"
  fi
  line="$(printf '%-14s runs %-10s exec/s %-7s seconds %-5s corpus %-12s %s' \
    "$target" "${runs:-?}" "${per_second:-?}" "$seconds" "${corpus_line:-?}" "$result")"
  echo "$line"
  summary+=("$line")
done

echo
echo "fuzz summary (corpus = inputs/bytes kept; corpora in fuzz/corpus, crashes in fuzz/artifacts)"
printf '%s\n' "${summary[@]}"
exit "$found"
