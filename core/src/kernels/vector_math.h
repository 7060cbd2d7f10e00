#pragma once
// Row helpers of the kernels that reduce along rows (softmax, cross-entropy):
// partial loads and stores, horizontal reductions and a vectorised
// exponential, inlined into both compilations (kernels/isa.h).

#include <cstdint>
#include <limits>

#include "kernels/isa.h"
#include "kernels/vector8.h"

namespace attn::kernels {

constexpr float kMinusInfinity = -std::numeric_limits<float>::infinity();

// The first `width` (1..8) floats at p; the other lanes hold `fill`.
ATTN_KERNEL_INLINE Vec8 load(const float* p, std::int64_t width, float fill) {
  Vec8 v;
  if (width == kLanes) {
    v = load8(p);
  } else {
    v = splat(fill);
    for (std::int64_t i = 0; i < width; ++i) v[i] = p[i];
  }
  return v;
}

ATTN_KERNEL_INLINE void store(float* p, Vec8 v, std::int64_t width) {
  if (width == kLanes) {
    store8(p, v);
  } else {
    for (std::int64_t i = 0; i < width; ++i) p[i] = v[i];
  }
}

ATTN_KERNEL_INLINE float horizontal_max(Vec8 v) {
  float m = v[0];
  for (int lane = 1; lane < kLanes; ++lane) m = v[lane] > m ? v[lane] : m;
  return m;
}

ATTN_KERNEL_INLINE float horizontal_sum(Vec8 v) {
  // Pairwise, as the lanes would be folded in registers.
  const float a = (v[0] + v[4]) + (v[2] + v[6]), b = (v[1] + v[5]) + (v[3] + v[7]);
  return a + b;
}

// e^x = 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2; e^r from the
// degree-7 polynomial of S. L. Moshier's Cephes expf (relative error about
// 1e-7 on that interval), ln 2 split in two so r is exact. n is rounded by
// adding 1.5 · 2^23, which leaves n in the low mantissa bits; 2^n is then
// built directly in the exponent field. Lanes below −87 (and −inf) give 0:
// 2^n would leave the normal range there.
ATTN_KERNEL_INLINE Vec8 exp_of_nonpositive8(Vec8 x) {
  const Int8 underflow = x < -87.0f;
  const Vec8 safe = underflow ? Vec8{} : x;
  const float round_shift = 12582912.0f;  // 1.5 · 2^23
  const Vec8 shifted = safe * 1.44269504088896341f + round_shift;
  const Vec8 n = shifted - round_shift;
  const Vec8 r = (safe - n * 0.693359375f) - n * -2.12194440e-4f;
  Vec8 p = r * 1.9875691500e-4f + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const Int8 exponent = ((Int8)shifted - 0x4B400000 + 127)
                        << 23;  // 0x4B400000: the bits of 1.5 · 2^23
  const Vec8 result = p * (Vec8)exponent;
  return underflow ? Vec8{} : result;
}

}  // namespace attn::kernels
