#include "train/fused_loss.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

#include "kernels/cross_entropy_kernel.h"
#include "model/attention_mask.h"
#include "torch_compat.h"

namespace attn {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

class ProjectedLabelSmoothedLoss : public torch::autograd::Function<ProjectedLabelSmoothedLoss> {
 public:
  static torch::Tensor forward(AutogradContext* context, const torch::Tensor& states,
                               const torch::Tensor& weight, const torch::Tensor& labels,
                               double smoothing) {
    const std::int64_t classes = weight.size(0);
    const auto rows = states.reshape({-1, states.size(-1)}).contiguous();
    const auto row_labels = labels.reshape({-1}).to(torch::kLong).contiguous();
    TORCH_CHECK(row_labels.numel() == rows.size(0), "one label per position expected, got ",
                row_labels.numel(), " labels for ", rows.size(0), " positions");
    const std::int64_t* label = row_labels.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < row_labels.numel(); ++i) {
      TORCH_CHECK(label[i] >= 0 && label[i] < classes, "label ", label[i], " at position ", i,
                  " is outside the vocabulary of ", classes);
    }
    // The logits, about to become their own gradient.
    auto gradient = torch::mm(rows, weight.t());
    const std::int64_t count = rows.size(0);
    std::vector<double> row_losses(static_cast<std::size_t>(count));
    float* logits = gradient.data_ptr<float>();
    // Chunks of at least ~32 K logits: a thread's share is worth waking it for.
    const std::int64_t grain =
        std::max<std::int64_t>(1, 32768 / std::max<std::int64_t>(classes, 1));
    at::parallel_for(0, count, grain, [&](std::int64_t begin, std::int64_t end) {
      kernels::label_smoothed_cross_entropy(logits + begin * classes, label + begin, end - begin,
                                            classes, static_cast<float>(smoothing), kPadId,
                                            row_losses.data() + begin);
    });
    // Summed in order in double: the same total whatever the thread count.
    double total = 0;
    for (const double loss : row_losses) total += loss;
    context->save_for_backward({rows, weight, gradient});
    context->saved_data["states_shape"] = states.sizes().vec();
    return torch::tensor(static_cast<float>(total));
  }

  static tensor_list backward(AutogradContext* context, tensor_list output_gradients) {
    const auto saved = context->get_saved_variables();
    const auto& rows = saved[0];
    const auto& weight = saved[1];
    const auto& gradient = saved[2];
    // The loss is a scalar: its incoming gradient scales both products
    // (1 / tokens, times the loss scale under mixed precision).
    const auto& scale = output_gradients[0];
    torch::Tensor states_gradient, weight_gradient;
    if (context->needs_input_grad(0)) {
      states_gradient = torch::mm(gradient, weight)
                            .mul_(scale)
                            .view(context->saved_data["states_shape"].toIntVector());
    }
    if (context->needs_input_grad(1)) weight_gradient = torch::mm(gradient.t(), rows).mul_(scale);
    return {states_gradient, weight_gradient, torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

bool projected_loss_fusable(const torch::Tensor& states, const torch::Tensor& weight) {
  return states.device().is_cpu() && weight.device().is_cpu() &&
         states.scalar_type() == torch::kFloat32 && weight.scalar_type() == torch::kFloat32 &&
         !compat::autocast_enabled(c10::DeviceType::CPU) &&
         !compat::autocast_enabled(c10::DeviceType::CUDA);
}

torch::Tensor projected_label_smoothed_loss_sum(const torch::Tensor& states,
                                                const torch::Tensor& weight,
                                                const torch::Tensor& labels, double smoothing) {
  return ProjectedLabelSmoothedLoss::apply(states, weight, labels, smoothing);
}

}  // namespace attn
