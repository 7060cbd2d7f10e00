#pragma once
// The post-norm residual connection of §3.1 with the dropout of §5.4 in one
// pass per row:
//
//   sum    = x + dropout(y)
//   output = LayerNorm(sum) = (sum − mean) / √(var + ε) · γ + β
//
// instead of one pass and one tensor each for the dropout, the sum and
// LibTorch's layer_norm, and the gradient of all three in one pass per row
// too. The dropout's mask is the counter hash of kernels/dropout_kernel.h:
// element i of y is kept exactly when dropout_apply would keep element i, so
// the fused and the separate layers draw the same mask from the same key.
//
// Plain C++, no LibTorch: the caller splits the rows across threads.

#include <cstdint>

namespace attn::kernels {

// The dropout applied to y; threshold 0 and scale 1 leave y as it is.
struct RowDropout {
  std::uint64_t key = 0;
  std::int32_t threshold = 0;
  float scale = 1.0f;
};

// Rows [first_row, first_row + rows) of width `width` (row r's elements start
// at r · width in every array). Writes `sum` (kept for the backward pass),
// `output`, and each row's mean and 1/√(var + ε) (biased variance, as
// LibTorch's layer_norm).
void residual_layer_norm(const float* x, const float* y, const float* gamma, const float* beta,
                         float* sum, float* output, float* mean, float* inverse_std,
                         std::int64_t first_row, std::int64_t rows, std::int64_t width,
                         float epsilon, RowDropout dropout);

// Its gradient for the same rows from the output's gradient `g`: writes the
// gradients of x and y, and adds the rows' share of γ's and β's gradients to
// gamma_gradient and beta_gradient (one accumulator per thread, summed by the
// caller).
void residual_layer_norm_gradient(const float* g, const float* sum, const float* mean,
                                  const float* inverse_std, const float* gamma, float* x_gradient,
                                  float* y_gradient, float* gamma_gradient, float* beta_gradient,
                                  std::int64_t first_row, std::int64_t rows, std::int64_t width,
                                  RowDropout dropout);

}  // namespace attn::kernels
