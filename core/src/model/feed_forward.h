#pragma once

#include <torch/torch.h>

#include "attn/model_config.h"
#include "model/dropout.h"
#include "model/trace.h"

namespace attn {

// The feed-forward network's non-linearity.
inline torch::Tensor activate(const torch::Tensor& pre_activation, Activation activation) {
  switch (activation) {
    case Activation::GELU:
      return torch::gelu(pre_activation);  // exact (erf), as LibTorch's kGELU
    case Activation::SiLU:
      return torch::silu(pre_activation);
    case Activation::ReLU:
      break;
  }
  return torch::relu(pre_activation);
}

// The activation and the dropout after it; *hidden receives the activation
// output when it is not null.
template <typename DropoutModule>
torch::Tensor activate_then_drop(const torch::Tensor& pre_activation, Activation activation,
                                 DropoutModule& dropout, torch::Tensor* hidden) {
  auto activated = activate(pre_activation, activation);
  if (hidden != nullptr) *hidden = activated;
  return dropout(activated);
}

// Ours: ReLU and dropout fused when nothing asks for the activation itself.
inline torch::Tensor activate_then_drop(const torch::Tensor& pre_activation, Activation activation,
                                        Dropout& dropout, torch::Tensor* hidden) {
  if (activation == Activation::ReLU && hidden == nullptr)
    return dropout_of_relu(*dropout, pre_activation);
  return activate_then_drop<Dropout>(pre_activation, activation, dropout, hidden);
}

// §3.3: FFN(x) = max(0, x W1 + b1) W2 + b2 (ReLU; GELU and SiLU as options), with
// dropout on the hidden layer as LibTorch's Transformer layers apply it.
// The trace (may be null) receives the activation output, and at the stage
// level the pre-activation x W1 + b1 too.
// DropoutModule: ours (model/dropout.h) or LibTorch's inside its own layers.
template <typename DropoutModule>
torch::Tensor feed_forward(const torch::Tensor& x, torch::nn::Linear& linear1,
                           torch::nn::Linear& linear2, DropoutModule& dropout,
                           Activation activation, LayerTrace* trace) {
  auto pre_activation = linear1(x);
  if (trace != nullptr && trace->keep_stages) trace->ffn_pre_activation = pre_activation;
  return linear2(activate_then_drop(pre_activation, activation, dropout,
                                    trace != nullptr ? &trace->ffn_hidden : nullptr));
}

}  // namespace attn
