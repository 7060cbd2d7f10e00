#!/usr/bin/env bash
# The desktop app's training (its default setup, the copy task and tiny model,
# for 3 epochs) with threads 1, 2 and automatic, idle and beside LOAD busy
# processes (`yes`), under Xvfb: wall time per step, evaluations included, with
# every live dock redrawing on the same cores. Prints a Markdown table.
#
#   benchmarks/app_loaded.sh [LOAD=1]
set -euo pipefail
cd "$(dirname "$0")/.."
readonly LOAD=${1:-1}
readonly BUILD=${BUILD:-build}
work=$(mktemp -d)
load_pids=()
stop_load() { for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; load_pids=(); }
trap 'stop_load; rm -rf "$work"' EXIT

measure() {  # threads → "ms_per_step threads_at_end"
  local home=$work/home-$1-$RANDOM
  mkdir -p "$home"
  "$BUILD/app/attention-train" --task copy --epochs 3 --threads "$1" --save-config "$home/setup.json" --quiet
  HOME=$home xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$BUILD/app/attention-studio" --config "$home/setup.json" --train --quit-when-finished >/dev/null 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("%.1f %d" % (1000 * r["wall_seconds"] / r["steps"], r["threads"]))' \
    "$home"/.local/share/*/*/runs/*/run.json
}

echo "| app, copy task | busy processes | threads 1 (ms/step) | threads 2 | default (threads at the end) | default / best fixed |"
echo "|---|---|---|---|---|---|"
for load in 0 "$LOAD"; do
  for _ in $(seq "$load"); do setsid yes >/dev/null & load_pids+=($!); done
  read -r one _ < <(measure 1)
  read -r two _ < <(measure 2)
  read -r auto chosen < <(measure 0)
  stop_load
  python3 -c "
one, two, auto = $one, $two, $auto
print('| app | $load | %.1f | %.1f | %.1f ($chosen) | %.2f× |' % (one, two, auto, auto / min(one, two)))"
done
