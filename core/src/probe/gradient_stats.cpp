#include "probe/gradient_stats.h"

#include <cmath>
#include <string>

namespace attn {
namespace {

enum class Group { Attention, Ffn, Norm, Other };

Group group_of(const std::string& part) {
  if (part.rfind("self_attn", 0) == 0 || part.rfind("multihead_attn", 0) == 0) return Group::Attention;
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

}  // namespace

GradientStats gradient_stats(Seq2SeqModelImpl& model) {
  torch::NoGradGuard no_grad;
  const auto parameters = model.named_parameters(/*recurse=*/true);
  std::vector<torch::Tensor> squares;
  std::vector<Place> places;
  std::vector<std::string> names;
  for (const auto& item : parameters) {
    const auto& grad = item.value().grad();
    if (!grad.defined()) continue;
    squares.push_back(grad.to(torch::kFloat32).pow(2).sum());
    squares.push_back(item.value().to(torch::kFloat32).pow(2).sum());
    places.push_back(place_of(item.key()));
    names.push_back(item.key());
  }
  GradientStats stats;
  if (squares.empty()) return stats;
  // One device→host transfer for every norm.
  auto host = torch::stack(squares).cpu().to(torch::kFloat64).contiguous();
  const double* value = host.data_ptr<double>();

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
      embedding_weight > 0 ? static_cast<float>(std::sqrt(embedding_grad / embedding_weight)) : 0.0f;
  for (const auto& layer : encoder) stats.encoder.push_back(layer.finish());
  for (const auto& layer : decoder) stats.decoder.push_back(layer.finish());
  return stats;
}

}  // namespace attn
