#include "attentionrollout.h"

namespace attn::ui {
namespace {

// ½·mean over heads + ½·I (or, for cross-attention, only the mean: it has no
// residual path from the memory to the decoder's positions).
std::vector<double> averaged(const AttentionHeads& heads, bool withResidual) {
  const int queries = heads.queries, keys = heads.keys;
  std::vector<double> out(static_cast<std::size_t>(queries) * keys, 0.0);
  if (heads.heads <= 0) return out;
  const double share = (withResidual ? 0.5 : 1.0) / heads.heads;
  for (int h = 0; h < heads.heads; ++h)
    for (int q = 0; q < queries; ++q)
      for (int k = 0; k < keys; ++k)
        out[static_cast<std::size_t>(q) * keys + k] += share * heads.at(h, q, k);
  if (withResidual)
    for (int i = 0; i < std::min(queries, keys); ++i)
      out[static_cast<std::size_t>(i) * keys + i] += 0.5;
  return out;
}

// a [n × m] · b [m × p]
std::vector<double> multiply(const std::vector<double>& a, const std::vector<double>& b, int n,
                             int m, int p) {
  std::vector<double> out(static_cast<std::size_t>(n) * p, 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j) {
      const double left = a[static_cast<std::size_t>(i) * m + j];
      if (left == 0) continue;
      for (int k = 0; k < p; ++k)
        out[static_cast<std::size_t>(i) * p + k] += left * b[static_cast<std::size_t>(j) * p + k];
    }
  return out;
}

}  // namespace

std::vector<double> selfAttentionRollout(const std::vector<AttentionHeads>& layers, int layer) {
  if (layer < 0 || layer >= int(layers.size())) return {};
  const int size = layers.front().queries;
  std::vector<double> rollout;
  for (int l = 0; l <= layer; ++l) {
    const AttentionHeads& heads = layers[static_cast<std::size_t>(l)];
    if (heads.queries != size || heads.keys != size) return {};
    const auto step = averaged(heads, /*withResidual=*/true);
    rollout = l == 0 ? step : multiply(step, rollout, size, size, size);
  }
  return rollout;
}

std::vector<double> crossAttentionRollout(const ExampleAttention& example, int layer) {
  if (layer < 0 || layer >= int(example.cross.size()) || example.encoder_self.empty()) return {};
  const AttentionHeads& cross = example.cross[static_cast<std::size_t>(layer)];
  const auto encoder =
      selfAttentionRollout(example.encoder_self, int(example.encoder_self.size()) - 1);
  const int sources = example.encoder_self.front().keys;
  if (encoder.empty() || cross.keys != sources) return {};
  return multiply(averaged(cross, /*withResidual=*/false), encoder, cross.queries, sources,
                  sources);
}

}  // namespace attn::ui
