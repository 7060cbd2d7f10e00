#pragma once
// The post-norm residual connection of §3.1, LayerNorm(x + Dropout(y)), as
// one autograd node on the CPU (kernels/residual_norm_kernel.h): one pass per
// row forward and one backward, where the separate layers make three passes
// and three tensors each way. The same numbers as the separate layers (the
// tests compare them to 1e-5) and the same dropout mask for the same key.

#include <torch/torch.h>

#include "model/dropout.h"

namespace attn {

// Whether the fused node applies: CPU float32 x and y of one shape, and a
// LayerNorm over their last dimension with γ and β.
bool post_norm_residual_fusable(const torch::nn::LayerNormImpl& norm, const torch::Tensor& x,
                                const torch::Tensor& y);

// norm(x + dropout(y)), dropout as in training or evaluation per its mode.
torch::Tensor post_norm_residual(const torch::nn::LayerNormImpl& norm, const DropoutImpl& dropout,
                                 const torch::Tensor& x, const torch::Tensor& y);

}  // namespace attn
