#pragma once
// Which instruction set the hand-written kernels run with.
//
// Each kernel is compiled twice, for the baseline x86-64 ISA and for
// AVX2 + FMA, and picks one per call through this switch.

namespace attn::kernels {

// True when the CPU has AVX2 and FMA and the baseline has not been forced.
bool use_avx2();

// Tests run both compilations of every kernel on the same machine.
void force_baseline_isa(bool baseline);

}  // namespace attn::kernels

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define ATTN_KERNELS_HAVE_AVX2 1
#define ATTN_TARGET_AVX2 __attribute__((target("avx2,fma")))
#else
#define ATTN_KERNELS_HAVE_AVX2 0
#define ATTN_TARGET_AVX2
#endif

// Kernel bodies are inlined into both compilations.
#define ATTN_KERNEL_INLINE inline __attribute__((always_inline))
