#include "train/mixed_precision.h"

#include "torch_compat.h"

#include <cmath>

namespace attn {
namespace {

constexpr std::int64_t kGrowthInterval = 2000;  // as torch.cuda.amp.GradScaler

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

void LossScaler::unscale(const std::vector<torch::Tensor>& parameters) const {
  if (!enabled_) return;
  torch::NoGradGuard no_grad;
  for (const auto& parameter : parameters) {
    if (parameter.grad().defined()) parameter.grad().div_(scale_);
  }
}

bool LossScaler::update(double gradient_norm) {
  if (!enabled_) return true;
  if (!std::isfinite(gradient_norm)) {
    scale_ = std::max(1.0, scale_ / 2);
    good_steps_ = 0;
    return false;
  }
  if (++good_steps_ % kGrowthInterval == 0) scale_ *= 2;
  return true;
}

}  // namespace attn
