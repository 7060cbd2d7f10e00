#include "model/positional_encoding.h"

#include <cmath>

namespace attn {

torch::Tensor sinusoidal_table(int64_t max_len, int64_t d_model, PositionLayout layout) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  auto table = torch::zeros({max_len, d_model}, options);
  auto position = torch::arange(max_len, options).unsqueeze(1);
  // 10000^(-2i/d_model), through exp/log for accuracy.
  auto inverse_frequency =
      torch::exp(torch::arange(0, d_model, 2, options) * (-std::log(10000.0) / d_model));
  auto angle = position * inverse_frequency;
  // An odd d_model has one cosine column fewer than sine columns.
  const int64_t sine_columns = angle.size(1);
  const int64_t cosine_columns = d_model / 2;
  if (layout == PositionLayout::Split) {
    table.narrow(1, 0, sine_columns).copy_(torch::sin(angle));
    table.narrow(1, sine_columns, cosine_columns)
        .copy_(torch::cos(angle.narrow(1, 0, cosine_columns)));
    return table;
  }
  table.index_put_({torch::indexing::Slice(), torch::indexing::Slice(0, torch::indexing::None, 2)},
                   torch::sin(angle));
  table.index_put_({torch::indexing::Slice(), torch::indexing::Slice(1, torch::indexing::None, 2)},
                   torch::cos(angle.narrow(1, 0, cosine_columns)));
  return table;
}

PositionalEncodingImpl::PositionalEncodingImpl(int64_t max_len, int64_t d_model,
                                               PositionLayout layout) {
  table = register_buffer("table", sinusoidal_table(max_len, d_model, layout).to(torch::kFloat32));
}

torch::Tensor PositionalEncodingImpl::forward(const torch::Tensor& x, int64_t first) {
  return x + table.narrow(0, first, x.size(1)).unsqueeze(0).to(x.dtype());
}

}  // namespace attn
