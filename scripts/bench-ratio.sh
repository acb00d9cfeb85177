#!/usr/bin/env bash
# The sync bench's ratios, computed from criterion's own estimates of both sides in the same run
# (never from single timings): runs `cargo bench -p vault-raider --bench sync`, then reads
# `<target>/criterion/sync/<function>/new/estimates.json` for each function and prints the medians
# (with their 95 % confidence intervals), the means, and pipeline / bare parse for each parser.
#
# Usage: scripts/bench-ratio.sh [--no-run]   (--no-run: only read the estimates of the last run)
# The target directory is CARGO_TARGET_DIR when set, else target/.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
if [ "${1:-}" != "--no-run" ]; then
  cargo bench -p vault-raider --bench sync
fi
python3 - "$target/criterion/sync" <<'EOF'
import json, os, sys

root = sys.argv[1]
def estimate(name):
    path = os.path.join(root, name, "new", "estimates.json")
    try:
        with open(path) as f:
            e = json.load(f)
    except OSError:
        sys.exit(f"no estimates at {path}: run the bench first")
    median = e["median"]
    return {
        "median": median["point_estimate"] / 1e6,
        "low": median["confidence_interval"]["lower_bound"] / 1e6,
        "high": median["confidence_interval"]["upper_bound"] / 1e6,
        "mean": e["mean"]["point_estimate"] / 1e6,
    }

names = ["bare_typed_parse", "bare_typed_parse_sonic_rs", "pipeline_one_change",
         "pipeline_components_changed",
         "pipeline_unchanged", "stage_decode", "stage_decode_reusing", "stage_convert"]
est = {n: estimate(n) for n in names}
for n in names:
    e = est[n]
    print(f"{n:28} median {e['median']:.3f} ms [{e['low']:.3f}, {e['high']:.3f}], mean {e['mean']:.3f} ms")
rest = est["pipeline_one_change"]["median"] - est["stage_decode_reusing"]["median"]
print(f"{'after the decode':28} median {rest:.3f} ms (pipeline one change - its decode: convert, compare, commit, publish)")
def ratio(a, b, what):
    m = est[a]["median"] / est[b]["median"]
    mean = est[a]["mean"] / est[b]["mean"]
    print(f"{what:44} {m:.2f} (medians), {mean:.2f} (means)")
ratio("pipeline_one_change", "bare_typed_parse_sonic_rs", "pipeline one change / bare sonic-rs parse")
ratio("pipeline_one_change", "bare_typed_parse", "pipeline one change / bare serde_json parse")
ratio("pipeline_components_changed", "bare_typed_parse_sonic_rs", "every item component changed / bare sonic-rs")
ratio("pipeline_unchanged", "bare_typed_parse_sonic_rs", "pipeline unchanged / bare sonic-rs parse")
ratio("pipeline_unchanged", "bare_typed_parse", "pipeline unchanged / bare serde_json parse")
EOF
