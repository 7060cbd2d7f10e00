#pragma once

#include <torch/torch.h>

#include "attn/snapshot.h"
#include "model/seq2seq_model.h"

namespace attn {

// Per-layer gradient norms after backward() and before clipping, computed on
// the model's device and fetched in one transfer. `riders` (device scalars,
// such as the step's loss) travel back in the same transfer, into
// *rider_values in order: a CUDA step then reads the host once.
GradientStats gradient_stats(Seq2SeqModelImpl& model, const std::vector<torch::Tensor>& riders = {},
                             std::vector<double>* rider_values = nullptr);

}  // namespace attn
