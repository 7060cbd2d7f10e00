#pragma once

namespace attn {

// Debian's OpenBLAS 0.3.21 does not recognise some current (often virtual)
// Xeon CPUs and falls back to its SSE3 "Prescott" kernels, which makes
// training about 30% slower. When that happened, the CPU has AVX2 and FMA, and
// the user has not chosen a core type, this sets OPENBLAS_CORETYPE=Haswell and
// re-executes the program (OpenBLAS reads the variable only when it loads).
// Call it first thing in main(); it returns when nothing needs changing.
void prefer_fast_blas_kernels(char** argv);

}  // namespace attn
