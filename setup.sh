#!/usr/bin/env bash
# Attention Studio set-up: installs what is missing from Debian's packages,
# builds (Release, all cores) and then launches the app or runs the tests.
#
#   ./setup.sh app     set up and launch the desktop app
#   ./setup.sh test    set up and run the test suite (CTest)
#   ./setup.sh build   set up and build only
#   ./setup.sh sanitize  build everything with Clang, AddressSanitizer and
#                      UndefinedBehaviorSanitizer in build-sanitize/, run the
#                      core's tests and the window's closing test there, and
#                      each fuzz target for FUZZ_SECONDS
#
# app, test and build take --torch debian (the default: Debian's LibTorch 1.13,
# CPU only, in build/) or --torch wheel: LibTorch 2.x with CUDA, NCCL and MKL
# from PyPI's torch wheel, installed by pip into a virtual environment in
# build-torch2/venv (nothing outside build-torch2/ changes), built in
# build-torch2/ with the CUDA toolkit's nvcc; every test runs on the CPU.
#
# Environment: BUILD_DIR (default ./build, or ./build-torch2 with --torch
# wheel), ATTN_BUILD_UI (ON/OFF), TORCH_WHEEL_VERSION (default 2.11.0, whose
# CUDA is 13.0 like the toolkit's), TRANSFORMERS_VERSION (default 4.57.3, the
# Hugging Face tests' peer, in the wheel's environment), FUZZ_SECONDS (default 30), FUZZ_SEED
# (default 1; 0: random), SANITIZE_DIR (default ./build-sanitize).
set -euo pipefail

cd "$(dirname "$0")"
readonly ROOT=$PWD
readonly ACTION=${1:-app}
shift || true
TORCH_SOURCE=debian
if [ "${1:-}" = "--torch" ]; then
  TORCH_SOURCE=${2:-}
  shift 2 || shift
elif [[ "${1:-}" == --torch=* ]]; then
  TORCH_SOURCE=${1#--torch=}
  shift
fi
case "$TORCH_SOURCE" in
  debian) readonly BUILD_DIR=${BUILD_DIR:-$ROOT/build} ;;
  wheel) readonly BUILD_DIR=${BUILD_DIR:-$ROOT/build-torch2} ;;
  *) echo "setup.sh: --torch: expected debian or wheel, got '$TORCH_SOURCE'" >&2; exit 2 ;;
esac
readonly TORCH_SOURCE
readonly ATTN_BUILD_UI=${ATTN_BUILD_UI:-ON}
readonly TORCH_WHEEL_VERSION=${TORCH_WHEEL_VERSION:-2.11.0}
readonly TRANSFORMERS_VERSION=${TRANSFORMERS_VERSION:-4.57.3}

# Debian 12 packages (python3-torch: the benchmark's Python reference; libgloo-dev: the
# headers of Gloo, which LibTorch's c10d uses to train across processes). OpenBLAS
# matters: Debian's LibTorch uses whatever BLAS is installed, and the reference BLAS makes
# training several times slower. The Qt 6 tools compile the Korean translation; Qt's own
# Korean texts and a font with Hangul come with it.
PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache
  libtorch-dev libopenblas0-openmp libgloo-dev
  qt6-base-dev libqcustomplot-dev libqcustomplot2.1-qt6
  nlohmann-json3-dev libsqlite3-dev libsentencepiece-dev zlib1g-dev
  qt6-l10n-tools qt6-tools-dev qt6-translations-l10n fonts-noto-cjk
  xvfb xauth
  python3-torch
)

# Only for ./setup.sh test: the Debian package is built and checked as Debian would
# (manual pages from --help, lintian, AppStream, the desktop entry).
PACKAGING_PACKAGES=(help2man lintian appstream desktop-file-utils)

# Only for ./setup.sh sanitize.
SANITIZER_PACKAGES=(clang libclang-rt-14-dev libfuzzer-14-dev libomp-14-dev)

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

install_missing_packages() {
  local missing=()
  for package in "${PACKAGES[@]}" "$@"; do
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

# PyPI's torch wheel into build-torch2/venv: its LibTorch (headers, CMake
# package, libraries with CUDA, NCCL, Gloo, MKL and oneDNN) and the Python
# torch of the same version for the reference benchmark. The CUDA libraries
# it needs at run time come as its own dependencies from PyPI.
install_torch_wheel() {
  local venv=$BUILD_DIR/venv
  if [ ! -x "$venv/bin/python" ]; then
    log "creating the virtual environment $venv"
    mkdir -p "$BUILD_DIR"
    if ! python3 -m venv "$venv" 2>/dev/null; then
      rm -rf "$venv"
      install_missing_packages python3-venv
      /usr/bin/python3 -m venv "$venv"
    fi
  fi
  if ! "$venv/bin/python" -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$TORCH_WHEEL_VERSION')" \
      2>/dev/null; then
    log "installing torch $TORCH_WHEEL_VERSION from PyPI into $venv (about 4.5 GB with its CUDA libraries)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "torch==$TORCH_WHEEL_VERSION" numpy
  fi
  # Hugging Face Transformers and SentencePiece for the tests that compare our
  # reading of MarianMT folders with the library's own (tests/hf); models are
  # built there from configs, nothing is downloaded from the hub.
  if ! "$venv/bin/python" -c "import transformers, sentencepiece, sys; sys.exit(transformers.__version__ != '$TRANSFORMERS_VERSION')" \
      2>/dev/null; then
    log "installing transformers $TRANSFORMERS_VERSION and sentencepiece from PyPI into $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "transformers==$TRANSFORMERS_VERSION" sentencepiece
  fi
}

build() {
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    log "configuring $BUILD_DIR"
    local torch_options=()
    if [ "$TORCH_SOURCE" = wheel ]; then
      local prefix
      prefix=$("$BUILD_DIR/venv/bin/python" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)
      # C10_NODEPRECATED: LibTorch 2.x hides what it deprecates, so a use of it
      # fails to compile. The CUDA code is compiled for the GPUs of the lent
      # machines (H100, H200: 9.0) unless TORCH_CUDA_ARCH_LIST says otherwise.
      # The torch folder itself first, so that TorchConfig finds the wheel's
      # libtorch and libc10 before Debian's under /usr/lib.
      torch_options=(-DCMAKE_PREFIX_PATH="${prefix%/share/cmake};$prefix" -DCMAKE_CXX_FLAGS="-DC10_NODEPRECATED"
                     -DATTN_REFERENCE_PYTHON="$BUILD_DIR/venv/bin/python")
      export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
    fi
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DATTN_BUILD_UI="$ATTN_BUILD_UI" "${torch_options[@]}"
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

# Seeds that are binary or large (a checkpoint, a snapshot blob, a
# SentencePiece model and its vocabulary.json) come from two tiny runs of the
# sanitised trainer instead of living in the repository.
make_binary_seeds() {
  local dir=$1 runs=$1/fuzz-seed-runs seeds=$1/fuzz-seeds
  rm -rf "$runs" && mkdir -p "$seeds"/{checkpoint,snapshot,sentencepiece,vocabulary,corpus,config,safetensors}
  local train=(env ASAN_OPTIONS=detect_leaks=0 "$dir/app/attention-train" --d-model 8 --heads 1 --layers 1 --d-ff 8
               --epochs 1 --quiet)
  "${train[@]}" --task copy --train-size 40 --eval-size 8 --batch-size 8 --capture-every 2 --out "$runs/char" >/dev/null
  printf 'the cat sat\tle chat assis\nthe dog ran\tle chien courait\na bird sang\tun oiseau chantait\n%.0s' {1..40} \
    > "$seeds/corpus/pairs.tsv"
  cp "$runs"/char/*/checkpoints/checkpoint_last.pt "$seeds/checkpoint/char.pt"
  cp "$runs"/char/*/run.json "$seeds/config/run.json"
  # A SentencePiece model needs the plug-in, which only the regular build opens.
  if [ -x "$BUILD_DIR/app/attention-train" ]; then
    "$BUILD_DIR/app/attention-train" "${train[@]:3}" --corpus "$seeds/corpus/pairs.tsv" --tokenizer sentencepiece \
      --vocab-size 40 --max-steps 1 --out "$runs/sentencepiece" >/dev/null
    cp "$runs"/sentencepiece/*/vocabulary.json "$seeds/vocabulary/sentencepiece.json"
  else
    log "no $BUILD_DIR/app/attention-train: fuzzing SentencePiece from the committed seeds only"
  fi
  python3 - "$runs" "$seeds" <<'PY'
import base64, glob, json, sqlite3, struct, sys, zlib
runs, seeds = sys.argv[1], sys.argv[2]
for path in glob.glob(runs + "/sentencepiece/*/vocabulary.json"):
    model = json.load(open(path))["source"]["model"]
    model = base64.b64decode(model)  # as the fuzz target reads it: stored CRC-32, then the model
    open(seeds + "/sentencepiece/model", "wb").write(struct.pack("<I", zlib.crc32(model)) + model)
database = sqlite3.connect(glob.glob(runs + "/char/*/history.sqlite")[0])
for i, (blob,) in enumerate(database.execute("SELECT data FROM snapshots LIMIT 3")):
    open(f"{seeds}/snapshot/{i}", "wb").write(blob)
PY
}

# The core's unit tests and the window's closing test under the sanitizers,
# then every fuzz target from its seeds for FUZZ_SECONDS (the snapshot's
# through the app's views too). A crash fails the run and leaves its
# reproducer in $SANITIZE_DIR/fuzz-crashes/<target>/.
sanitize() {
  local dir=${SANITIZE_DIR:-$ROOT/build-sanitize}
  local seconds=${FUZZ_SECONDS:-30}
  # A fixed seed makes a CI run repeat the same mutations; FUZZ_SEED=0 lets
  # libFuzzer choose one (longer local runs explore more that way).
  local seed=${FUZZ_SEED:-1}
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    log "configuring $dir (Clang, ASan + UBSan, fuzz targets)"
    CC=clang CXX=clang++ cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DATTN_BUILD_UI=ON -DATTN_SANITIZE=ON -DATTN_FUZZ=ON
  fi
  cmake --build "$dir" --parallel "$(nproc)"
  # LibTorch's and OpenBLAS's own start-up allocations are never freed by
  # design; leaks are not what this run looks for.
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  log "core tests and closing a training window under ASan + UBSan"
  # Left out: tokenizer (its SentencePiece rows need the plug-in, which a
  # sanitised build cannot open; see core/src/data/sentencepiece_tokenizer.cpp),
  # trainer (training to a learning threshold takes longer than Qt Test's
  # five minutes at the sanitizers' speed; the engine still trains here under
  # cli and crash_safety) and the window's other tests (their training and
  # drawing would take most of CI's time at this speed). The window's tests
  # that run here read recorded runs or drive one widget: closing opens,
  # trains and closes the real window twenty times; damagedrun, runs,
  # attentionview, plots, docklayout, keyboard, redrawpacer, textdiff and
  # trainingfeed are seconds each.
  (cd "$dir" && ctest --output-on-failure --parallel 1 \
    -E '^(reference_bench.*|tokenizer|trainer|mainwindow|analysis|inspector|language|studiocli)$')
  make_binary_seeds "$dir"
  local failed=0
  for fuzzer in "$dir"/tests/fuzz/fuzz_*; do
    local name seeds work crashes
    name=$(basename "$fuzzer")
    name=${name#fuzz_}
    seeds=$ROOT/tests/fuzz/corpus/$name
    work=$dir/fuzz-work/$name
    crashes=$dir/fuzz-crashes/$name
    mkdir -p "$work" "$crashes"
    log "fuzzing $name for ${seconds}s"
    if ! "$fuzzer" -seed="$seed" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=400000 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$work" "$seeds" "$dir/fuzz-seeds/$name" \
        > "$dir/fuzz-$name.log" 2>&1; then
      tail -n 40 "$dir/fuzz-$name.log" >&2
      log "fuzz target $name failed; reproducer(s): $(ls "$crashes" | tr '\n' ' ')"
      failed=1
    else
      grep -E '^stat::number_of_executed_units' "$dir/fuzz-$name.log" | sed "s/^/[$name] /" >&2 || true
    fi
  done
  return "$failed"
}

install_torch() { if [ "$TORCH_SOURCE" = wheel ]; then install_torch_wheel; fi; }

case "$ACTION" in
  app) install_missing_packages; install_torch; build; launch_app "$@" ;;
  test) install_missing_packages "${PACKAGING_PACKAGES[@]}"; install_torch; build; run_tests "$@" ;;
  build) install_missing_packages; install_torch; build ;;
  sanitize) install_missing_packages "${SANITIZER_PACKAGES[@]}"; sanitize ;;
  *) echo "usage: $0 app|test|build [--torch debian|wheel] | sanitize" >&2; exit 2 ;;
esac
