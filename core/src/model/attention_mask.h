#pragma once
// Masks shared by both implementations. The id of <pad> is 0 everywhere.

#include <torch/torch.h>

namespace attn {

constexpr int64_t kPadId = 0;

// [B, T] bool, true where the token is padding (keys to ignore).
torch::Tensor padding_mask(const torch::Tensor& tokens);

// [T, T] float, 0 on and below the diagonal and -inf above it, added to the
// attention scores so position i cannot attend to positions after i (§3.2.3).
torch::Tensor causal_mask(int64_t length, const torch::TensorOptions& options);

}  // namespace attn
