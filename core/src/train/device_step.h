#pragma once
// The parts of a training step that a CUDA graph can hold: nothing in them
// reads a value back to the host, so the step count, the learning rate, the
// token count and the clipping factor live on the device. They run (and are
// tested) eagerly on any device; cuda_graph_step.h records them.

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "attn/train_config.h"
#include "data/batcher.h"
#include "model/seq2seq_model.h"

namespace attn {

// Adam (§5.3) with its step count and learning rate as device tensors, on
// the very state tensors of `optimizer` (a torch::optim::Adam), so that its
// checkpoints stay LibTorch Adam's: sync_to_optimizer() writes the step
// count back before one is saved. torch::optim::Adam cannot be recorded in a
// graph: it computes the bias corrections on the host from an integer step.
class DeviceAdam {
 public:
  // The rate follows `config`'s schedule for a model of width `d_model`.
  DeviceAdam(torch::optim::Adam& optimizer, const TrainConfig& config, int d_model);

  // One step: the rate of the next optimizer step, then Adam's update of
  // every parameter with a gradient, as torch::optim::Adam computes it.
  void step();
  // The step count into the optimizer's per-parameter state (a host read).
  void sync_to_optimizer();
  const torch::Tensor& learning_rate() const { return lr_; }  // of the last step

 private:
  TrainConfig config_;
  int d_model_;
  std::vector<torch::Tensor> parameters_;
  std::vector<torch::optim::AdamParamState*> states_;
  // Adam counts steps per parameter (one without a gradient keeps its
  // count); the schedule counts optimizer steps. float64 scalars on the device.
  std::vector<torch::Tensor> steps_;
  torch::Tensor schedule_step_;
  torch::Tensor lr_;
  double beta1_, beta2_, eps_;
};

// §5.3's rate for the step count `step` (a device scalar), without a host read.
torch::Tensor learning_rate_on_device(const TrainConfig& config, int d_model,
                                      const torch::Tensor& step);

// Global-norm clipping with the norm and the factor on the device: every
// gradient times min(1, clip / (norm + 1e-6)), as clip_gradients does with a
// host norm. Returns the norm before clipping (a device scalar).
torch::Tensor clip_gradients_on_device(const std::vector<torch::Tensor>& parameters, double clip);

// The padded length a graph is recorded for: `length` rounded up to a
// multiple of 16, at most `limit` (so a run needs a few graphs, not one per
// length).
std::int64_t bucket_length(std::int64_t length, std::int64_t limit);

// `batch` with its source padded to `src_len` and its target to `tgt_len`
// (<pad> tokens, padding flags set, the causal mask of the new length).
// Padding changes nothing the model computes for the real tokens: attention
// never reads a padded key and the loss ignores padded labels.
Batch padded_batch(const Batch& batch, std::int64_t src_len, std::int64_t tgt_len);

// Forward and backward of one batch, the loss divided by its real-token
// count counted on the device; adds to the gradients present. Returns the
// mean loss per target token (a device scalar).
torch::Tensor forward_backward_on_device(Seq2SeqModelImpl& model, const Batch& batch,
                                         double smoothing, bool autocast,
                                         torch::ScalarType half_type);

}  // namespace attn
