#include "headstatistics.h"

#include <cmath>
#include <cstdlib>

namespace attn::ui {
namespace {

HeadMeasures measure(const Snapshot& snapshot, AttentionKind kind) {
  HeadMeasures measures;
  if (snapshot.examples.empty()) return measures;
  const std::size_t layers = snapshot.examples.front().of(kind).size();
  for (std::size_t layer = 0; layer < layers; ++layer) {
    const int heads = snapshot.examples.front().of(kind)[layer].heads;
    QVector<double> entropy(heads, 0.0), distance(heads, 0.0);
    long long queries = 0;
    for (const ExampleAttention& example : snapshot.examples) {
      if (layer >= example.of(kind).size()) continue;
      const AttentionHeads& maps = example.of(kind)[layer];
      if (maps.heads != heads) continue;
      for (int q = 0; q < maps.queries; ++q) {
        for (int h = 0; h < heads; ++h) {
          double bits = 0, far = 0;
          for (int k = 0; k < maps.keys; ++k) {
            const double w = maps.at(h, q, k);
            if (w > 0) bits -= w * std::log2(w);
            far += w * std::abs(q - k);
          }
          entropy[h] += bits;
          distance[h] += far;
        }
      }
      queries += maps.queries;
    }
    for (int h = 0; h < heads; ++h) {
      entropy[h] /= double(std::max(1LL, queries));
      distance[h] /= double(std::max(1LL, queries));
    }
    measures.entropy << entropy;
    measures.distance << distance;
  }
  return measures;
}

}  // namespace

HeadStatistics measureHeads(const Snapshot& snapshot) {
  HeadStatistics statistics;
  statistics.encoderSelf = measure(snapshot, AttentionKind::EncoderSelf);
  statistics.decoderSelf = measure(snapshot, AttentionKind::DecoderSelf);
  statistics.cross = measure(snapshot, AttentionKind::Cross);
  return statistics;
}

}  // namespace attn::ui
