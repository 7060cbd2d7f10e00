#include "train/fused_adam.h"

#include <cmath>

#include "kernels/parameter_kernels.h"
#include "model/kernel_inputs.h"
#include "torch_compat.h"

namespace attn {

torch::optim::AdamParamState& adam_state_of(torch::optim::Adam& optimizer,
                                            const torch::Tensor& parameter) {
  auto& slot = optimizer.state()[compat::optimizer_state_key(parameter)];
  if (!slot) {
    // Adam's own initial state, in Adam's own state type.
    auto state = std::make_unique<torch::optim::AdamParamState>();
    state->step(0);
    state->exp_avg(torch::zeros_like(parameter, torch::MemoryFormat::Preserve));
    state->exp_avg_sq(torch::zeros_like(parameter, torch::MemoryFormat::Preserve));
    slot = std::move(state);
  }
  return static_cast<torch::optim::AdamParamState&>(*slot);
}

bool FusedAdam::fusable() const {
  for (const auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    if (options.weight_decay() != 0 || options.amsgrad()) return false;
    for (const auto& parameter : group.params()) {
      if (!readable_by_cpu_kernels(parameter) || !parameter.is_contiguous()) {
        return false;
      }
    }
  }
  return true;
}

torch::Tensor FusedAdam::step(LossClosure closure) {
  if (!fusable()) return torch::optim::Adam::step(std::move(closure));
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure != nullptr) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
    const double beta1 = std::get<0>(options.betas()), beta2 = std::get<1>(options.betas());
    for (auto& parameter : group.params()) {
      if (!parameter.grad().defined()) continue;
      auto& state = adam_state_of(*this, parameter);
      state.step(state.step() + 1);
      const double bias_correction1 = 1 - std::pow(beta1, state.step());
      const double bias_correction2 = 1 - std::pow(beta2, state.step());
      const kernels::AdamCoefficients coefficients{
          static_cast<float>(beta1),
          static_cast<float>(beta2),
          static_cast<float>(1 - beta1),
          static_cast<float>(1 - beta2),
          static_cast<float>(options.lr() / bias_correction1),
          static_cast<float>(std::sqrt(bias_correction2)),
          static_cast<float>(options.eps())};
      const auto gradient = parameter.grad().contiguous();
      auto& exp_avg = state.exp_avg();
      auto& exp_avg_sq = state.exp_avg_sq();
      if (!exp_avg.is_contiguous()) exp_avg = exp_avg.contiguous();
      if (!exp_avg_sq.is_contiguous()) exp_avg_sq = exp_avg_sq.contiguous();
      float* p = parameter.data_ptr<float>();
      const float* g = gradient.data_ptr<float>();
      float* m = exp_avg.data_ptr<float>();
      float* v = exp_avg_sq.data_ptr<float>();
      at::parallel_for(0, parameter.numel(), kElementsPerThreadSlice,
                       [&](int64_t begin, int64_t end) {
                         kernels::adam_update(p + begin, g + begin, m + begin, v + begin,
                                              end - begin, coefficients);
                       });
      // Written through raw pointers: tell autograd, as in-place ops do.
      parameter.unsafeGetTensorImpl()->bump_version();
    }
  }
  return loss;
}

}  // namespace attn
