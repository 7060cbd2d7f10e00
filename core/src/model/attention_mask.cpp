#include "model/attention_mask.h"

#include <limits>

namespace attn {

torch::Tensor padding_mask(const torch::Tensor& tokens) { return tokens.eq(kPadId); }

torch::Tensor causal_mask(int64_t length, const torch::TensorOptions& options) {
  const float minus_infinity = -std::numeric_limits<float>::infinity();
  return torch::full({length, length}, minus_infinity, options).triu(/*diagonal=*/1);
}

}  // namespace attn
