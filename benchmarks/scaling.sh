#!/usr/bin/env bash
# Step time against sequence length and model width (bench-small's batch,
# vocabulary, heads and depth), as a Markdown table for the README.
#
#   benchmarks/scaling.sh [threads] [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
steps=${2:-6}
train=${ATTN_TRAIN:-build/app/attention-train}
row() {
  "$train" --bench bench-small --threads "$threads" --steps "$steps" "$@" | /usr/bin/python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
cells = [d["src_len"], d["d_model"], "%.0f" % d["step_ms_median"], "%.0f" % d["tokens_per_s"],
         "%.1f" % d["model_gflop_per_step"], "%.0f" % d["achieved_gflops"], "%.1f%%" % (100 * d["attention_flop_share"]),
         "%.1f%%" % (100 * d["attention_time_share"])]
print("| " + " | ".join(str(c) for c in cells) + " |")'
}
echo "| length | d_model | step ms | tokens/s | GFLOP/step | GFLOP/s | attention share of FLOPs | attention share of time |"
echo "|---|---|---|---|---|---|---|---|"
for length in 16 32 64 128; do row --bench-length "$length"; done
for width in 64 128 512; do row --bench-d-model "$width"; done
