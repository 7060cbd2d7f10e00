#include "model/residual_norm.h"

#include <ATen/Parallel.h>

#include <algorithm>

#include "kernels/dropout_kernel.h"
#include "kernels/residual_norm_kernel.h"
#include "model/kernel_inputs.h"

namespace attn {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

kernels::RowDropout row_dropout(std::uint64_t key, double p) {
  if (p == 0) return {};
  return {key, kernels::dropout_threshold(p), static_cast<float>(1.0 / (1.0 - p))};
}

// Rows per thread's share: about kElementsPerThreadSlice elements.
std::int64_t row_grain(std::int64_t width) {
  return std::max<std::int64_t>(1, kElementsPerThreadSlice / std::max<std::int64_t>(width, 1));
}

struct PostNormResidualFunction : public torch::autograd::Function<PostNormResidualFunction> {
  // p: the dropout rate in effect (0 in evaluation).
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& x,
                               const torch::Tensor& y, const torch::Tensor& gamma,
                               const torch::Tensor& beta, double p, double epsilon) {
    const auto xs = x.contiguous(), ys = y.contiguous();
    const auto g = gamma.contiguous(), b = beta.contiguous();
    const std::int64_t width = xs.size(-1), rows = xs.numel() / std::max<std::int64_t>(width, 1);
    auto sum = torch::empty_like(xs), output = torch::empty_like(xs);
    auto mean = torch::empty({rows}), inverse_std = torch::empty({rows});
    const std::uint64_t key = p > 0 ? draw_dropout_key() : 0;
    const auto dropout = row_dropout(key, p);
    at::parallel_for(0, rows, row_grain(width), [&](std::int64_t begin, std::int64_t end) {
      kernels::residual_layer_norm(xs.data_ptr<float>(), ys.data_ptr<float>(), g.data_ptr<float>(),
                                   b.data_ptr<float>(), sum.data_ptr<float>(),
                                   output.data_ptr<float>(), mean.data_ptr<float>(),
                                   inverse_std.data_ptr<float>(), begin, end - begin, width,
                                   static_cast<float>(epsilon), dropout);
    });
    context->save_for_backward({sum, mean, inverse_std, g});
    context->saved_data["key"] = static_cast<std::int64_t>(key);
    context->saved_data["p"] = p;
    return output;
  }

  static variable_list backward(AutogradContext* context, variable_list output_gradients) {
    const auto saved = context->get_saved_variables();
    const auto& sum = saved[0];
    const auto& mean = saved[1];
    const auto& inverse_std = saved[2];
    const auto& gamma = saved[3];
    const auto dropout = row_dropout(static_cast<std::uint64_t>(context->saved_data["key"].toInt()),
                                     context->saved_data["p"].toDouble());
    const auto g = output_gradients[0].contiguous();
    const std::int64_t width = sum.size(-1), rows = mean.numel();
    auto x_gradient = torch::empty_like(sum), y_gradient = torch::empty_like(sum);
    // γ's and β's gradients add up over rows: one accumulator per thread.
    auto partial = torch::zeros({at::get_num_threads(), 2, width});
    at::parallel_for(0, rows, row_grain(width), [&](std::int64_t begin, std::int64_t end) {
      float* own = partial[at::get_thread_num()].data_ptr<float>();
      kernels::residual_layer_norm_gradient(
          g.data_ptr<float>(), sum.data_ptr<float>(), mean.data_ptr<float>(),
          inverse_std.data_ptr<float>(), gamma.data_ptr<float>(), x_gradient.data_ptr<float>(),
          y_gradient.data_ptr<float>(), own, own + width, begin, end - begin, width, dropout);
    });
    const auto totals = partial.sum(0);
    return {x_gradient, y_gradient, totals[0], totals[1], torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

bool post_norm_residual_fusable(const torch::nn::LayerNormImpl& norm, const torch::Tensor& x,
                                const torch::Tensor& y) {
  const auto& options = norm.options;
  return readable_by_cpu_kernels(x) && readable_by_cpu_kernels(y) && x.sizes() == y.sizes() &&
         x.dim() >= 1 && options.elementwise_affine() && options.normalized_shape().size() == 1 &&
         options.normalized_shape()[0] == x.size(-1) && norm.weight.defined() &&
         norm.bias.defined() && readable_by_cpu_kernels(norm.weight) &&
         readable_by_cpu_kernels(norm.bias);
}

torch::Tensor post_norm_residual(const torch::nn::LayerNormImpl& norm, const DropoutImpl& dropout,
                                 const torch::Tensor& x, const torch::Tensor& y) {
  const double p = dropout.is_training() ? dropout.p() : 0.0;
  return PostNormResidualFunction::apply(x, y, norm.weight, norm.bias, p, norm.options.eps());
}

}  // namespace attn
