#include "kernels/softmax_kernel.h"

#include <limits>
#include <vector>

#include "kernels/isa.h"
#include "kernels/vector8.h"
#include "kernels/vector_math.h"

// Compiled twice like the other kernels (kernels/isa.h). Rows are processed
// eight keys at a time in GCC vector types; a row's last partial group is
// padded (with −inf for scores, so it adds nothing to the maximum or the sum).

namespace attn::kernels {
namespace {

template <bool HasQueryKeyMask, bool HasPadding>
ATTN_KERNEL_INLINE void softmax_body(const float* scores, float* probabilities,
                                     std::int64_t queries, std::int64_t keys, float scale,
                                     const float* query_key_mask, const bool* padded_keys) {
  const Int8 lane = {0, 1, 2, 3, 4, 5, 6, 7};
  // The padding as an additive row, once per matrix rather than per query.
  std::vector<float> key_mask;
  if constexpr (HasPadding) {
    key_mask.resize(static_cast<std::size_t>(keys));
    for (std::int64_t j = 0; j < keys; ++j) {
      key_mask[static_cast<std::size_t>(j)] = padded_keys[j] ? kMinusInfinity : 0.0f;
    }
  }
  for (std::int64_t q = 0; q < queries; ++q) {
    const float* s = scores + q * keys;
    float* y = probabilities + q * keys;
    // Pass 1: masked, scaled scores into y, and their maximum.
    Vec8 row_max = splat(kMinusInfinity);
    for (std::int64_t j = 0; j < keys; j += kLanes) {
      const std::int64_t width = keys - j < kLanes ? keys - j : kLanes;
      Vec8 z = load(s + j, width, 0.0f) * scale;
      if constexpr (HasQueryKeyMask) z += load(query_key_mask + q * keys + j, width, 0.0f);
      if constexpr (HasPadding) z += load(key_mask.data() + j, width, 0.0f);
      z = lane < static_cast<std::int32_t>(width) ? z : splat(kMinusInfinity);
      store(y + j, z, width);
      row_max = z > row_max ? z : row_max;
    }
    const float m = horizontal_max(row_max);
    if (m == kMinusInfinity) {  // every key excluded
      for (std::int64_t j = 0; j < keys; ++j) y[j] = 0.0f;
      continue;
    }
    // Pass 2: exponentials (the subtracted maximum keeps them ≤ 1) and their sum.
    Vec8 row_sum = Vec8{};
    for (std::int64_t j = 0; j < keys; j += kLanes) {
      const std::int64_t width = keys - j < kLanes ? keys - j : kLanes;
      const Vec8 e = exp_of_nonpositive8(load(y + j, width, kMinusInfinity) - m);
      store(y + j, e, width);
      row_sum += e;
    }
    // Pass 3: normalise (over L1-resident data: a row is at most a few KB).
    const float inverse = 1.0f / horizontal_sum(row_sum);
    for (std::int64_t j = 0; j < keys; j += kLanes) {
      const std::int64_t width = keys - j < kLanes ? keys - j : kLanes;
      store(y + j, load(y + j, width, 0.0f) * inverse, width);
    }
  }
}

ATTN_KERNEL_INLINE void softmax_gradient_body(const float* probabilities,
                                              const float* output_gradient, float* result,
                                              std::int64_t rows, std::int64_t keys, float scale) {
  for (std::int64_t row = 0; row < rows; ++row) {
    const float* p = probabilities + row * keys;
    const float* g = output_gradient + row * keys;
    float* out = result + row * keys;
    Vec8 dot = Vec8{};
    for (std::int64_t j = 0; j < keys; j += kLanes) {
      const std::int64_t width = keys - j < kLanes ? keys - j : kLanes;
      dot += load(g + j, width, 0.0f) * load(p + j, width, 0.0f);
    }
    const float total = horizontal_sum(dot);
    for (std::int64_t j = 0; j < keys; j += kLanes) {
      const std::int64_t width = keys - j < kLanes ? keys - j : kLanes;
      const Vec8 pj = load(p + j, width, 0.0f);
      store(out + j, (pj * scale) * (load(g + j, width, 0.0f) - total), width);
    }
  }
}

template <bool HasQueryKeyMask, bool HasPadding>
void softmax_baseline(const float* scores, float* probabilities, std::int64_t queries,
                      std::int64_t keys, float scale, const float* query_key_mask,
                      const bool* padded_keys) {
  softmax_body<HasQueryKeyMask, HasPadding>(scores, probabilities, queries, keys, scale,
                                            query_key_mask, padded_keys);
}

void softmax_gradient_baseline(const float* probabilities, const float* output_gradient,
                               float* result, std::int64_t rows, std::int64_t keys, float scale) {
  softmax_gradient_body(probabilities, output_gradient, result, rows, keys, scale);
}

#if ATTN_KERNELS_HAVE_AVX2
template <bool HasQueryKeyMask, bool HasPadding>
ATTN_TARGET_AVX2 void softmax_avx2(const float* scores, float* probabilities, std::int64_t queries,
                                   std::int64_t keys, float scale, const float* query_key_mask,
                                   const bool* padded_keys) {
  softmax_body<HasQueryKeyMask, HasPadding>(scores, probabilities, queries, keys, scale,
                                            query_key_mask, padded_keys);
}

ATTN_TARGET_AVX2 void softmax_gradient_avx2(const float* probabilities,
                                            const float* output_gradient, float* result,
                                            std::int64_t rows, std::int64_t keys, float scale) {
  softmax_gradient_body(probabilities, output_gradient, result, rows, keys, scale);
}
#endif

template <bool HasQueryKeyMask, bool HasPadding>
void softmax(const float* scores, float* probabilities, std::int64_t queries, std::int64_t keys,
             float scale, const float* query_key_mask, const bool* padded_keys) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) {
    return softmax_avx2<HasQueryKeyMask, HasPadding>(scores, probabilities, queries, keys, scale,
                                                     query_key_mask, padded_keys);
  }
#endif
  softmax_baseline<HasQueryKeyMask, HasPadding>(scores, probabilities, queries, keys, scale,
                                                query_key_mask, padded_keys);
}

}  // namespace

float exp_of_nonpositive(float x) { return exp_of_nonpositive8(splat(x))[0]; }

void masked_softmax(const float* scores, float* probabilities, std::int64_t queries,
                    std::int64_t keys, float scale, const float* query_key_mask,
                    const bool* padded_keys) {
  if (query_key_mask != nullptr && padded_keys != nullptr) {
    softmax<true, true>(scores, probabilities, queries, keys, scale, query_key_mask, padded_keys);
  } else if (query_key_mask != nullptr) {
    softmax<true, false>(scores, probabilities, queries, keys, scale, query_key_mask, padded_keys);
  } else if (padded_keys != nullptr) {
    softmax<false, true>(scores, probabilities, queries, keys, scale, query_key_mask, padded_keys);
  } else {
    softmax<false, false>(scores, probabilities, queries, keys, scale, query_key_mask, padded_keys);
  }
}

void masked_softmax_gradient(const float* probabilities, const float* output_gradient,
                             float* result, std::int64_t rows, std::int64_t keys, float scale) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2())
    return softmax_gradient_avx2(probabilities, output_gradient, result, rows, keys, scale);
#endif
  softmax_gradient_baseline(probabilities, output_gradient, result, rows, keys, scale);
}

}  // namespace attn::kernels
