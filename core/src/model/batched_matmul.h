#pragma once

#include <torch/torch.h>

namespace attn {

// a [..., m, k] · b [..., k, n] → [..., m, n] for operands with the same
// leading (batch) dimensions, differentiable. CPU float32 operands go through
// one call of kernels::small_gemm_batch per thread, which reads transposed and
// strided views in place; anything else (CUDA, half precision, broadcasting)
// through torch::matmul.
torch::Tensor batched_matmul(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace attn
