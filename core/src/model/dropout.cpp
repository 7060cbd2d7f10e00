#include "model/dropout.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>

#include "kernels/dropout_kernel.h"
#include "model/kernel_inputs.h"

namespace attn {
namespace {

using MaskKernel = void (*)(const float*, float*, std::int64_t, std::int64_t, std::uint64_t,
                            std::int32_t, float);

// kernel(x) with the mask of `key`: a new contiguous tensor, computed in
// slices across threads (each element's mask bit depends only on its index).
torch::Tensor apply_mask(MaskKernel kernel, const torch::Tensor& x, std::uint64_t key, double p) {
  const auto input = x.contiguous();
  auto output = torch::empty_like(input, torch::MemoryFormat::Contiguous);
  const float* in = input.data_ptr<float>();
  float* out = output.data_ptr<float>();
  const std::int32_t threshold = kernels::dropout_threshold(p);
  const float scale = static_cast<float>(1.0 / (1.0 - p));
  at::parallel_for(0, input.numel(), kElementsPerThreadSlice, [&](int64_t begin, int64_t end) {
    kernel(in + begin, out + begin, begin, end - begin, key, threshold, scale);
  });
  return output;
}

torch::Tensor apply_mask(const torch::Tensor& x, std::uint64_t key, double p) {
  return apply_mask(kernels::dropout_apply, x, key, p);
}

struct DropoutFunction : public torch::autograd::Function<DropoutFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x,
                               double p) {
    const std::uint64_t key = draw_dropout_key();
    context->saved_data["key"] = static_cast<int64_t>(key);
    context->saved_data["p"] = p;
    return apply_mask(x, key, p);
  }

  // The gradient passes where the forward pass kept: the same mask, regenerated.
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list output_gradients) {
    const auto key = static_cast<std::uint64_t>(context->saved_data["key"].toInt());
    return {apply_mask(output_gradients[0], key, context->saved_data["p"].toDouble()),
            torch::Tensor()};
  }
};

// dropout(relu(x)) in one pass. Its gradient needs only the output: where the
// output is positive, x was positive and kept. The output is saved anyway as
// the next linear layer's input, so the backward pass keeps nothing extra.
struct ReluDropoutFunction : public torch::autograd::Function<ReluDropoutFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x,
                               double p) {
    auto output = apply_mask(kernels::relu_dropout_apply, x, draw_dropout_key(), p);
    context->save_for_backward({output});
    context->saved_data["scale"] = 1.0 / (1.0 - p);
    return output;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list output_gradients) {
    const auto output = context->get_saved_variables()[0];
    const auto gradient = output_gradients[0].contiguous();
    auto result = torch::empty_like(output, torch::MemoryFormat::Contiguous);
    const float scale = static_cast<float>(context->saved_data["scale"].toDouble());
    const float* g = gradient.data_ptr<float>();
    const float* y = output.data_ptr<float>();
    float* r = result.data_ptr<float>();
    at::parallel_for(0, output.numel(), kElementsPerThreadSlice, [&](int64_t begin, int64_t end) {
      kernels::relu_dropout_gradient(g + begin, y + begin, r + begin, end - begin, scale);
    });
    return {result, torch::Tensor()};
  }
};

}  // namespace

std::uint64_t draw_dropout_key() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get<at::CPUGeneratorImpl>()->random64();
}

DropoutImpl::DropoutImpl(double p) : p_(p) {
  TORCH_CHECK(p >= 0 && p < 1, "dropout rate must be in [0, 1), got ", p);
}

torch::Tensor DropoutImpl::forward(const torch::Tensor& x) {
  if (!is_training() || p_ == 0) return x;
  if (readable_by_cpu_kernels(x)) {
    if (torch::GradMode::is_enabled() && x.requires_grad()) return DropoutFunction::apply(x, p_);
    return apply_mask(x, draw_dropout_key(), p_);
  }
  auto keep = torch::empty_like(x, torch::MemoryFormat::Contiguous)
                  .uniform_()
                  .ge_(p_)
                  .mul_(1.0 / (1.0 - p_));
  return x * keep;
}

torch::Tensor dropout_of_relu(DropoutImpl& dropout, const torch::Tensor& x) {
  const double p = dropout.p();
  if (!dropout.is_training() || p == 0 || !readable_by_cpu_kernels(x))
    return dropout.forward(torch::relu(x));
  if (torch::GradMode::is_enabled() && x.requires_grad()) return ReluDropoutFunction::apply(x, p);
  return apply_mask(kernels::relu_dropout_apply, x, draw_dropout_key(), p);
}

}  // namespace attn
