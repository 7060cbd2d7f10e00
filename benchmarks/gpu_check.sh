#!/usr/bin/env bash
# The GPU check: one prepared script for a lent GPU machine (Python torch 2.x
# with CUDA, CMake, ninja; no Qt, no package registry, no network). It builds
# the core and attention-train against that torch's LibTorch, then checks
# logits against the CPU, bf16/fp16 training against fp32, paper-base's time
# to 100% exact match, the refusals, and benchmarks ours against the Python
# reference (eager and torch.compile). Everything lands in $OUT/gpu_check.json
# (and the log beside it); the exit status is 0 when every check passed.
#
#   benchmarks/gpu_pack.sh          # here, beforehand: Debian's libraries into .gpu/
#   OUT=/tmp/out benchmarks/gpu_check.sh             # on the GPU machine (with .gpu/)
#   benchmarks/gpu_check.sh --cpu --build build-torch2   # the same steps on the CPU
#
# PYTHON picks the Python whose torch is used (default: python3, or with --cpu
# the wheel build's virtual environment where there is one).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/gpu-check}
for argument in "$@"; do
  case $argument in --out=*) out=${argument#--out=} ;; esac
done
python=${PYTHON:-python3}
if [ -z "${PYTHON:-}" ] && [[ " $* " == *" --cpu "* ]] && [ -x build-torch2/venv/bin/python ]; then
  python=build-torch2/venv/bin/python
fi
mkdir -p "$out"
"$python" benchmarks/gpu_check.py --out "$out" "$@" 2>&1 | tee "$out/gpu_check.log"
exit "${PIPESTATUS[0]}"
