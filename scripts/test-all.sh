#!/usr/bin/env bash
# Every test of the project: formatting, lints, the Rust tests (under a private D-Bus session so the
# tray and notification tests run), and the browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings

echo "== Rust tests"
if command -v dbus-run-session >/dev/null; then
  dbus-run-session -- cargo test --workspace --lib --bins --tests
else
  cargo test --workspace --lib --bins --tests
fi
cargo test --workspace --doc

if [ -f package.json ]; then
  # Type-checks the JavaScript against protocol/ts/protocol.d.ts, then runs the browser tests
  # against target/debug/vault-raider (built above) as `vault-raider demo` (see web-tests/README.md).
  echo "== browser tests"
  [ -d node_modules ] || npm ci
  npm test
fi
