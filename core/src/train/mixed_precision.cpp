#include "train/mixed_precision.h"

#include "torch_compat.h"

namespace attn {
namespace {

void set_cuda_autocast(bool enabled, torch::ScalarType dtype) {
  compat::set_autocast(c10::DeviceType::CUDA, enabled, dtype);
}

}  // namespace

AutocastScope::AutocastScope(bool enabled, torch::ScalarType dtype) : enabled_(enabled) {
  if (!enabled_) return;
  set_cuda_autocast(true, dtype);
  at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
  if (!enabled_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set_cuda_autocast(false, torch::kFloat16);
}

torch::ScalarType preferred_half_type(const torch::Device& device) {
  try {
    auto probe = torch::ones({8, 8}, torch::TensorOptions().device(device).dtype(torch::kBFloat16));
    (void)torch::matmul(probe, probe).sum().item<float>();
    return torch::kBFloat16;
  } catch (const std::exception&) {
    return torch::kFloat16;
  }
}

torch::ScalarType half_type_for(AmpMode mode, const torch::Device& device) {
  switch (mode) {
    case AmpMode::Auto:
      return preferred_half_type(device);
    case AmpMode::BFloat16:
      return torch::kBFloat16;
    case AmpMode::Float16:
      return torch::kFloat16;
    case AmpMode::Off:
      break;
  }
  return torch::kFloat32;
}

LossScaler::LossScaler(bool enabled, const torch::Device& device) : enabled_(enabled) {
  const auto on_device = torch::TensorOptions().device(device);
  scale_ = torch::full({1}, kInitialScale, on_device.dtype(torch::kFloat32));
  growth_tracker_ = torch::zeros({1}, on_device.dtype(torch::kInt32));
  found_inf_ = torch::zeros({1}, on_device.dtype(torch::kFloat32));
}

double LossScaler::scale() const { return enabled_ ? scale_.item<double>() : 1.0; }

void LossScaler::unscale(const std::vector<torch::Tensor>& parameters) {
  if (!enabled_) return;
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> gradients;
  for (const auto& parameter : parameters) {
    if (parameter.grad().defined()) gradients.push_back(parameter.grad());
  }
  found_inf_.zero_();
  compat::amp_unscale_and_check(gradients, found_inf_, scale_.reciprocal());
}

bool LossScaler::gradients_finite() const { return !enabled_ || found_inf_.item<float>() == 0.0f; }

void LossScaler::update() {
  if (!enabled_) return;
  compat::amp_update_scale(scale_, growth_tracker_, found_inf_, kGrowthFactor, kBackoffFactor,
                           kGrowthInterval);
}

}  // namespace attn
