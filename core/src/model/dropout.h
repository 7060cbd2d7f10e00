#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace attn {

// Inverted dropout (§5.4): in training, each element is kept with probability
// 1 − p and scaled by 1/(1 − p); in evaluation it is the identity. The same
// distribution as torch::nn::Dropout. On the CPU the mask comes from a
// counter-based hash keyed once per call (kernels/dropout_kernel.h): the
// backward pass regenerates it instead of keeping it, and no element-by-element
// generator runs. LibTorch 1.13's CPU bernoulli_ and uniform_ draw one
// generator value per element, which cost more than the layer's arithmetic.
// Keys come from LibTorch's default CPU generator, so torch::manual_seed makes
// runs repeatable. Other devices and types use a uniform_ mask.
class DropoutImpl : public torch::nn::Module {
 public:
  explicit DropoutImpl(double p);

  torch::Tensor forward(const torch::Tensor& x);

  double p() const { return p_; }

 private:
  double p_;
};
TORCH_MODULE(Dropout);

// A fresh key for the dropout mask hash (kernels/dropout_kernel.h), drawn
// from LibTorch's default CPU generator.
std::uint64_t draw_dropout_key();

// dropout(relu(x)), the FFN's hidden layer in training (§3.3, §5.4), fused
// into one pass on the CPU; the same distribution as the two steps.
torch::Tensor dropout_of_relu(DropoutImpl& dropout, const torch::Tensor& x);

}  // namespace attn
