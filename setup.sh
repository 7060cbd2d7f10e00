#!/usr/bin/env bash
# Attention Studio set-up: installs what is missing from Debian's packages,
# builds (Release, all cores) and then launches the app or runs the tests.
#
#   ./setup.sh app     set up and launch the desktop app
#   ./setup.sh test    set up and run the test suite (CTest)
#   ./setup.sh build   set up and build only
#
# Environment: BUILD_DIR (default ./build), ATTN_BUILD_UI (ON/OFF).
set -euo pipefail

cd "$(dirname "$0")"
readonly ROOT=$PWD
readonly BUILD_DIR=${BUILD_DIR:-$ROOT/build}
readonly ATTN_BUILD_UI=${ATTN_BUILD_UI:-ON}
readonly ACTION=${1:-app}
shift || true

# Debian 12 packages (python3-torch: the benchmark's Python reference). OpenBLAS matters: Debian's LibTorch uses whatever BLAS
# is installed, and the reference BLAS makes training several times slower.
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev libopenblas0-openmp
  qt6-base-dev libqcustomplot-dev libqcustomplot2.1-qt6
  nlohmann-json3-dev libsqlite3-dev libsentencepiece-dev
  xvfb xauth
  python3-torch
)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

install_missing_packages() {
  local missing=()
  for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all ${#PACKAGES[@]} packages present"
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root or sudo to install: ${missing[*]}"; exit 1; }
    sudo=(sudo)
  fi
  log "installing: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    log "configuring $BUILD_DIR"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DATTN_BUILD_UI="$ATTN_BUILD_UI"
  fi
  log "building with $(nproc) cores"
  cmake --build "$BUILD_DIR" --parallel "$(nproc)"
}

run_tests() {
  log "running tests"
  # Widget tests use the offscreen platform; nothing here needs a display.
  (cd "$BUILD_DIR" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --parallel 1 "$@")
}

launch_app() {
  local app="$BUILD_DIR/app/attention-studio"
  if [ -x "$app" ]; then
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      log "no display found: starting under Xvfb"
      exec xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@"
    fi
    exec "$app" "$@"
  fi
  # Without the desktop app (ATTN_BUILD_UI=OFF) the command-line trainer stands in.
  exec "$BUILD_DIR/app/attention-train" --summary "$@"
}

case "$ACTION" in
  app) install_missing_packages; build; launch_app "$@" ;;
  test) install_missing_packages; build; run_tests "$@" ;;
  build) install_missing_packages; build ;;
  *) echo "usage: $0 app|test|build" >&2; exit 2 ;;
esac
