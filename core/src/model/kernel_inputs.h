#pragma once

#include <torch/torch.h>

namespace attn {

// Whether the plain C++ kernels (core/src/kernels) can read a tensor through
// a float pointer and its strides: float32 values in strided CPU memory.
// Everything else (CUDA, half precision, sparse) takes LibTorch's operations.
inline bool readable_by_cpu_kernels(const torch::Tensor& t) {
  return t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.layout() == torch::kStrided;
}

// Elements per thread's slice when an elementwise kernel is split across
// threads: below this, one thread does the whole tensor.
constexpr int64_t kElementsPerThreadSlice = int64_t{1} << 15;

}  // namespace attn
