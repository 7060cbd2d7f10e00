#pragma once
// Many small independent matrix products, C_i = A_i · B_i, in single precision.
//
// Attention multiplies one small matrix per (example, head): 256 products of
// 16×16 by 16×16 in the bench-tiny preset. LibTorch 1.13's CPU bmm without
// MKL runs them as a loop over the batch that selects three sub-tensors and
// goes through the full matmul dispatch for each, which costs several
// microseconds a product, ten times the arithmetic. This kernel does the
// whole batch in one call, with operands given by pointers and strides, so
// transposed operands (the backward pass) need no copies either.
//
// Plain C++, no LibTorch: the caller splits the batch across threads.

#include <cstdint>

namespace attn::kernels {

// One operand of every product: matrix i starts at base[i]; element (r, c)
// is at base[i][r * row_stride + c * column_stride]. Any strides work.
struct StridedMatrices {
  const float* const* base;
  std::int64_t row_stride;
  std::int64_t column_stride;
};

// C_i (m×n, element (r, c) at c[i][r * c_row_stride + c]) = A_i (m×k) · B_i (k×n)
// for i in [0, count). C's columns are contiguous; C_i must not overlap A_i or B_i.
void small_gemm_batch(std::int64_t count, std::int64_t m, std::int64_t n, std::int64_t k,
                      StridedMatrices a, StridedMatrices b, float* const* c,
                      std::int64_t c_row_stride);

}  // namespace attn::kernels
