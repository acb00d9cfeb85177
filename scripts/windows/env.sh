# Sourced by scripts/build-windows.sh and scripts/test-windows.sh: the cross toolchain for 64-bit
# Windows on Debian 12, installed on first use, and Wine to run what it builds.
#
# Why this way (see ../shared/reference/STACK.md): no rustup target can be fetched here, but
# Debian's rustc-web/cargo-web (1.96) with rust-web-src build the Windows standard library from
# source (-Zbuild-std, allowed on a stable compiler by RUSTC_BOOTSTRAP=1), linked by MinGW-w64's gcc.
# Wine 8 runs the result once a stand-in bcryptprimitives.dll (scripts/windows/bcryptprimitives.c)
# sits in the prefix's system32.
#
# After sourcing: `win_cargo ARGS…` is cargo for the target (build-std flags added, the Windows
# target directory), `win_run PROGRAM.exe ARGS…` runs a program under Wine, `win_stop` ends the
# prefix's wineserver. The Windows build has its own target directory (WIN_TARGET_DIR, default
# target/windows), so it never fights the Linux build over target/.

WIN_TARGET=x86_64-pc-windows-gnu
WIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WIN_TARGET_DIR="${WIN_TARGET_DIR:-$WIN_ROOT/target/windows}"
WIN_WINE=/usr/lib/wine/wine64
WIN_WINESERVER=/usr/lib/wine/wineserver64
export WINEPREFIX="${WINEPREFIX:-$WIN_TARGET_DIR/wine-prefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono or Gecko installer dialogs when the prefix is first made (nothing here needs them).
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"

win_install() {
  local missing=()
  for package in rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 wine64; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo"
  echo "== installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The stand-in DLL, built once, and a Wine prefix that has it in system32.
win_prepare_wine() {
  local dll="$WIN_TARGET_DIR/wine-shim/bcryptprimitives.dll"
  local source="$WIN_ROOT/scripts/windows/bcryptprimitives.c"
  if [ ! -f "$dll" ] || [ "$source" -nt "$dll" ]; then
    mkdir -p "$(dirname "$dll")"
    x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$source" -ladvapi32
  fi
  local system32="$WINEPREFIX/drive_c/windows/system32"
  if [ ! -d "$system32" ]; then
    echo "== making the Wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    "$WIN_WINE" wineboot --init >/dev/null 2>&1 || true
    "$WIN_WINESERVER" -w || true
  fi
  cmp -s "$dll" "$system32/bcryptprimitives.dll" || cp "$dll" "$system32/bcryptprimitives.dll"
}

# No debug line tables and no incremental bookkeeping for the Windows build: it is built once per
# run, to be run under Wine, and linking MinGW objects without line tables is much faster.
win_cargo() {
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0 CARGO_PROFILE_DEV_DEBUG=0 \
  CARGO_TARGET_DIR="$WIN_TARGET_DIR" \
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WIN_ROOT/scripts/windows/wine-run.sh" \
    /usr/bin/cargo "$1" -Zbuild-std=std,panic_abort --target "$WIN_TARGET" "${@:2}"
}

win_run() {
  "$WIN_ROOT/scripts/windows/wine-run.sh" "$@"
}

win_stop() {
  "$WIN_WINESERVER" -k >/dev/null 2>&1 || true
}

[ -n "${WIN_INSTALLED:-}" ] || { win_install; export WIN_INSTALLED=1; }
