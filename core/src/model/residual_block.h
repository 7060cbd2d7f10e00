#pragma once
// One residual block of §3.1, shared by both implementations' layers:
//
//   post-norm (the paper): LayerNorm(x + Dropout(Sublayer(x)))
//   pre-norm:              x + Dropout(Sublayer(LayerNorm(x)))
//
// with dropout on the sub-layer's output before the sum (§5.4). The block
// records what the probe and the inspector ask of it as it computes.

#include <torch/torch.h>

#include <string>
#include <type_traits>
#include <utility>

#include "attn/model_config.h"
#include "model/dropout.h"
#include "model/residual_norm.h"
#include "model/trace.h"

namespace attn {

// The residual stream x + Sublayer(x): its per-position norm for the probe
// (in post-norm layers the LayerNorm's input; after the LayerNorm every
// position's norm is about √d_model, whatever the sub-layer did).
inline void record_residual_norm(LayerTrace* trace, const torch::Tensor& sum) {
  if (trace != nullptr) trace->residual.push_back(sum.norm(2, /*dim=*/-1));
}

// `sublayer` maps the (possibly normalised) input to the sub-layer's output.
// NormModule/DropoutModule: ours or LibTorch's (inside its own layers).
template <typename NormModule, typename DropoutModule, typename Sublayer>
torch::Tensor residual_block(NormPlacement placement, NormModule& norm, DropoutModule& dropout,
                             const torch::Tensor& x, Sublayer&& sublayer, LayerTrace* trace,
                             const char* name) {
  const bool post = placement == NormPlacement::Post;
  const torch::Tensor sublayer_input = post ? x : norm(x);
  const torch::Tensor output = std::forward<Sublayer>(sublayer)(sublayer_input);
  if constexpr (std::is_same_v<NormModule, torch::nn::LayerNorm> &&
                std::is_same_v<DropoutModule, Dropout>) {
    // Nothing to record: the dropout, the sum and the LayerNorm as one node.
    if (post && trace == nullptr && post_norm_residual_fusable(*norm, x, output))
      return post_norm_residual(*norm, *dropout, x, output);
  }
  const torch::Tensor sum = x + dropout(output);
  record_residual_norm(trace, sum);
  torch::Tensor result = post ? norm(sum) : sum;
  if (trace != nullptr && trace->keep_stages)
    trace->blocks.push_back({name, x, sublayer_input, output, sum, result});
  return result;
}

}  // namespace attn
