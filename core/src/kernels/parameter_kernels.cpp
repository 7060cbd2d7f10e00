#include "kernels/parameter_kernels.h"

#include <cmath>

#include "kernels/isa.h"
#include "kernels/vector8.h"

// Compiled twice like the other kernels (kernels/isa.h).

namespace attn::kernels {
namespace {

// Float partial sums over at most this many values before they are folded
// into the double total, which bounds their rounding error.
constexpr std::int64_t kBlock = 4096;

ATTN_KERNEL_INLINE double sum_of_squares_body(const float* values, std::int64_t count) {
  double total = 0;
  for (std::int64_t start = 0; start < count; start += kBlock) {
    const std::int64_t end = start + kBlock < count ? start + kBlock : count;
    // Two independent vector accumulators hide the FMA latency.
    Vec8 first = Vec8{}, second = Vec8{};
    std::int64_t i = start;
    for (; i + 2 * kLanes <= end; i += 2 * kLanes) {
      const Vec8 a = load8(values + i), b = load8(values + i + kLanes);
      first += a * a;
      second += b * b;
    }
    const Vec8 both = first + second;
    double block = 0;
    for (int lane = 0; lane < kLanes; ++lane) block += both[lane];
    for (; i < end; ++i) block += static_cast<double>(values[i]) * values[i];
    total += block;
  }
  return total;
}

// The four arrays are distinct tensors (the caller's contract), which lets
// the loop vectorise without run-time overlap checks.
ATTN_KERNEL_INLINE void adam_body(float* __restrict__ parameter, const float* __restrict__ gradient,
                                  float* __restrict__ exp_avg, float* __restrict__ exp_avg_sq,
                                  std::int64_t count, const AdamCoefficients& c) {
  const float beta1 = c.beta1, beta2 = c.beta2, one_minus_beta1 = c.one_minus_beta1,
              one_minus_beta2 = c.one_minus_beta2;
  const float bias_correction2_sqrt = c.bias_correction2_sqrt, eps = c.eps,
              minus_step_size = -c.step_size;
  for (std::int64_t i = 0; i < count; ++i) {
    const float g = gradient[i];
    const float m = exp_avg[i] * beta1 + g * one_minus_beta1;
    const float v = exp_avg_sq[i] * beta2 + (g * g) * one_minus_beta2;
    exp_avg[i] = m;
    exp_avg_sq[i] = v;
    const float denominator = std::sqrt(v) / bias_correction2_sqrt + eps;
    parameter[i] += minus_step_size * m / denominator;
  }
}

double sum_of_squares_baseline(const float* values, std::int64_t count) {
  return sum_of_squares_body(values, count);
}

void adam_baseline(float* parameter, const float* gradient, float* exp_avg, float* exp_avg_sq,
                   std::int64_t count, const AdamCoefficients& c) {
  adam_body(parameter, gradient, exp_avg, exp_avg_sq, count, c);
}

#if ATTN_KERNELS_HAVE_AVX2
ATTN_TARGET_AVX2 double sum_of_squares_avx2(const float* values, std::int64_t count) {
  return sum_of_squares_body(values, count);
}

ATTN_TARGET_AVX2 void adam_avx2(float* parameter, const float* gradient, float* exp_avg,
                                float* exp_avg_sq, std::int64_t count, const AdamCoefficients& c) {
  adam_body(parameter, gradient, exp_avg, exp_avg_sq, count, c);
}
#endif

}  // namespace

double sum_of_squares(const float* values, std::int64_t count) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) return sum_of_squares_avx2(values, count);
#endif
  return sum_of_squares_baseline(values, count);
}

void adam_update(float* parameter, const float* gradient, float* exp_avg, float* exp_avg_sq,
                 std::int64_t count, const AdamCoefficients& coefficients) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) return adam_avx2(parameter, gradient, exp_avg, exp_avg_sq, count, coefficients);
#endif
  adam_baseline(parameter, gradient, exp_avg, exp_avg_sq, count, coefficients);
}

}  // namespace attn::kernels
