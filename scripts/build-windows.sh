#!/usr/bin/env bash
# Builds vault-raider.exe for 64-bit Windows on this Debian 12 machine, installing what it needs
# (Debian's rustc-web, cargo-web, rust-web-src, gcc-mingw-w64-x86-64 and wine64; sudo when not
# root). The result is dist/windows/vault-raider.exe, release profile, one file to copy to a
# Windows PC (Windows 10 or 11; nothing else to install).
#
#   scripts/build-windows.sh            # release build -> dist/windows/vault-raider.exe
#   scripts/build-windows.sh --debug    # dev profile (faster to build), same place
#   scripts/build-windows.sh --check    # only cargo check for Windows
#
# The build has its own target directory (WIN_TARGET_DIR, default target/windows). A cold release
# build takes several minutes on 2 cores: the standard library is compiled too.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/windows/env.sh

mode="${1:---release}"
case "$mode" in
  --release) profile=release; flags=(--release) ;;
  --debug) profile=debug; flags=() ;;
  --check)
    win_cargo check -p vault-raider --all-targets
    exit 0 ;;
  *) echo "usage: $0 [--release|--debug|--check]" >&2; exit 2 ;;
esac

echo "== building vault-raider.exe ($profile)"
win_cargo build -p vault-raider --bin vault-raider "${flags[@]}"
mkdir -p dist/windows
cp "$WIN_TARGET_DIR/$WIN_TARGET/$profile/vault-raider.exe" dist/windows/vault-raider.exe
file dist/windows/vault-raider.exe
ls -l dist/windows/vault-raider.exe
