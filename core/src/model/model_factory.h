#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "model/seq2seq_model.h"

namespace attn {

// Builds a model with weights drawn from `seed` (same seed → same weights).
// The configuration must be valid (see validate()); an invalid one throws
// std::invalid_argument with validation_message().
Seq2SeqModel make_model(const ModelConfig& config, Implementation implementation, uint64_t seed);

// Copies every parameter and buffer of `from` into `to` by name. The two
// implementations name their tensors alike, so this works across them.
// Throws std::invalid_argument naming the first tensor that is missing or
// has another shape.
void copy_weights(torch::nn::Module& from, torch::nn::Module& to);

// Number of distinct trainable scalars (a tensor shared by two modules counts once).
int64_t count_module_parameters(const torch::nn::Module& module);

}  // namespace attn
