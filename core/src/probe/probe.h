#pragma once
// The probe pass: the fixed probe examples run through the model in eval mode
// without gradients, with every internal the UI shows recorded.

#include <torch/torch.h>

#include "attn/snapshot.h"
#include "model/seq2seq_model.h"

namespace attn {

// src [N, S], tgt_in [N, T] (<bos> + target), padded with 0. The model's
// training mode is restored afterwards. step/epoch are left to the caller.
Snapshot capture_snapshot(Seq2SeqModelImpl& model, const torch::Tensor& src,
                          const torch::Tensor& tgt_in);

// Converts a finished trace (tensors on any device) into the torch-free snapshot.
Snapshot snapshot_from_trace(const ModelTrace& trace, const torch::Tensor& src,
                             const torch::Tensor& tgt_in);

}  // namespace attn
