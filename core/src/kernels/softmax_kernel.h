#pragma once
// The attention weights of one head in one pass per row (§3.2.1):
//
//   probabilities = softmax(scale · scores + masks)
//
// with the 1/√d_k scale, the masks and the softmax fused, so the
// scores are read once and the weights written once, instead of one pass (and
// one tensor) each for the scale, the causal mask, the key padding and the
// softmax. The exponential is a vectorised polynomial (below), since the
// standard library's expf is a scalar call that would cost more than the rest.
//
// Plain C++, no LibTorch: the caller splits the (example, head) matrices
// across threads.

#include <cstdint>

namespace attn::kernels {

// e^x for x ≤ 0 (the softmax only takes exponentials of score − row maximum)
// to about 1e-7 relative (the tests measure 7.8e-8 on [−87, 0]); 0 below −87,
// where e^x leaves the normal floats, and for x = −inf. Exposed for the tests.
float exp_of_nonpositive(float x);

// One matrix of scores [queries, keys] (rows contiguous) → probabilities of
// the same layout; `probabilities` may be `scores`. `query_key_mask`
// [queries, keys] (the causal mask, §3.2.3) is added before the softmax, −inf
// excluding a key; padded_keys[j] (padding) excludes key j. Either may be null.
// A row whose keys are all excluded gets zero weights, not NaN.
void masked_softmax(const float* scores, float* probabilities, std::int64_t queries,
                    std::int64_t keys, float scale, const float* query_key_mask,
                    const bool* padded_keys);

// Its gradient for `rows` rows of width `keys`, from the probabilities alone:
// d(scores) = scale · p ⊙ (g − Σ_j g_j p_j), row by row. `result` may be
// `output_gradient`.
void masked_softmax_gradient(const float* probabilities, const float* output_gradient,
                             float* result, std::int64_t rows, std::int64_t keys, float scale);

}  // namespace attn::kernels
