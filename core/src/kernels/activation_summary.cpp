#include "kernels/activation_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kernels/isa.h"
#include "kernels/vector8.h"

// Compiled twice like the other kernels (kernels/isa.h). The first pass keeps
// eight lanes of sums, minima and maxima; the second computes a row's bin
// indices in a loop the compiler vectorises, then counts them.

namespace attn::kernels {
namespace {

struct Moments {
  double sum = 0, sum_of_squares = 0;
  float low = std::numeric_limits<float>::infinity(),
        high = -std::numeric_limits<float>::infinity();
  std::int64_t count = 0, dead = 0;
};

// NaNs leave the minimum and maximum alone (the comparisons are false) and
// make the sums NaN, as a diverged layer should show.
ATTN_KERNEL_INLINE Moments moments_body(const float* values, std::int64_t rows, std::int64_t width,
                                        std::int64_t row_stride, const bool* selected) {
  Moments m;
  for (std::int64_t r = 0; r < rows; ++r) {
    if (!selected[r]) continue;
    const float* row = values + r * row_stride;
    // Float partial sums per row (at most a few thousand values), folded into doubles.
    Vec8 sum = Vec8{}, squares = Vec8{}, low = splat(m.low), high = splat(m.high);
    Int8 dead = Int8{};
    std::int64_t i = 0;
    for (; i + kLanes <= width; i += kLanes) {
      const Vec8 x = load8(row + i);
      sum += x;
      squares += x * x;
      dead -= x <= 0.0f;  // a true comparison is −1
      low = x < low ? x : low;
      high = x > high ? x : high;
    }
    float row_sum = 0, row_squares = 0;
    std::int64_t row_dead = 0;
    for (int lane = 0; lane < kLanes; ++lane) {
      row_sum += sum[lane];
      row_squares += squares[lane];
      row_dead += dead[lane];
      m.low = low[lane] < m.low ? low[lane] : m.low;
      m.high = high[lane] > m.high ? high[lane] : m.high;
    }
    for (; i < width; ++i) {
      const float x = row[i];
      row_sum += x;
      row_squares += x * x;
      row_dead += x <= 0.0f;
      m.low = x < m.low ? x : m.low;
      m.high = x > m.high ? x : m.high;
    }
    m.sum += row_sum;
    m.sum_of_squares += row_squares;
    m.dead += row_dead;
    m.count += width;
  }
  return m;
}

// counts has bins + 1 entries: the last collects values outside
// [bottom, top] (NaN), which are not counted.
ATTN_KERNEL_INLINE void histogram_body(const float* values, std::int64_t rows, std::int64_t width,
                                       std::int64_t row_stride, const bool* selected, double bottom,
                                       double top, int bins, std::int32_t* bin_of,
                                       std::int64_t* counts) {
  const double bins_per_unit = bins / (top - bottom);
  const std::int32_t last = bins - 1;
  for (std::int64_t r = 0; r < rows; ++r) {
    if (!selected[r]) continue;
    const float* row = values + r * row_stride;
    for (std::int64_t i = 0; i < width; ++i) {
      const double x = row[i];
      const bool inside = x >= bottom && x <= top;
      const auto bin = static_cast<std::int32_t>((inside ? x - bottom : 0.0) * bins_per_unit);
      bin_of[i] = inside ? (bin < last ? bin : last) : bins;
    }
    for (std::int64_t i = 0; i < width; ++i) ++counts[bin_of[i]];
  }
}

Moments moments_baseline(const float* values, std::int64_t rows, std::int64_t width,
                         std::int64_t row_stride, const bool* selected) {
  return moments_body(values, rows, width, row_stride, selected);
}

void histogram_baseline(const float* values, std::int64_t rows, std::int64_t width,
                        std::int64_t row_stride, const bool* selected, double bottom, double top,
                        int bins, std::int32_t* bin_of, std::int64_t* counts) {
  histogram_body(values, rows, width, row_stride, selected, bottom, top, bins, bin_of, counts);
}

#if ATTN_KERNELS_HAVE_AVX2
ATTN_TARGET_AVX2 Moments moments_avx2(const float* values, std::int64_t rows, std::int64_t width,
                                      std::int64_t row_stride, const bool* selected) {
  return moments_body(values, rows, width, row_stride, selected);
}

ATTN_TARGET_AVX2 void histogram_avx2(const float* values, std::int64_t rows, std::int64_t width,
                                     std::int64_t row_stride, const bool* selected, double bottom,
                                     double top, int bins, std::int32_t* bin_of,
                                     std::int64_t* counts) {
  histogram_body(values, rows, width, row_stride, selected, bottom, top, bins, bin_of, counts);
}
#endif

Moments moments(const float* values, std::int64_t rows, std::int64_t width, std::int64_t row_stride,
                const bool* selected) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) return moments_avx2(values, rows, width, row_stride, selected);
#endif
  return moments_baseline(values, rows, width, row_stride, selected);
}

void histogram(const float* values, std::int64_t rows, std::int64_t width, std::int64_t row_stride,
               const bool* selected, double bottom, double top, int bins, std::int32_t* bin_of,
               std::int64_t* counts) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2())
    return histogram_avx2(values, rows, width, row_stride, selected, bottom, top, bins, bin_of,
                          counts);
#endif
  histogram_baseline(values, rows, width, row_stride, selected, bottom, top, bins, bin_of, counts);
}

}  // namespace

void summarize_activations(const float* values, std::int64_t rows, std::int64_t width,
                           std::int64_t row_stride, const bool* selected, int bins, float* out) {
  std::fill_n(out, 5 + bins, 0.0f);
  const Moments m = moments(values, rows, width, row_stride, selected);
  if (m.count == 0) return;
  const double count = static_cast<double>(m.count);
  const double mean = m.sum / count;
  const double variance = std::max(0.0, m.sum_of_squares / count - mean * mean);
  out[0] = static_cast<float>(mean);
  out[1] = static_cast<float>(std::sqrt(variance));
  out[2] = m.high;
  out[3] = static_cast<float>(static_cast<double>(m.dead) / count);
  out[4] = m.low;
  // A diverged layer (infinite values) has no finite range to bin.
  if (!std::isfinite(m.low) || !std::isfinite(m.high)) return;

  double bottom = m.low, top = m.high;
  if (bottom == top) {
    bottom -= 1;
    top += 1;
  }
  std::vector<std::int64_t> counts(static_cast<std::size_t>(bins) + 1, 0);
  std::vector<std::int32_t> bin_of(static_cast<std::size_t>(width));
  histogram(values, rows, width, row_stride, selected, bottom, top, bins, bin_of.data(),
            counts.data());
  for (int b = 0; b < bins; ++b) {
    out[5 + b] =
        static_cast<float>(static_cast<double>(counts[static_cast<std::size_t>(b)]) / count);
  }
}

}  // namespace attn::kernels
