#pragma once

#include <torch/torch.h>

namespace attn {

// torch::optim::Adam with its update done in one pass per parameter
// (kernels/parameter_kernels.h) for CPU float32 parameters. It keeps Adam's
// own per-parameter state (step, exp_avg, exp_avg_sq), so checkpoints save
// and load exactly as LibTorch's Adam's do, in either direction. Anything the
// fused pass does not cover (other devices or types, weight decay, AMSGrad)
// runs LibTorch's step.
// `parameter`'s state in `optimizer`, made as Adam makes it (step 0, zero
// moments) where it has none yet.
torch::optim::AdamParamState& adam_state_of(torch::optim::Adam& optimizer,
                                            const torch::Tensor& parameter);

class FusedAdam : public torch::optim::Adam {
 public:
  using torch::optim::Adam::Adam;

  torch::Tensor step(LossClosure closure = nullptr) override;

 private:
  bool fusable() const;
};

}  // namespace attn
