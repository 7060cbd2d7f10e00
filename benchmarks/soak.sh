#!/usr/bin/env bash
# Memory soak: trains the dates task for EPOCHS epochs and samples the
# trainer's resident memory (VmRSS) every second. Prints the samples' CSV
# path, the peak, and the least-squares slope of RSS over time after the
# first SETTLE_EPOCHS epochs (flat within noise means no leak).
#
#   benchmarks/soak.sh [EPOCHS=40] [SETTLE_EPOCHS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
readonly EPOCHS=${1:-40}
readonly SETTLE=${2:-5}
readonly TRAIN=${TRAIN:-build/app/attention-train}
work=$(mktemp -d)
samples=$work/rss.csv
echo "seconds,rss_mb,epoch" > "$samples"
"$TRAIN" --task dates --epochs "$EPOCHS" --out "$work/runs" > "$work/train.log" 2>&1 &
pid=$!
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  epoch=$(grep -o '^epoch [0-9]*' "$work/train.log" 2>/dev/null | tail -n 1 | cut -d' ' -f2 || true)
  [ -n "$rss" ] && awk -v now="$(date +%s.%N)" -v start="$start" -v kb="$rss" -v epoch="${epoch:-0}" \
    'BEGIN { printf "%.3f,%.1f,%d\n", now - start, kb / 1024, epoch }' >> "$samples"
  sleep 1
done
wait "$pid"
python3 - "$samples" "$SETTLE" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))]
settle = int(sys.argv[2])
kept = [(float(r["seconds"]), float(r["rss_mb"])) for r in rows if int(r["epoch"] or 0) >= settle]
peak = max(float(r["rss_mb"]) for r in rows)
if len(kept) < 3:
    sys.exit("too few samples after the settling epochs; train longer")
n = len(kept)
mx = sum(t for t, _ in kept) / n
my = sum(m for _, m in kept) / n
slope = sum((t - mx) * (m - my) for t, m in kept) / sum((t - mx) ** 2 for t, _ in kept)
span = kept[-1][0] - kept[0][0]
print(f"samples {sys.argv[1]}: {len(rows)} in {rows[-1]['seconds']} s; peak {peak:.1f} MB")
print(f"after epoch {settle}: {my:.1f} MB mean, slope {slope * 60:+.2f} MB/min "
      f"({slope * span:+.1f} MB over {span:.0f} s, min {min(m for _, m in kept):.1f}, max {max(m for _, m in kept):.1f})")
PY
