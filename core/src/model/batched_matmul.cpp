#include "model/batched_matmul.h"

#include <algorithm>
#include <vector>

#include "kernels/small_gemm.h"
#include "model/kernel_inputs.h"

namespace attn {
namespace {

bool kernel_applies(const torch::Tensor& a, const torch::Tensor& b) {
  if (!readable_by_cpu_kernels(a) || !readable_by_cpu_kernels(b)) return false;
  if (a.dim() < 3 || a.dim() != b.dim() || a.size(-1) != b.size(-2)) return false;
  return a.sizes().slice(0, a.dim() - 2) == b.sizes().slice(0, b.dim() - 2);
}

// Where each matrix of a tensor with leading batch dimensions starts.
std::vector<const float*> matrix_starts(const torch::Tensor& t) {
  const int64_t batch_dims = t.dim() - 2;
  int64_t count = 1;
  for (int64_t d = 0; d < batch_dims; ++d) count *= t.size(d);
  std::vector<const float*> starts(static_cast<std::size_t>(count));
  const float* data = t.data_ptr<float>();
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i, offset = 0;
    for (int64_t d = batch_dims - 1; d >= 0; --d) {
      offset += (rest % t.size(d)) * t.stride(d);
      rest /= t.size(d);
    }
    // An empty tensor has no storage: no start to point into.
    starts[static_cast<std::size_t>(i)] = data == nullptr ? nullptr : data + offset;
  }
  return starts;
}

// The product without autograd: a contiguous result.
torch::Tensor batched_product(const torch::Tensor& a, const torch::Tensor& b) {
  const int64_t m = a.size(-2), k = a.size(-1), n = b.size(-1);
  std::vector<int64_t> sizes(a.sizes().begin(), a.sizes().end());
  sizes.back() = n;
  auto c = torch::empty(sizes, a.options().memory_format(torch::MemoryFormat::Contiguous));
  if (c.numel() == 0) return c;
  const auto a_starts = matrix_starts(a), b_starts = matrix_starts(b);
  const int64_t count = static_cast<int64_t>(a_starts.size());
  std::vector<float*> c_starts(static_cast<std::size_t>(count));
  for (int64_t i = 0; i < count; ++i)
    c_starts[static_cast<std::size_t>(i)] = c.data_ptr<float>() + i * m * n;
  // Threads only for batches worth it: each task gets at least ~64k multiply-adds.
  const int64_t grain = std::max<int64_t>(1, (int64_t{1} << 16) / std::max<int64_t>(1, m * n * k));
  at::parallel_for(0, count, grain, [&](int64_t begin, int64_t end) {
    kernels::small_gemm_batch(
        end - begin, m, n, k, {a_starts.data() + begin, a.stride(-2), a.stride(-1)},
        {b_starts.data() + begin, b.stride(-2), b.stride(-1)}, c_starts.data() + begin, n);
  });
  return c;
}

// d(A·B)/dA = G·Bᵀ and d(A·B)/dB = Aᵀ·G, both read through transposed views.
struct BatchedMatmulFunction : public torch::autograd::Function<BatchedMatmulFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& a,
                               const torch::Tensor& b) {
    context->save_for_backward({a, b});
    return batched_product(a, b);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list output_gradients) {
    const auto saved = context->get_saved_variables();
    const auto& gradient = output_gradients[0];
    torch::Tensor a_gradient, b_gradient;
    if (context->needs_input_grad(0))
      a_gradient = batched_product(gradient, saved[1].transpose(-2, -1));
    if (context->needs_input_grad(1))
      b_gradient = batched_product(saved[0].transpose(-2, -1), gradient);
    return {a_gradient, b_gradient};
  }
};

}  // namespace

torch::Tensor batched_matmul(const torch::Tensor& a, const torch::Tensor& b) {
  if (!kernel_applies(a, b)) return torch::matmul(a, b);
  if (torch::GradMode::is_enabled() && (a.requires_grad() || b.requires_grad())) {
    return BatchedMatmulFunction::apply(a, b);
  }
  return batched_product(a, b);
}

}  // namespace attn
