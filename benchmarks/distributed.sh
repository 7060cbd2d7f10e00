#!/usr/bin/env bash
# Data-parallel training on one machine: bench-small's shape trained on the
# reverse task (sequences of 24–32) with the same global batch of 64 pairs,
# as 1 process × 2 threads, 1 × 1 and 2 processes × 1 thread (c10d, Gloo on
# loopback), and with the automatic thread count, as a Markdown table for the
# README.
#
#   benchmarks/distributed.sh [steps]
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-24}
train=${ATTN_TRAIN:-build/app/attention-train}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
row() {
  local processes=$1 threads=$2 out="$work/$1x$2"
  "$train" --preset bench-small --task reverse --min-length 24 --max-length 32 \
    --train-size 4096 --eval-size 16 --beam-size 1 --epochs 1 --max-steps "$steps" \
    --batch-size $((64 / processes)) --threads "$threads" --nproc "$processes" \
    --capture-every 0 --checkpoint-every 0 --quiet --out "$out" > /dev/null
  /usr/bin/python3 - "$out"/*/ "$processes" "$threads" <<'PY'
import csv, json, statistics, sys
run, processes, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [r for r in csv.DictReader(open(run + "metrics.csv")) if r["kind"] == "step"]
rows = rows[4:]  # the first steps warm up the allocator and the thread choice
seconds = [float(b["seconds"]) - float(a["seconds"]) for a, b in zip(rows, rows[1:])]
tokens = statistics.median(float(r["tokens_per_s"]) for r in rows)
document = json.load(open(run + "run.json"))
exchange = document.get("rank_exchange_seconds")
share = "%.1f%%" % (100 * exchange / document["training_step_seconds"]) if exchange else "–"
per_step = "%.1f" % (1000 * exchange / document["steps"]) if exchange else "–"
print("| %d × %s | %d | %.0f | %.0f | %s | %s |" % (processes, threads or "auto", 64 // processes,
      1000 * statistics.median(seconds), tokens, per_step, share))
PY
}
echo "| processes × threads | batch per process | step ms (median) | tokens/s (median) | exchange ms/step | exchange share of step time |"
echo "|---|---|---|---|---|---|"
row 1 2
row 1 1
row 2 1
row 1 0
row 2 0
