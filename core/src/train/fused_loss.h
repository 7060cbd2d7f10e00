#pragma once
// The output projection (§3.4) and the label-smoothed loss (§5.4) of a
// training step as one autograd node on the CPU:
//
//   projected_label_smoothed_loss_sum(h, W, y, ε)
//     = label_smoothed_loss_sum(h·Wᵀ, y, ε)   (optimization.h)
//
// with the same value and gradients for h and W (the tests compare them to
// 1e-5). The logits are made by one product and then turned into their own
// gradient in place (kernels/cross_entropy_kernel.h), so the log-probabilities
// and the backward pass's [positions, vocabulary] tensors of log_softmax,
// gather and mean are never made; the backward pass is the two products of
// the projection's gradient.

#include <torch/torch.h>

namespace attn {

// True where the fused node applies: CPU float32 states and weight, outside
// autocast. Elsewhere the caller projects and takes label_smoothed_loss_sum.
bool projected_loss_fusable(const torch::Tensor& states, const torch::Tensor& weight);

// states [..., D], weight [V, D] (the output projection, possibly the tied
// target embedding), labels [...] with <pad> positions ignored → the summed
// loss over real positions, a float32 scalar.
torch::Tensor projected_label_smoothed_loss_sum(const torch::Tensor& states,
                                                const torch::Tensor& weight,
                                                const torch::Tensor& labels, double smoothing);

}  // namespace attn
