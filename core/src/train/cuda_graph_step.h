#pragma once
// --cuda-graphs: a training step recorded once as CUDA graphs and replayed,
// so the GPU runs a step's hundreds of kernels without the host launching
// each one. Batches are padded to a few lengths (bucket_length), one graph
// per padded shape holding the gradients' reset, the forward and the backward
// pass; one more graph holds clipping and Adam (DeviceAdam). Between the two
// the gradients are whole, for the gradient statistics the docks show;
// evaluation, captures and inspection run outside the graphs.

#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "attn/train_config.h"
#include "data/batcher.h"
#include "model/seq2seq_model.h"

namespace attn {

class CudaGraphStep {
 public:
  // Whether this build records CUDA graphs (a CUDA LibTorch); the reason when not.
  static bool built();
  static std::string not_built_reason();

  // `optimizer`'s state is what DeviceAdam updates; checkpoints stay Adam's.
  // `max_length`: the model's positions, the longest padded length.
  CudaGraphStep(Seq2SeqModelImpl& model, torch::optim::Adam& optimizer, const TrainConfig& config,
                int d_model, bool autocast, torch::ScalarType half_type, std::int64_t max_length);
  ~CudaGraphStep();
  CudaGraphStep(const CudaGraphStep&) = delete;
  CudaGraphStep& operator=(const CudaGraphStep&) = delete;

  // The batch copied into its shape's inputs and that graph replayed
  // (recorded first, the first time the shape comes). Returns the mean loss
  // per target token: a device scalar, valid until the next call.
  torch::Tensor forward_backward(const Batch& batch);
  // Clipping and Adam's step on the gradients forward_backward left.
  void update();
  // Adam's step count into the optimizer's state, before a checkpoint.
  void sync_to_optimizer();
  int graphs() const;  // recorded so far

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace attn
