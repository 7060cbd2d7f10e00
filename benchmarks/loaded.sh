#!/usr/bin/env bash
# Step time on an idle and on a loaded machine: threads 1, 2 and the default
# (automatic), for bench-tiny, bench-small and the app's default training (the
# copy task and tiny model of the app, 3 epochs: wall time per step with its
# evaluations), each beside 0 and then LOAD busy
# processes that the trainer starts itself (--background-load). Prints a
# Markdown table for the README.
#
#   benchmarks/loaded.sh [LOAD=1] [ROUNDS=1]
set -euo pipefail
cd "$(dirname "$0")/.."
readonly LOAD=${1:-1}
readonly ROUNDS=${2:-1}
readonly TRAIN=${TRAIN:-build/app/attention-train}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One measurement: milliseconds per step, and the thread count that ran most steps.
bench() {  # preset steps threads load
  "$TRAIN" --bench "$1" --steps "$2" --threads "$3" --background-load "$4" |
    python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print("%.1f %d" % (d["step_ms_median"], d["threads"]))'
}
train() {  # threads load: wall time of the whole run (training and evaluations) per step
  rm -rf "$work/runs"
  "$TRAIN" --task copy --epochs 3 --threads "$1" --background-load "$2" --quiet --out "$work/runs" >/dev/null
  # run.json's "threads": the count at the end of the run.
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.1f %d" % (1000 * r["wall_seconds"] / r["steps"], r["threads"]))' \
    "$work"/runs/*/run.json
}
measure() {  # workload threads load
  case $1 in
    bench-tiny) bench bench-tiny 20 "$2" "$3" ;;
    bench-small) bench bench-small 8 "$2" "$3" ;;
    training) train "$2" "$3" ;;
  esac
}

echo "| workload | busy processes | threads 1 (ms/step) | threads 2 | default (threads it ran) | default / best fixed |"
echo "|---|---|---|---|---|---|"
for workload in bench-tiny bench-small training; do
  for load in 0 "$LOAD"; do
    for round in $(seq "$ROUNDS"); do
      read -r one _ < <(measure "$workload" 1 "$load")
      read -r two _ < <(measure "$workload" 2 "$load")
      read -r auto chosen < <(measure "$workload" 0 "$load")
      python3 -c "
one, two, auto = $one, $two, $auto
print('| $workload | $load | %.1f | %.1f | %.1f ($chosen) | %.2f× |' % (one, two, auto, auto / min(one, two)))"
    done
  done
done
