#pragma once
// The tutorial's --debug mode: one pass through the first encoder layer's
// attention, stage by stage, with shapes and statistics.

#include <torch/torch.h>

#include <string>
#include <vector>

#include "model/seq2seq_model.h"

namespace attn {

// Lines describing Q, K, V, scores, scaled scores, masked scores, softmax,
// weighted sum and the FFN of encoder layer 0 for the first row of `src`,
// each marked as a linear or a non-linear stage.
std::vector<std::string> describe_attention_stages(Seq2SeqModelImpl& model,
                                                   const torch::Tensor& src);

}  // namespace attn
