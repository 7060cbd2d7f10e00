#include "train/optimization.h"

#include <algorithm>
#include <cmath>

#include "model/attention_mask.h"
#include "train/fused_loss.h"
#include "train/mixed_precision.h"

namespace attn {

double noam_learning_rate(std::int64_t step, int d_model, double factor, int warmup) {
  const double s = static_cast<double>(std::max<std::int64_t>(step, 1));
  return factor * std::pow(static_cast<double>(d_model), -0.5) *
         std::min(std::pow(s, -0.5), s * std::pow(static_cast<double>(warmup), -1.5));
}

double learning_rate(const TrainConfig& config, int d_model, std::int64_t step) {
  if (config.schedule == LrSchedule::Constant) return config.lr;
  return noam_learning_rate(step, d_model, config.lr_factor, config.warmup);
}

torch::Tensor label_smoothed_loss_sum(const torch::Tensor& logits, const torch::Tensor& labels,
                                      double smoothing) {
  auto log_probabilities = torch::log_softmax(logits.to(torch::kFloat32), /*dim=*/-1);
  auto nll = -log_probabilities.gather(-1, labels.unsqueeze(-1)).squeeze(-1);
  auto loss = nll;
  if (smoothing > 0) loss = (1.0 - smoothing) * nll - smoothing * log_probabilities.mean(-1);
  return loss.masked_fill(labels.eq(kPadId), 0.0).sum();
}

FusedAdam make_adam(std::vector<torch::Tensor> parameters, const TrainConfig& config, int d_model) {
  // The first step's rate; every step sets its own (set_learning_rate).
  return FusedAdam(std::move(parameters),
                   torch::optim::AdamOptions(learning_rate(config, d_model, 1))
                       .betas({config.adam_beta1, config.adam_beta2})
                       .eps(config.adam_eps));
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) {
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  }
}

torch::Tensor output_loss_sum(TokenEmbeddingsImpl& embeddings, const torch::Tensor& states,
                              const torch::Tensor& labels, double smoothing) {
  const auto weight = embeddings.output_weight();
  if (!embeddings.output_bias().defined() && projected_loss_fusable(states, weight))
    return projected_label_smoothed_loss_sum(states, weight, labels, smoothing);
  // The loss itself in fp32 (label_smoothed_loss_sum casts the logits).
  return label_smoothed_loss_sum(embeddings.project(states), labels, smoothing);
}

torch::Tensor accumulate_gradients(Seq2SeqModelImpl& model, const std::vector<Batch>& micro_batches,
                                   double smoothing, bool autocast, torch::ScalarType half_type,
                                   const torch::Tensor& loss_scale, std::int64_t total_tokens) {
  int64_t tokens = total_tokens;
  if (tokens == 0)
    for (const auto& batch : micro_batches) tokens += batch.target_tokens;
  const double total = static_cast<double>(std::max<int64_t>(tokens, 1));
  torch::Tensor loss;
  for (const auto& batch : micro_batches) {
    torch::Tensor micro_loss;  // this micro-batch's part of the step's loss
    {
      AutocastScope scope(autocast, half_type);
      const auto memory = model.encode(batch.src, nullptr);
      const auto states = model.decoder_states(batch.tgt_in, memory, batch.src, nullptr);
      micro_loss = output_loss_sum(*model.embeddings(), states, batch.tgt_out, smoothing) / total;
    }
    (loss_scale.defined() ? micro_loss * loss_scale : micro_loss).backward();
    loss = loss.defined() ? loss + micro_loss.detach() : micro_loss.detach();
  }
  return loss;
}

void release_gradients(const std::vector<torch::Tensor>& parameters) {
  // mutable_grad() is const: the gradient belongs to the shared tensor impl.
  for (const auto& parameter : parameters) parameter.mutable_grad() = torch::Tensor();
}

void clip_gradients(const std::vector<torch::Tensor>& parameters, double norm, double clip) {
  if (clip <= 0 || norm <= clip) return;
  torch::NoGradGuard no_grad;
  const double scale = clip / (norm + 1e-6);
  for (const auto& parameter : parameters) {
    if (parameter.grad().defined()) parameter.grad().mul_(scale);
  }
}

}  // namespace attn
