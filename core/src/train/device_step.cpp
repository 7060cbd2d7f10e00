#include "train/device_step.h"

#include <algorithm>
#include <cmath>

#include "attn/tokenizer.h"
#include "model/attention_mask.h"
#include "torch_compat.h"
#include "train/mixed_precision.h"
#include "train/optimization.h"

namespace attn {

DeviceAdam::DeviceAdam(torch::optim::Adam& optimizer, const TrainConfig& config, int d_model)
    : config_(config), d_model_(d_model) {
  const auto& options =
      static_cast<const torch::optim::AdamOptions&>(optimizer.param_groups().front().options());
  beta1_ = std::get<0>(options.betas());
  beta2_ = std::get<1>(options.betas());
  eps_ = options.eps();
  std::int64_t steps = 0;
  for (const auto& group : optimizer.param_groups()) {
    for (const auto& parameter : group.params()) {
      // The state tensors must exist before a graph records the step, which
      // updates them in place.
      auto* adam = &adam_state_of(optimizer, parameter);
      steps = std::max<std::int64_t>(steps, adam->step());
      parameters_.push_back(parameter);
      states_.push_back(adam);
      steps_.push_back(
          torch::full({}, static_cast<double>(adam->step()),
                      torch::TensorOptions().dtype(torch::kFloat64).device(parameter.device())));
    }
  }
  const auto on = torch::TensorOptions().device(parameters_.front().device());
  schedule_step_ = torch::full({}, static_cast<double>(steps), on.dtype(torch::kFloat64));
  lr_ = torch::zeros({}, on.dtype(torch::kFloat64));
}

void DeviceAdam::step() {
  torch::NoGradGuard no_grad;
  schedule_step_.add_(1);
  lr_.copy_(learning_rate_on_device(config_, d_model_, schedule_step_));
  // torch::optim::Adam's arithmetic (adam.cpp), with the scalars as tensors.
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    auto& parameter = parameters_[i];
    const auto& gradient = parameter.grad();
    if (!gradient.defined()) continue;
    auto& step = steps_[i];
    step.add_(1);
    const auto bias_correction1 = 1 - torch::pow(beta1_, step);
    const auto bias_correction2 = 1 - torch::pow(beta2_, step);
    const auto step_size = (lr_ / bias_correction1).to(torch::kFloat32);
    const auto root_correction2 = bias_correction2.sqrt().to(torch::kFloat32);
    auto& exp_avg = states_[i]->exp_avg();
    auto& exp_avg_sq = states_[i]->exp_avg_sq();
    exp_avg.mul_(beta1_).add_(gradient, 1 - beta1_);
    exp_avg_sq.mul_(beta2_).addcmul_(gradient, gradient, 1 - beta2_);
    const auto denominator = (exp_avg_sq.sqrt() / root_correction2).add_(eps_);
    parameter.sub_(exp_avg / denominator * step_size);
  }
}

void DeviceAdam::sync_to_optimizer() {
  for (std::size_t i = 0; i < states_.size(); ++i)
    states_[i]->step(static_cast<std::int64_t>(std::llround(steps_[i].item<double>())));
}

torch::Tensor learning_rate_on_device(const TrainConfig& config, int d_model,
                                      const torch::Tensor& step) {
  if (config.schedule == LrSchedule::Constant) return torch::full_like(step, config.lr);
  // noam_learning_rate's formula (§5.3), step counted from 1.
  const auto s = step.clamp_min(1);
  return config.lr_factor * std::pow(static_cast<double>(d_model), -0.5) *
         torch::minimum(s.pow(-0.5), s * std::pow(static_cast<double>(config.warmup), -1.5));
}

torch::Tensor clip_gradients_on_device(const std::vector<torch::Tensor>& parameters, double clip) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> squares;
  for (const auto& parameter : parameters) {
    if (parameter.grad().defined())
      squares.push_back(parameter.grad().to(torch::kFloat32).pow(2).sum());
  }
  if (squares.empty()) return {};
  const auto norm = torch::stack(squares).sum().sqrt();
  if (clip > 0) {
    // clip_gradients' factor clip / (norm + 1e-6), applied only past the limit.
    const auto factor = (clip / (norm + 1e-6)).clamp_max(1.0);
    for (const auto& parameter : parameters) {
      if (parameter.grad().defined()) parameter.grad().mul_(factor);
    }
  }
  return norm;
}

std::int64_t bucket_length(std::int64_t length, std::int64_t limit) {
  constexpr std::int64_t kBucket = 16;
  const std::int64_t rounded =
      (std::max<std::int64_t>(length, 1) + kBucket - 1) / kBucket * kBucket;
  return std::max(length, std::min(rounded, limit));
}

namespace {

torch::Tensor padded_tokens(const torch::Tensor& tokens, std::int64_t length) {
  const std::int64_t extra = length - tokens.size(1);
  if (extra <= 0) return tokens;
  return torch::cat({tokens, torch::full({tokens.size(0), extra}, kPadToken, tokens.options())}, 1);
}

}  // namespace

Batch padded_batch(const Batch& batch, std::int64_t src_len, std::int64_t tgt_len) {
  Batch padded = batch;
  padded.src = padded_tokens(batch.src, src_len);
  padded.tgt_in = padded_tokens(batch.tgt_in, tgt_len);
  padded.tgt_out = padded_tokens(batch.tgt_out, tgt_len);
  padded.src_padding = padding_mask(padded.src);
  padded.tgt_padding = padding_mask(padded.tgt_out);
  padded.causal = causal_mask(padded.tgt_in.size(1), batch.causal.options());
  return padded;
}

torch::Tensor forward_backward_on_device(Seq2SeqModelImpl& model, const Batch& batch,
                                         double smoothing, bool autocast,
                                         torch::ScalarType half_type) {
  torch::Tensor loss;
  {
    AutocastScope scope(autocast, half_type);
    const auto memory = model.encode(batch.src, nullptr);
    const auto states = model.decoder_states(batch.tgt_in, memory, batch.src, nullptr);
    // The token count as a tensor: a recorded graph replays it for each batch.
    const auto tokens = batch.tgt_out.ne(kPadToken).sum().clamp_min(1).to(torch::kFloat32);
    const auto sum = output_loss_sum(*model.embeddings(), states, batch.tgt_out, smoothing);
    loss = sum / tokens;
  }
  loss.backward();
  return loss.detach();
}

}  // namespace attn
