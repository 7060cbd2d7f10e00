#pragma once

#include <torch/torch.h>

#include "attn/model_config.h"

namespace attn {

// §3.3: FFN(x) = max(0, x W1 + b1) W2 + b2 (ReLU; GELU as an option), with
// dropout on the hidden layer as LibTorch's Transformer layers apply it.
// *hidden receives the activation output when it is not null.
// DropoutModule: ours (model/dropout.h) or LibTorch's inside its own layers.
template <typename DropoutModule>
torch::Tensor feed_forward(const torch::Tensor& x, torch::nn::Linear& linear1, torch::nn::Linear& linear2,
                           DropoutModule& dropout, Activation activation, torch::Tensor* hidden) {
  auto pre_activation = linear1(x);
  auto activated = activation == Activation::GELU ? torch::gelu(pre_activation)
                                                  : torch::relu(pre_activation);
  if (hidden != nullptr) *hidden = activated;
  return linear2(dropout(activated));
}

}  // namespace attn
