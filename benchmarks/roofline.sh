#!/usr/bin/env bash
# The roofline of this machine: the GEMM rate and memory bandwidth as
# ceilings, and the benchmark presets at their achieved GFLOP/s.
#
#   benchmarks/roofline.sh [threads] [out.png]
# Writes the --bench lines to <out>.jsonl beside the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
out="${2:-docs/images/roofline.png}"
train=build/app/attention-train
studio=build/app/attention-studio
lines="${out%.*}.jsonl"
{
  for t in 1 "$threads"; do
    "$train" --bench matmul --threads "$t"
    "$train" --bench bandwidth --threads "$t"
  done
  "$train" --bench bench-tiny --threads 1 --steps 20
  "$train" --bench bench-tiny --threads "$threads" --steps 20
  "$train" --bench bench-small --threads "$threads" --steps 8
  "$train" --bench bench-base --threads "$threads" --steps 3
} | awk '!seen[$0]++' > "$lines"
"$studio" --roofline "$lines" "$out"
echo "$out"
