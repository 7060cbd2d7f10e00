#include "model/dropout.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>

#include "kernels/dropout_kernel.h"

namespace attn {
namespace {

std::uint64_t draw_key() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get<at::CPUGeneratorImpl>()->random64();
}

// x with the mask of `key` applied: a new contiguous tensor.
torch::Tensor apply_mask(const torch::Tensor& x, std::uint64_t key, double p) {
  const auto input = x.contiguous();
  auto output = torch::empty_like(input, torch::MemoryFormat::Contiguous);
  const float* in = input.data_ptr<float>();
  float* out = output.data_ptr<float>();
  const std::int32_t threshold = kernels::dropout_threshold(p);
  const float scale = static_cast<float>(1.0 / (1.0 - p));
  at::parallel_for(0, input.numel(), int64_t{1} << 15, [&](int64_t begin, int64_t end) {
    kernels::dropout_apply(in + begin, out + begin, begin, end - begin, key, threshold, scale);
  });
  return output;
}

struct DropoutFunction : public torch::autograd::Function<DropoutFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& x, double p) {
    const std::uint64_t key = draw_key();
    context->saved_data["key"] = static_cast<int64_t>(key);
    context->saved_data["p"] = p;
    return apply_mask(x, key, p);
  }

  // The gradient passes where the forward pass kept: the same mask, regenerated.
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list output_gradients) {
    const auto key = static_cast<std::uint64_t>(context->saved_data["key"].toInt());
    return {apply_mask(output_gradients[0], key, context->saved_data["p"].toDouble()), torch::Tensor()};
  }
};

}  // namespace

DropoutImpl::DropoutImpl(double p) : p_(p) {
  TORCH_CHECK(p >= 0 && p < 1, "dropout rate must be in [0, 1), got ", p);
}

torch::Tensor DropoutImpl::forward(const torch::Tensor& x) {
  if (!is_training() || p_ == 0) return x;
  if (x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.layout() == torch::kStrided) {
    if (torch::GradMode::is_enabled() && x.requires_grad()) return DropoutFunction::apply(x, p_);
    return apply_mask(x, draw_key(), p_);
  }
  auto keep = torch::empty_like(x, torch::MemoryFormat::Contiguous).uniform_().ge_(p_).mul_(1.0 / (1.0 - p_));
  return x * keep;
}

}  // namespace attn
