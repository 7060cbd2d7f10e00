#pragma once
// Eight floats in a GCC vector type, shared by the kernels: one AVX register
// in the AVX2 compilation, two SSE registers in the baseline one (kernels/isa.h).

#include <cstdint>

#include "kernels/isa.h"

namespace attn::kernels {

typedef float Vec8 __attribute__((vector_size(32)));
typedef std::int32_t Int8 __attribute__((vector_size(32)));  // comparisons of Vec8 give these
constexpr std::int64_t kLanes = 8;

ATTN_KERNEL_INLINE Vec8 splat(float value) { return Vec8{} + value; }

// Unaligned load and store of eight floats.
ATTN_KERNEL_INLINE Vec8 load8(const float* p) {
  Vec8 v;
  __builtin_memcpy(&v, p, sizeof(Vec8));
  return v;
}

ATTN_KERNEL_INLINE void store8(float* p, Vec8 v) { __builtin_memcpy(p, &v, sizeof(Vec8)); }

}  // namespace attn::kernels
