#!/usr/bin/env bash
# The desktop app's training speed against attention-train's on the same saved
# setup (the app's default: copy task, tiny model, both implementations;
# EPOCHS epochs), ROUNDS rounds, the two programs alternating (which one goes
# first alternates too). The app runs under Xvfb at 1366×768 with its default
# docks drawing live. Per run: the median tokens/s of the training steps
# (metrics.csv), the run's wall time per step with its evaluations (run.json)
# the CPU time the process used and, for the app, its UI thread's. Prints a Markdown table.
#
#   benchmarks/app_vs_cli.sh [ROUNDS=3] [EPOCHS=6]
set -euo pipefail
cd "$(dirname "$0")/.."
readonly ROUNDS=${1:-3}
readonly EPOCHS=${2:-6}
readonly BUILD=${BUILD:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$BUILD/app/attention-train" --task copy --epochs "$EPOCHS" --save-config "$work/setup.json" --quiet

summarise() {  # run directory, CPU seconds → "tokens/s ms/step cpu threads-at-the-end"
  python3 - "$1" "$2" <<'EOF'
import csv, json, statistics, sys
run, cpu = sys.argv[1], float(sys.argv[2])
rates = [float(row[7]) for row in csv.reader(open(run + "/metrics.csv"))
         if row and row[0] == "step" and row[7]]
summary = json.load(open(run + "/run.json"))
print("%.0f %.1f %.1f %d" % (statistics.median(rates), 1000 * summary["wall_seconds"] / summary["steps"],
                            cpu, summary["threads"]))
EOF
}

cli() {
  rm -rf "$work/cli"
  /usr/bin/time -f "%U %S" -o "$work/time" \
    "$BUILD/app/attention-train" --config "$work/setup.json" --out "$work/cli" --quiet >/dev/null
  summarise "$(echo "$work"/cli/*)" "$(awk '{print $1 + $2}' "$work/time")"
}

# The CPU seconds (user + system) the app's UI thread has used so far, by pid.
ui_thread_cpu() {
  awk -v tick="$(getconf CLK_TCK)" '{ print ($14 + $15) / tick }' "/proc/$1/task/$1/stat" 2>/dev/null
}

app() {
  local home=$work/home
  rm -rf "$home" && mkdir -p "$home"
  HOME=$home /usr/bin/time -f "%U %S" -o "$work/time" xvfb-run -a -s "-screen 0 1366x768x24" \
    "$BUILD/app/attention-studio" --config "$work/setup.json" --train --quit-when-finished \
    >/dev/null 2>&1 &
  local runner=$! pid="" ui=0 now
  while kill -0 "$runner" 2>/dev/null; do
    [[ -z $pid ]] && pid=$(pgrep -f "^$BUILD/app/attention-studio --config" || true)
    [[ -n $pid ]] && now=$(ui_thread_cpu "$pid") && [[ -n $now ]] && ui=$now
    sleep 0.2
  done
  wait "$runner"
  echo "$(summarise "$(echo "$home"/.local/share/*/*/runs/*)" "$(awk '{print $1 + $2}' "$work/time")") $ui"
}

echo "| round | attention-train tokens/s | app tokens/s | app's speed / CLI's | CLI ms/step (with evaluations) | app ms/step | app's speed / CLI's | threads at the end (CLI, app) | CLI CPU s | app + Xvfb CPU s | app's UI thread CPU s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  if ((round % 2)); then
    read -r c_rate c_ms c_cpu c_threads < <(cli)
    read -r a_rate a_ms a_cpu a_threads a_ui < <(app)
  else
    read -r a_rate a_ms a_cpu a_threads a_ui < <(app)
    read -r c_rate c_ms c_cpu c_threads < <(cli)
  fi
  python3 -c "print('| $round | $c_rate | $a_rate | %.3f | $c_ms | $a_ms | %.3f | $c_threads, $a_threads | $c_cpu | $a_cpu | $a_ui |' % ($a_rate / $c_rate, $c_ms / $a_ms))"
done
