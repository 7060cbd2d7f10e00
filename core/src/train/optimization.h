#pragma once
// The pieces of one optimisation step, as the paper defines them.

#include <torch/torch.h>

#include <cstdint>

#include "attn/train_config.h"
#include "data/batcher.h"
#include "model/seq2seq_model.h"
#include "train/fused_adam.h"

namespace attn {

// §5.3: lrate = d_model^-0.5 · min(step^-0.5, step · warmup^-1.5), times a
// factor; step counts from 1.
double noam_learning_rate(std::int64_t step, int d_model, double factor, int warmup);

// The learning rate of optimizer step `step` (1-based) under `config`.
double learning_rate(const TrainConfig& config, int d_model, std::int64_t step);

// §5.4 label smoothing: (1 - ε)·(−log p_y) + ε·mean_c(−log p_c), the
// definition of torch's cross_entropy(label_smoothing = ε). Positions whose
// label is <pad> are ignored. Returns the SUM over real positions (the caller
// divides by the token count, so accumulation can divide by the total).
torch::Tensor label_smoothed_loss_sum(const torch::Tensor& logits, const torch::Tensor& labels,
                                      double smoothing);

// The summed loss of the decoder's output states through the model's output
// projection (label_smoothed_loss_sum of its logits): one fused node where
// projected_loss_fusable() and the projection has no bias, otherwise the
// logits are made and the loss taken from them in float32.
torch::Tensor output_loss_sum(TokenEmbeddingsImpl& embeddings, const torch::Tensor& states,
                              const torch::Tensor& labels, double smoothing);

// Adam(β1, β2, ε) from the configuration (§5.3), as FusedAdam, starting at
// the rate of step 1 for a model of width `d_model`.
FusedAdam make_adam(std::vector<torch::Tensor> parameters, const TrainConfig& config, int d_model);
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

// Forward and backward over the micro-batches of one optimizer step. Each
// micro-batch's summed loss is divided by the step's total token count, so the
// gradients add up to those of one batch holding all of them. Returns the
// step's mean loss per target token as a device scalar (no host sync).
// `total_tokens`, when given, divides instead of the micro-batches' own count:
// the tokens of the whole step when other processes train on the rest of it.
// With mixed precision the forward passes run under CUDA autocast and the
// backward pass sees the loss times `loss_scale` (a one-element tensor on the
// model's device, or undefined for none; the returned loss is unscaled).
torch::Tensor accumulate_gradients(Seq2SeqModelImpl& model, const std::vector<Batch>& micro_batches,
                                   double smoothing, bool autocast = false,
                                   torch::ScalarType half_type = torch::kBFloat16,
                                   const torch::Tensor& loss_scale = {},
                                   std::int64_t total_tokens = 0);

// Multiplies every gradient by clip / norm when norm > clip (global-norm clipping).
// Drops every parameter's gradient (instead of zeroing it) before the next
// backward pass, which then writes the first gradient instead of adding it to
// zeros: one memset of the whole model less per step. Adam and the gradient
// statistics skip parameters without a gradient.
void release_gradients(const std::vector<torch::Tensor>& parameters);

void clip_gradients(const std::vector<torch::Tensor>& parameters, double norm, double clip);

}  // namespace attn
