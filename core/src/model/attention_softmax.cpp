#include "model/attention_softmax.h"

#include <algorithm>
#include <limits>

#include "kernels/softmax_kernel.h"
#include "model/kernel_inputs.h"

namespace attn {
namespace {

bool kernel_applies(const torch::Tensor& scores, const torch::Tensor& key_padding_mask,
                    const torch::Tensor& attn_mask) {
  if (!readable_by_cpu_kernels(scores) || scores.dim() != 4) return false;
  const int64_t batch = scores.size(0), queries = scores.size(2), keys = scores.size(3);
  if (attn_mask.defined()) {
    if (!readable_by_cpu_kernels(attn_mask) || attn_mask.requires_grad()) return false;
    if (attn_mask.dim() != 2 || attn_mask.size(0) != queries || attn_mask.size(1) != keys)
      return false;
  }
  if (key_padding_mask.defined()) {
    if (!key_padding_mask.device().is_cpu() || key_padding_mask.scalar_type() != torch::kBool)
      return false;
    if (key_padding_mask.dim() != 2 || key_padding_mask.size(0) != batch ||
        key_padding_mask.size(1) != keys) {
      return false;
    }
  }
  return true;
}

// What the kernels read besides the scores. Not tensor arguments of the
// autograd function: none takes a gradient, and an undefined tensor argument
// is refused there.
struct SoftmaxInputs {
  torch::Tensor key_padding;     // [B, Tk] bool, true = padded (or undefined)
  torch::Tensor query_key_mask;  // [Tq, Tk] (or undefined)
  double scale = 1.0;
};

SoftmaxInputs make_inputs(double scale, const torch::Tensor& key_padding_mask,
                          const torch::Tensor& attn_mask) {
  SoftmaxInputs inputs;
  inputs.scale = scale;
  if (key_padding_mask.defined()) inputs.key_padding = key_padding_mask.contiguous();
  if (attn_mask.defined()) inputs.query_key_mask = attn_mask.contiguous();
  return inputs;
}

// The weights without autograd: one kernel call per (example, head) matrix.
torch::Tensor softmax_weights(const torch::Tensor& scores, const SoftmaxInputs& inputs) {
  const auto input = scores.contiguous();
  auto weights = torch::empty_like(input, torch::MemoryFormat::Contiguous);
  const int64_t heads = input.size(1), queries = input.size(2), keys = input.size(3);
  const int64_t matrices = input.size(0) * heads, matrix_size = queries * keys;
  if (weights.numel() == 0) return weights;
  const float* in = input.data_ptr<float>();
  float* out = weights.data_ptr<float>();
  const float* query_key =
      inputs.query_key_mask.defined() ? inputs.query_key_mask.data_ptr<float>() : nullptr;
  const bool* padded = inputs.key_padding.defined() ? inputs.key_padding.data_ptr<bool>() : nullptr;
  const int64_t grain = std::max<int64_t>(1, kElementsPerThreadSlice / matrix_size);
  at::parallel_for(0, matrices, grain, [&](int64_t begin, int64_t end) {
    for (int64_t m = begin; m < end; ++m) {
      const bool* padded_row = padded != nullptr ? padded + (m / heads) * keys : nullptr;
      kernels::masked_softmax(in + m * matrix_size, out + m * matrix_size, queries, keys,
                              static_cast<float>(inputs.scale), query_key, padded_row);
    }
  });
  return weights;
}

struct AttentionSoftmaxFunction : public torch::autograd::Function<AttentionSoftmaxFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context,
                               const torch::Tensor& scores, const SoftmaxInputs& inputs) {
    auto weights = softmax_weights(scores, inputs);
    context->save_for_backward({weights});
    context->saved_data["scale"] = inputs.scale;
    return weights;
  }

  // d(scores) = scale · p ⊙ (g − Σ g ⊙ p): excluded keys have p = 0 and get
  // no gradient, as masked_fill's backward gives them.
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list output_gradients) {
    const auto weights = context->get_saved_variables()[0];
    const auto gradient = output_gradients[0].contiguous();
    auto result = torch::empty_like(weights, torch::MemoryFormat::Contiguous);
    const int64_t keys = weights.size(-1), rows = keys > 0 ? weights.numel() / keys : 0;
    const float scale = static_cast<float>(context->saved_data["scale"].toDouble());
    const float* p = weights.data_ptr<float>();
    const float* g = gradient.data_ptr<float>();
    float* r = result.data_ptr<float>();
    const int64_t grain =
        std::max<int64_t>(1, kElementsPerThreadSlice / std::max<int64_t>(1, keys));
    at::parallel_for(0, rows, grain, [&](int64_t begin, int64_t end) {
      kernels::masked_softmax_gradient(p + begin * keys, g + begin * keys, r + begin * keys,
                                       end - begin, keys, scale);
    });
    return {result, torch::Tensor()};
  }
};

torch::Tensor softmax_with_kernels(const torch::Tensor& scores, const SoftmaxInputs& inputs) {
  if (torch::GradMode::is_enabled() && scores.requires_grad())
    return AttentionSoftmaxFunction::apply(scores, inputs);
  return softmax_weights(scores, inputs);
}

torch::Tensor softmax_with_torch(const torch::Tensor& scores, double scale,
                                 const torch::Tensor& key_padding_mask,
                                 const torch::Tensor& attn_mask) {
  auto z = scores * scale;
  if (attn_mask.defined()) z = z + attn_mask;
  if (key_padding_mask.defined()) {
    z = z.masked_fill(key_padding_mask.unsqueeze(1).unsqueeze(2),
                      -std::numeric_limits<float>::infinity());
  }
  return torch::softmax(z, /*dim=*/-1);
}

}  // namespace

torch::Tensor attention_softmax(const torch::Tensor& scores, double scale,
                                const torch::Tensor& key_padding_mask,
                                const torch::Tensor& attn_mask) {
  if (!kernel_applies(scores, key_padding_mask, attn_mask)) {
    return softmax_with_torch(scores, scale, key_padding_mask, attn_mask);
  }
  return softmax_with_kernels(scores, make_inputs(scale, key_padding_mask, attn_mask));
}

}  // namespace attn
