#pragma once
// Mixed precision on CUDA: autocast for the forward pass, and for fp16 a
// dynamic loss scale (bf16 has fp32's exponent range and needs none).

#include <torch/torch.h>

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

// The dynamic loss scaler of fp16 training: multiply the loss, divide the
// gradients, skip steps whose gradients overflowed and halve the scale; grow
// it again after a run of good steps.
class LossScaler {
 public:
  explicit LossScaler(bool enabled) : enabled_(enabled) {}
  double scale() const { return enabled_ ? scale_ : 1.0; }
  // Divides the gradients by the scale.
  void unscale(const std::vector<torch::Tensor>& parameters) const;
  // Given the unscaled global gradient norm: true when the step may proceed.
  bool update(double gradient_norm);

 private:
  bool enabled_;
  double scale_ = 65536.0;
  std::int64_t good_steps_ = 0;
};

}  // namespace attn
