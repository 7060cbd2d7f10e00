#!/usr/bin/env bash
# GPU check: builds the core and attention-train against the machine's
# LibTorch 2.x (Python PyTorch's), trains on CUDA in fp32 and with AMP, and
# benchmarks bench-small and bench-base against the Python reference.
# SQLite's headers come from a folder given as SQLITE_ROOT (an unpacked
# libsqlite3-dev), as the GPU machine has only the runtime library.
#
#   SQLITE_ROOT=.gpu/root OUT=/tmp/out benchmarks/gpu_check.sh
set -uo pipefail
out=${OUT:-/tmp/gpu-check}
mkdir -p "$out"
exec > >(tee "$out/gpu_check.log") 2>&1
root=${SQLITE_ROOT:-.gpu/root}
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
prefix=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
library=$(ls /usr/lib/x86_64-linux-gnu/libsqlite3.so* "$root"/usr/lib/x86_64-linux-gnu/libsqlite3.so* 2>/dev/null | head -1)
time cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DATTN_BUILD_UI=OFF -DBUILD_TESTING=OFF \
  -DCMAKE_PREFIX_PATH="$prefix" -DSQLite3_INCLUDE_DIR="$PWD/$root/usr/include" -DSQLite3_LIBRARY="$library" \
  || exit 1
time cmake --build build-gpu --parallel 16 || exit 1
train=build-gpu/app/attention-train
$train --version
echo "== training on CUDA (fp32, then AMP)"
time $train --task copy --epochs 2 --device cuda --out /tmp/gpu-runs --name cuda-fp32 | tail -4
time $train --task copy --epochs 2 --device cuda --amp --out /tmp/gpu-runs --name cuda-amp | tail -4
$train --task reverse --epochs 1 --device cuda --impl library --out /tmp/gpu-runs | tail -2
echo "== benchmarks"
for preset in bench-small bench-base; do
  $train --bench $preset --device cuda --steps 50
  $train --bench $preset --device cuda --amp --steps 50
  $train --bench $preset --device cuda --impl library --steps 50
  python3 tests/reference/reference_bench.py --bench $preset --device cuda --steps 50 --threads 16
  python3 tests/reference/reference_bench.py --bench $preset --device cuda --amp --steps 50 --threads 16
  # torch.compile: CUDA graphs and fusion; its first steps compile, so a longer warm-up.
  python3 tests/reference/reference_bench.py --bench $preset --device cuda --compile reduce-overhead \
    --warmup-steps 15 --steps 50 --threads 16
done
$train --bench bench-small --device cuda --capture-every 1 --steps 50
