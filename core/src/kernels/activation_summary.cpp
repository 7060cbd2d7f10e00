#include "kernels/activation_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace attn::kernels {

void summarize_activations(const float* values, std::int64_t rows, std::int64_t width, std::int64_t row_stride,
                           const bool* selected, int bins, float* out) {
  std::fill_n(out, 5 + bins, 0.0f);
  double sum = 0, sum_of_squares = 0;
  float low = std::numeric_limits<float>::infinity(), high = -std::numeric_limits<float>::infinity();
  std::int64_t count = 0, dead = 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    if (!selected[r]) continue;
    const float* row = values + r * row_stride;
    // Per-row float partial sums (vectorisable), folded into doubles.
    float row_sum = 0, row_squares = 0;
    std::int64_t row_dead = 0;
    for (std::int64_t i = 0; i < width; ++i) {
      const float x = row[i];
      row_sum += x;
      row_squares += x * x;
      row_dead += x <= 0.0f;
      low = std::min(low, x);
      high = std::max(high, x);
    }
    sum += row_sum;
    sum_of_squares += row_squares;
    dead += row_dead;
    count += width;
  }
  if (count == 0) return;
  const double mean = sum / static_cast<double>(count);
  const double variance = std::max(0.0, sum_of_squares / static_cast<double>(count) - mean * mean);
  out[0] = static_cast<float>(mean);
  out[1] = static_cast<float>(std::sqrt(variance));
  out[2] = high;
  out[3] = static_cast<float>(static_cast<double>(dead) / static_cast<double>(count));
  out[4] = low;
  // A diverged layer (infinite values) has no finite range to bin.
  if (!std::isfinite(low) || !std::isfinite(high)) return;

  double bottom = low, top = high;
  if (bottom == top) {
    bottom -= 1;
    top += 1;
  }
  const double bins_per_unit = bins / (top - bottom);
  const std::int64_t last = bins - 1;
  std::vector<std::int64_t> counts(static_cast<std::size_t>(bins), 0);
  for (std::int64_t r = 0; r < rows; ++r) {
    if (!selected[r]) continue;
    const float* row = values + r * row_stride;
    for (std::int64_t i = 0; i < width; ++i) {
      const double x = row[i];
      if (!(x >= bottom && x <= top)) continue;  // NaN
      const auto bin = static_cast<std::int64_t>((x - bottom) * bins_per_unit);
      ++counts[static_cast<std::size_t>(std::min(bin, last))];
    }
  }
  for (int b = 0; b < bins; ++b) out[5 + b] = static_cast<float>(static_cast<double>(counts[static_cast<std::size_t>(b)]) / static_cast<double>(count));
}

}  // namespace attn::kernels
