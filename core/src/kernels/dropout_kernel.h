#pragma once
// Inverted dropout (§5.4) with masks that are never stored.
//
// Whether element i is kept is a pure function of (key, i): a counter-based
// hash instead of a stateful generator. The forward pass draws one key per
// call; the backward pass hands the same key back and regenerates the same
// mask, the way GPU dropout kernels use Philox counters. That removes the
// mask tensor (one float per activation) and LibTorch 1.13's element-by-element
// CPU generator, which cost more than the layer's arithmetic.
//
// Plain C++, no LibTorch: the caller splits the range across threads; every
// element's decision depends only on (key, i), so any split gives the same mask.

#include <cstdint>

namespace attn::kernels {

// The keep test compares 24 random bits with this: P(drop) = threshold / 2^24,
// the resolution of a float uniform in [0, 1).
std::int32_t dropout_threshold(double drop_probability);

// output[i] = keep(key, first + i) ? input[i] · scale : 0 for i in [0, count).
// input and output may be the same array.
void dropout_apply(const float* input, float* output, std::int64_t first, std::int64_t count,
                   std::uint64_t key, std::int32_t threshold, float scale);

// The FFN's ReLU and the dropout after it in one pass (§3.3, §5.4):
// output[i] = keep(key, first + i) ? max(input[i], 0) · scale : 0.
void relu_dropout_apply(const float* input, float* output, std::int64_t first, std::int64_t count,
                        std::uint64_t key, std::int32_t threshold, float scale);

// Its gradient from its own output, so neither the input nor the mask is kept:
// result[i] = output[i] > 0 ? output_gradient[i] · scale : 0.
void relu_dropout_gradient(const float* output_gradient, const float* output, float* result,
                           std::int64_t count, float scale);

}  // namespace attn::kernels
