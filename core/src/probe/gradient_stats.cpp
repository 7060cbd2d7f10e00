#include "probe/gradient_stats.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "kernels/parameter_kernels.h"
#include "model/kernel_inputs.h"

namespace attn {
namespace {

enum class Group { Attention, Ffn, Norm, Other };

Group group_of(const std::string& part) {
  if (part.rfind("self_attn", 0) == 0 || part.rfind("multihead_attn", 0) == 0)
    return Group::Attention;
  if (part.rfind("linear", 0) == 0) return Group::Ffn;
  if (part.rfind("norm", 0) == 0) return Group::Norm;
  return Group::Other;
}

// Where a parameter belongs: stack ("encoder"/"decoder"/"" ), layer index and group.
struct Place {
  std::string stack;
  int layer = -1;
  Group group = Group::Other;
};

Place place_of(const std::string& name) {
  Place place;
  for (const char* stack : {"encoder.", "decoder."}) {
    const std::string prefix = stack;
    if (name.rfind(prefix, 0) != 0) continue;
    const auto dot = name.find('.', prefix.size());
    place.stack = prefix.substr(0, prefix.size() - 1);
    place.layer = std::stoi(name.substr(prefix.size(), dot - prefix.size()));
    place.group = group_of(name.substr(dot + 1));
  }
  return place;
}

struct Accumulator {
  double attention = 0, ffn = 0, norm = 0, grad = 0, weight = 0;
  LayerGradients finish() const {
    return {static_cast<float>(std::sqrt(attention)), static_cast<float>(std::sqrt(ffn)),
            static_cast<float>(std::sqrt(norm)),
            weight > 0 ? static_cast<float>(std::sqrt(grad / weight)) : 0.0f};
  }
};

bool on_kernels(const torch::Tensor& t) { return readable_by_cpu_kernels(t) && t.is_contiguous(); }

// Σx² of each tensor, then the riders' values. CPU float tensors: one pass
// each, tensors spread over threads. Otherwise one reduction per tensor and
// one device→host transfer for all of them.
std::vector<double> sums_of_squares(const std::vector<torch::Tensor>& tensors,
                                    const std::vector<torch::Tensor>& riders) {
  const int64_t count = static_cast<int64_t>(tensors.size());
  std::vector<double> sums(tensors.size() + riders.size());
  if (std::all_of(tensors.begin(), tensors.end(), on_kernels) &&
      std::all_of(riders.begin(), riders.end(), [](const auto& r) { return r.is_cpu(); })) {
    for (std::size_t i = 0; i < riders.size(); ++i)
      sums[tensors.size() + i] = riders[i].item<double>();
    at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        const auto& t = tensors[static_cast<std::size_t>(i)];
        sums[static_cast<std::size_t>(i)] = kernels::sum_of_squares(t.data_ptr<float>(), t.numel());
      }
    });
    return sums;
  }
  std::vector<torch::Tensor> values;
  for (const auto& t : tensors)
    values.push_back(t.to(torch::kFloat32).pow(2).sum().to(torch::kFloat64));
  for (const auto& rider : riders) values.push_back(rider.reshape({}).to(torch::kFloat64));
  if (values.empty()) return sums;
  auto host = torch::stack(values).cpu().contiguous();
  std::copy_n(host.data_ptr<double>(), sums.size(), sums.begin());
  return sums;
}

}  // namespace

GradientStats gradient_stats(Seq2SeqModelImpl& model, const std::vector<torch::Tensor>& riders,
                             std::vector<double>* rider_values) {
  torch::NoGradGuard no_grad;
  const auto parameters = model.named_parameters(/*recurse=*/true);
  std::vector<torch::Tensor> tensors;  // gradient, weight, gradient, weight, ...
  std::vector<Place> places;
  std::vector<std::string> names;
  for (const auto& item : parameters) {
    const auto& grad = item.value().grad();
    if (!grad.defined()) continue;
    tensors.push_back(grad);
    tensors.push_back(item.value());
    places.push_back(place_of(item.key()));
    names.push_back(item.key());
  }
  GradientStats stats;
  const std::vector<double> squares = sums_of_squares(tensors, riders);
  if (rider_values) rider_values->assign(squares.begin() + tensors.size(), squares.end());
  if (tensors.empty()) return stats;
  const double* value = squares.data();

  std::vector<Accumulator> encoder(model.config().enc_layers), decoder(model.config().dec_layers);
  double total = 0, embedding_grad = 0, embedding_weight = 0;
  for (size_t i = 0; i < places.size(); ++i) {
    const double grad = value[2 * i], weight = value[2 * i + 1];
    total += grad;
    const Place& place = places[i];
    if (place.layer < 0) {
      // Token embeddings and the tied projection; a pre-norm stack's final
      // LayerNorm counts only in the global norm.
      if (place.stack.empty() && names[i].rfind("embeddings.", 0) == 0) {
        embedding_grad += grad;
        embedding_weight += weight;
      }
      continue;
    }
    auto& layer = (place.stack == "encoder" ? encoder : decoder)[place.layer];
    if (place.group == Group::Attention) layer.attention += grad;
    if (place.group == Group::Ffn) layer.ffn += grad;
    if (place.group == Group::Norm) layer.norm += grad;
    layer.grad += grad;
    layer.weight += weight;
  }
  stats.global_norm = static_cast<float>(std::sqrt(total));
  stats.embedding = static_cast<float>(std::sqrt(embedding_grad));
  stats.embedding_grad_to_weight =
      embedding_weight > 0 ? static_cast<float>(std::sqrt(embedding_grad / embedding_weight))
                           : 0.0f;
  for (const auto& layer : encoder) stats.encoder.push_back(layer.finish());
  for (const auto& layer : decoder) stats.decoder.push_back(layer.finish());
  return stats;
}

}  // namespace attn
