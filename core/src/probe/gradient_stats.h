#pragma once

#include <torch/torch.h>

#include "attn/snapshot.h"
#include "model/seq2seq_model.h"

namespace attn {

// Per-layer gradient norms after backward() and before clipping, computed on
// the model's device and fetched in one transfer.
GradientStats gradient_stats(Seq2SeqModelImpl& model);

}  // namespace attn
