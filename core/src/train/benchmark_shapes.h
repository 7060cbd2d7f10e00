#pragma once
// The benchmark contract's batch shapes and the median the benchmarks report,
// shared by the training-step and the matrix-product benchmarks.

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace attn {

struct BenchShape {
  int length;  // source = target length
  int batch;
};

// Vocabulary and widths come from the preset of the same name.
inline const std::map<std::string, BenchShape>& bench_shapes() {
  static const std::map<std::string, BenchShape> table = {
      {"bench-tiny", {16, 64}}, {"bench-small", {32, 32}}, {"bench-base", {64, 16}}};
  return table;
}

inline double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const std::size_t index =
      std::min(values.size() - 1, static_cast<std::size_t>(q * (values.size() - 1) + 0.5));
  return values[index];
}

}  // namespace attn
