#pragma once
// Mixed precision on CUDA: autocast for the forward pass, and for fp16 a
// dynamic loss scale (bf16 has fp32's exponent range and needs none).

#include <torch/torch.h>

#include "attn/train_config.h"

#include <cstdint>
#include <string>

namespace attn {

// Enables CUDA autocast to `dtype` for its lifetime (thread-local, as autocast is).
class AutocastScope {
 public:
  AutocastScope(bool enabled, torch::ScalarType dtype);
  ~AutocastScope();
  AutocastScope(const AutocastScope&) = delete;
  AutocastScope& operator=(const AutocastScope&) = delete;

 private:
  bool enabled_;
};

// bf16 where the device runs it, fp16 otherwise.
torch::ScalarType preferred_half_type(const torch::Device& device);
// The autocast type a mode asks for (Auto: preferred_half_type; Off: float32).
torch::ScalarType half_type_for(AmpMode mode, const torch::Device& device);

// The dynamic loss scale of fp16 training, kept as torch.amp.GradScaler keeps
// it: the scale, the number of finite steps since it last changed and whether
// this step's gradients overflowed are tensors on the training device, so
// unscaling and updating never wait for the device. Multiply the loss by
// scale_tensor(), unscale() the gradients, skip the optimiser when
// !gradients_finite() (the step's one read of the flag), then update().
class LossScaler {
 public:
  // As PyTorch's GradScaler: initial scale 2^16, ×2 after 2000 finite steps
  // in a row, ×0.5 after an overflow.
  static constexpr double kInitialScale = 65536.0;
  static constexpr double kGrowthFactor = 2.0;
  static constexpr double kBackoffFactor = 0.5;
  static constexpr std::int64_t kGrowthInterval = 2000;

  explicit LossScaler(bool enabled, const torch::Device& device = torch::kCPU);
  bool enabled() const { return enabled_; }
  // The loss's factor (an undefined tensor when disabled: the loss as it is).
  torch::Tensor scale_tensor() const { return enabled_ ? scale_ : torch::Tensor(); }
  // The current scale, read from the device: for logs, not inside a step.
  double scale() const;
  // Divides every gradient by the scale and notes whether any value is inf or NaN.
  void unscale(const std::vector<torch::Tensor>& parameters);
  // Whether the gradients unscale() saw were all finite (true when disabled).
  bool gradients_finite() const;
  // What gradients_finite() reads: a device scalar, nonzero after an overflow
  // (undefined when disabled), for a step that reads it with other values.
  torch::Tensor overflow_flag() const { return enabled_ ? found_inf_ : torch::Tensor(); }
  // Grows or backs off the scale after a step, from what unscale() saw.
  void update();

 private:
  bool enabled_;
  torch::Tensor scale_;           // float32, one element
  torch::Tensor growth_tracker_;  // int32, one element: finite steps in a row
  torch::Tensor found_inf_;       // float32, one element: 1 after an overflow
};

}  // namespace attn
