#pragma once
// The probe pass: the fixed probe examples run through the model in eval mode
// without gradients, with every internal the UI shows recorded.

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "attn/dataset.h"
#include "attn/snapshot.h"
#include "data/batcher.h"
#include "model/seq2seq_model.h"

namespace attn {

// src [N, S], tgt_in [N, T] (<bos> + target), padded with 0. The model's
// training mode is restored afterwards. step/epoch are left to the caller.
Snapshot capture_snapshot(Seq2SeqModelImpl& model, const torch::Tensor& src,
                          const torch::Tensor& tgt_in);

// The fixed probe examples of a run: its first `count` evaluation examples,
// collated once on `device`, with their ideal alignments where the task has
// them (empty otherwise).
struct ProbeExamples {
  Batch batch;
  std::vector<Alignment> alignments;
};
ProbeExamples choose_probe_examples(const PreparedData& data, int count,
                                    const torch::Device& device);

// The probe examples through the model at `step` of `epoch`, with their
// ideal alignments attached.
Snapshot capture_probe(Seq2SeqModelImpl& model, const ProbeExamples& probe, std::int64_t step,
                       int epoch);

// Converts a finished trace (tensors on any device) into the torch-free snapshot.
Snapshot snapshot_from_trace(const ModelTrace& trace, const torch::Tensor& src,
                             const torch::Tensor& tgt_in);

}  // namespace attn
