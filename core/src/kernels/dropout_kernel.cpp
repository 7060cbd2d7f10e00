#include "kernels/dropout_kernel.h"

#include <algorithm>
#include <cmath>

#include "kernels/isa.h"

// Compiled twice like small_gemm.cpp (baseline x86-64 and AVX2, kernels/isa.h);
// the loops are written so the compiler vectorises them: 32-bit integer
// multiplies and shifts for the hash, integer arithmetic for the keep test.

namespace attn::kernels {
namespace {

// A 32-bit integer hash with low bias: xor-shift / multiply rounds with the
// constants of C. Wellons' "lowbias32" (hash-prospector). A bijection of the
// 32-bit integers, so distinct counters give distinct outputs.
ATTN_KERNEL_INLINE std::uint32_t mix(std::uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

// Two rounds keyed by both halves of the 64-bit key: calls with different
// keys give unrelated streams, not shifted copies of one stream.
ATTN_KERNEL_INLINE std::int32_t random_24_bits(std::uint32_t counter, std::uint32_t key_low,
                                               std::uint32_t key_high) {
  return static_cast<std::int32_t>(mix(mix(counter ^ key_low) ^ key_high) >> 8);
}

// ReluFirst: max(input, 0) goes through the mask instead of input.
template <bool ReluFirst>
ATTN_KERNEL_INLINE void apply_range(const float* input, float* output, std::int64_t first,
                                    std::int64_t count, std::uint64_t key, std::int32_t threshold,
                                    float scale) {
  // Counters are 32-bit (vector lanes); the high half of an index, for
  // tensors past 2^32 elements, goes into the key.
  std::int64_t done = 0;
  while (done < count) {
    const std::int64_t index = first + done;
    const std::uint64_t block = static_cast<std::uint64_t>(index) >> 32;
    const std::uint64_t block_key = key ^ (block * 0x9e3779b97f4a7c15ULL);
    const std::uint32_t key_low = static_cast<std::uint32_t>(block_key),
                        key_high = static_cast<std::uint32_t>(block_key >> 32);
    const std::uint32_t start = static_cast<std::uint32_t>(index);
    const std::int64_t block_end = static_cast<std::int64_t>((block + 1) << 32);
    const std::int64_t run = (block_end - index < count - done) ? block_end - index : count - done;
    const float* in = input + done;
    float* out = output + done;
    for (std::int64_t i = 0; i < run; ++i) {
      // Branch-free so the loop vectorises: bits − threshold is negative
      // exactly when the element is dropped, and its sign bit makes keep 0.
      const std::int32_t bits =
          random_24_bits(start + static_cast<std::uint32_t>(i), key_low, key_high);
      const float keep = static_cast<float>(1 + ((bits - threshold) >> 31));
      const float value = ReluFirst ? std::max(in[i], 0.0f) : in[i];
      out[i] = value * (keep * scale);
    }
    done += run;
  }
}

// The gradient of max(x, 0) · mask · scale: where the output is positive, x
// was positive and kept, and the derivative is scale; elsewhere it is 0.
ATTN_KERNEL_INLINE void relu_dropout_gradient_range(const float* output_gradient,
                                                    const float* output, float* result,
                                                    std::int64_t count, float scale) {
  for (std::int64_t i = 0; i < count; ++i) {
    const float passes = static_cast<float>(output[i] > 0.0f);
    result[i] = output_gradient[i] * (passes * scale);
  }
}

template <bool ReluFirst>
void apply_baseline(const float* input, float* output, std::int64_t first, std::int64_t count,
                    std::uint64_t key, std::int32_t threshold, float scale) {
  apply_range<ReluFirst>(input, output, first, count, key, threshold, scale);
}

void relu_dropout_gradient_baseline(const float* output_gradient, const float* output,
                                    float* result, std::int64_t count, float scale) {
  relu_dropout_gradient_range(output_gradient, output, result, count, scale);
}

#if ATTN_KERNELS_HAVE_AVX2
template <bool ReluFirst>
ATTN_TARGET_AVX2 void apply_avx2(const float* input, float* output, std::int64_t first,
                                 std::int64_t count, std::uint64_t key, std::int32_t threshold,
                                 float scale) {
  apply_range<ReluFirst>(input, output, first, count, key, threshold, scale);
}

ATTN_TARGET_AVX2 void relu_dropout_gradient_avx2(const float* output_gradient, const float* output,
                                                 float* result, std::int64_t count, float scale) {
  relu_dropout_gradient_range(output_gradient, output, result, count, scale);
}
#endif

template <bool ReluFirst>
void apply(const float* input, float* output, std::int64_t first, std::int64_t count,
           std::uint64_t key, std::int32_t threshold, float scale) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) return apply_avx2<ReluFirst>(input, output, first, count, key, threshold, scale);
#endif
  apply_baseline<ReluFirst>(input, output, first, count, key, threshold, scale);
}

}  // namespace

std::int32_t dropout_threshold(double drop_probability) {
  return static_cast<std::int32_t>(std::lround(drop_probability * 16777216.0));
}

void dropout_apply(const float* input, float* output, std::int64_t first, std::int64_t count,
                   std::uint64_t key, std::int32_t threshold, float scale) {
  apply<false>(input, output, first, count, key, threshold, scale);
}

void relu_dropout_apply(const float* input, float* output, std::int64_t first, std::int64_t count,
                        std::uint64_t key, std::int32_t threshold, float scale) {
  apply<true>(input, output, first, count, key, threshold, scale);
}

void relu_dropout_gradient(const float* output_gradient, const float* output, float* result,
                           std::int64_t count, float scale) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) return relu_dropout_gradient_avx2(output_gradient, output, result, count, scale);
#endif
  relu_dropout_gradient_baseline(output_gradient, output, result, count, scale);
}

}  // namespace attn::kernels
