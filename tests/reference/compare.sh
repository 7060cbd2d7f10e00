#!/usr/bin/env bash
# Runs one of our builds' attention-train --bench and a Python PyTorch peer
# alternately (A B A B ..., same threads, same shapes) and prints the median
# tokens/s of each and their ratio.
#
#   tests/reference/compare.sh [--ours debian|wheel|PATH] [--peer eager|compile|max-autotune]
#                              PRESET [THREADS] [ROUNDS] [STEPS]
#
# --ours: build/ (Debian's LibTorch 1.13, the default), build-torch2/ (LibTorch
# 2.x from the torch wheel) or an attention-train. --peer: the reference in
# eager mode (default), or under torch.compile (default mode, or
# max-autotune), whose compilation is reported apart and not timed. The peer's
# Python is Debian's python3-torch for eager beside the Debian build, the
# wheel build's virtual environment otherwise (PYTHON overrides).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ours=debian peer=eager
while [ $# -gt 0 ]; do
  case $1 in
    --ours) ours=$2; shift 2 ;;
    --peer) peer=$2; shift 2 ;;
    *) break ;;
  esac
done
preset=${1:-bench-tiny}
threads=${2:-1}
rounds=${3:-3}
steps=${4:-30}
case $ours in
  debian) train=$root/build/app/attention-train ;;
  wheel) train=$root/build-torch2/app/attention-train ;;
  *) train=$ours ;;
esac
train=${ATTN_TRAIN:-$train}
if [ "$ours" = debian ] && [ "$peer" = eager ]; then
  python=${PYTHON:-/usr/bin/python3}  # Debian's python3-torch: the same LibTorch 1.13
else
  python=${PYTHON:-$root/build-torch2/venv/bin/python}
fi
peer_flags=(--warmup-steps 5)
case $peer in
  eager) ;;
  compile) peer_flags=(--compile default --warmup-steps 5) ;;
  max-autotune) peer_flags=(--compile max-autotune --warmup-steps 5) ;;
  *) echo "compare.sh: --peer: expected eager, compile or max-autotune, got '$peer'" >&2; exit 2 ;;
esac
for program in "$train" "$python"; do
  [ -x "$program" ] || { echo "compare.sh: $program: not built (./setup.sh build, or with --torch wheel)" >&2; exit 2; }
done
# The same OpenBLAS kernels for both (attention-train picks AVX2 kernels itself
# on CPUs that Debian's OpenBLAS does not recognise; Python would not).
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q ' avx2 ' /proc/cpuinfo && grep -q ' fma ' /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=Haswell
fi
ours_lines=() peer_lines=()
for ((i = 0; i < rounds; i++)); do
  ours_lines+=("$("$train" --bench "$preset" --threads "$threads" --steps "$steps" | tail -1)")
  peer_lines+=("$("$python" "$here/reference_bench.py" --bench "$preset" --threads "$threads" --steps "$steps" \
    "${peer_flags[@]}" 2>/dev/null | tail -1)")
done
"$python" - "$preset" "$threads" "$ours" "$peer" "${#ours_lines[@]}" "${ours_lines[@]}" "${peer_lines[@]}" <<'PY'
import json, statistics, sys
preset, threads, ours_name, peer_name, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
lines = [json.loads(line) for line in sys.argv[6:]]
ours = statistics.median(l["tokens_per_s"] for l in lines[:n])
peer = statistics.median(l["tokens_per_s"] for l in lines[n:])
ours_mb = max(l["peak_rss_mb"] for l in lines[:n])
peer_mb = max(l["peak_rss_mb"] for l in lines[n:])
version = lines[n].get("torch", "")
warmup = statistics.median(l.get("warmup_seconds", 0) for l in lines[n:])
print(f"{preset} threads={threads}: attention-train ({ours_name}) {ours:.0f} tokens/s, {ours_mb:.0f} MB; "
      f"PyTorch {version} {peer_name} {peer:.0f} tokens/s, {peer_mb:.0f} MB"
      + (f" (warm-up and compilation {warmup:.1f} s, untimed)" if peer_name != "eager" else "")
      + f"; ratio {ours / peer:.2f}x")
PY
