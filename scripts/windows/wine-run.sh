#!/usr/bin/env bash
# Runs a Windows program under Wine in the build's prefix (cargo's runner for the Windows target:
# `cargo test --target x86_64-pc-windows-gnu` runs each test binary through this).
set -euo pipefail
source "$(dirname "$0")/env.sh"
win_prepare_wine
exec "$WIN_WINE" "$@"
