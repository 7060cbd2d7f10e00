#include "train/data_parallel.h"

#include <cstdio>
#include <cstdlib>

namespace attn {

std::vector<std::size_t> rank_share(const std::vector<std::size_t>& batch, const World& world) {
  const std::size_t n = batch.size();
  const auto size = static_cast<std::size_t>(world.size);
  const auto rank = static_cast<std::size_t>(world.rank);
  const auto begin = batch.begin() + static_cast<std::ptrdiff_t>(rank * n / size);
  const auto end = batch.begin() + static_cast<std::ptrdiff_t>((rank + 1) * n / size);
  return {begin, end};
}

std::string first_difference(const nlohmann::json& zero, const nlohmann::json& other,
                             const std::string& path) {
  if (zero == other) return {};
  if (zero.is_object() && other.is_object()) {
    for (const auto& [key, value] : zero.items()) {
      const auto child = path.empty() ? key : path + "." + key;
      if (!other.contains(key)) return child + ": missing";
      if (auto found = first_difference(value, other[key], child); !found.empty()) return found;
    }
    for (const auto& [key, value] : other.items()) {
      if (!zero.contains(key)) return (path.empty() ? key : path + "." + key) + ": not on rank 0";
    }
  }
  return path + ": " + zero.dump() + " on rank 0 against " + other.dump();
}

std::string parameter_checksum(const std::vector<torch::Tensor>& parameters) {
  torch::NoGradGuard no_grad;
  double checksum = 0;
  double index = 1;
  for (const auto& parameter : parameters) {
    const auto values = parameter.to(torch::kFloat64);
    checksum += index++ * values.sum().item<double>() + values.square().sum().item<double>();
  }
  char text[64];
  std::snprintf(text, sizeof text, "%a", checksum);
  return text;
}

std::string readable_checksum(const std::string& checksum) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", std::strtod(checksum.c_str(), nullptr));
  return text;
}

}  // namespace attn
