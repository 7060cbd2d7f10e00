#!/usr/bin/env bash
# Runs attention-train --bench and the Python reference alternately
# (A B A B ..., same threads) and prints the median tokens/s ratio.
#
#   tests/reference/compare.sh bench-tiny [threads] [rounds] [steps]
set -euo pipefail
preset=${1:-bench-tiny}
threads=${2:-1}
rounds=${3:-3}
steps=${4:-30}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}  # Debian's python3-torch: the same LibTorch 1.13
train=${ATTN_TRAIN:-$here/../../build/app/attention-train}
# The same OpenBLAS kernels for both (attention-train picks AVX2 kernels itself
# on CPUs that Debian's OpenBLAS does not recognise; Python would not).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q ' avx2 ' /proc/cpuinfo && grep -q ' fma ' /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=Haswell
fi
ours=() reference=()
for ((i = 0; i < rounds; i++)); do
  ours+=("$("$train" --bench "$preset" --threads "$threads" --steps "$steps")")
  reference+=("$("$python" "$here/reference_bench.py" --bench "$preset" --threads "$threads" --steps "$steps")")
done
"$python" - "$preset" "$threads" "${#ours[@]}" "${ours[@]}" "${reference[@]}" <<'PY'
import json, statistics, sys
preset, threads, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [json.loads(line) for line in sys.argv[4:]]
ours = statistics.median(l["tokens_per_s"] for l in lines[:n])
reference = statistics.median(l["tokens_per_s"] for l in lines[n:])
print(f"{preset} threads={threads}: attention-train {ours:.0f} tokens/s, Python reference {reference:.0f} tokens/s, "
      f"ratio {ours / reference:.2f}x")
PY
