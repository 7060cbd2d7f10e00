#pragma once

#include <torch/torch.h>

#include "attn/model_config.h"

namespace attn {

// §3.5: PE(pos, 2i) = sin(pos / 10000^(2i/d_model)),
//       PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model)).
// A fixed buffer, not a parameter. PositionLayout::Split puts the sines first
// and the cosines after them (MarianMT's layout).
class PositionalEncodingImpl : public torch::nn::Module {
 public:
  PositionalEncodingImpl(int64_t max_len, int64_t d_model,
                         PositionLayout layout = PositionLayout::Interleaved);

  // x: [B, T, d_model] at positions first..first+T-1; returns x + PE[first:first+T].
  torch::Tensor forward(const torch::Tensor& x, int64_t first = 0);

  torch::Tensor table;  // [max_len, d_model]
};
TORCH_MODULE(PositionalEncoding);

// The same table, computed in double precision for tests and plots.
torch::Tensor sinusoidal_table(int64_t max_len, int64_t d_model,
                               PositionLayout layout = PositionLayout::Interleaved);

}  // namespace attn
