#include "kernels/cross_entropy_kernel.h"

#include <algorithm>
#include <cmath>

#include "kernels/isa.h"
#include "kernels/vector8.h"
#include "kernels/vector_math.h"

// Compiled twice like the other kernels (kernels/isa.h), eight classes at a
// time; a row's last partial group is padded with −inf (nothing to the maximum
// or the exponentials) and 0 (nothing to the sum of logits).

namespace attn::kernels {
namespace {

ATTN_KERNEL_INLINE void cross_entropy_body(float* logits, const std::int64_t* labels,
                                           std::int64_t rows, std::int64_t classes, float smoothing,
                                           std::int64_t ignored_label, double* row_losses) {
  const float uniform_share = smoothing / static_cast<float>(classes);
  for (std::int64_t r = 0; r < rows; ++r) {
    float* z = logits + r * classes;
    const std::int64_t label = labels[r];
    if (label == ignored_label) {
      for (std::int64_t j = 0; j < classes; j += kLanes)
        store(z + j, Vec8{}, std::min(kLanes, classes - j));
      row_losses[r] = 0.0;
      continue;
    }
    // Pass 1: the row's maximum and the sum of its logits.
    Vec8 maxima = splat(kMinusInfinity), sums{};
    for (std::int64_t j = 0; j < classes; j += kLanes) {
      const std::int64_t width = std::min(kLanes, classes - j);
      const Vec8 v = load(z + j, width, kMinusInfinity);
      maxima = v > maxima ? v : maxima;
      sums += load(z + j, width, 0.0f);
    }
    const float m = horizontal_max(maxima);
    const double mean_logit = static_cast<double>(horizontal_sum(sums)) / classes;
    const double label_logit = z[label];
    // Pass 2: exponentials of z − max (≤ 1), kept in place, and their sum.
    Vec8 exponential_sums{};
    for (std::int64_t j = 0; j < classes; j += kLanes) {
      const std::int64_t width = std::min(kLanes, classes - j);
      const Vec8 e = exp_of_nonpositive8(load(z + j, width, kMinusInfinity) - m);
      exponential_sums += e;
      store(z + j, e, width);
    }
    const float total = horizontal_sum(exponential_sums);
    const double log_sum_exp = m + std::log(static_cast<double>(total));
    row_losses[r] = log_sum_exp - (1.0 - smoothing) * label_logit - smoothing * mean_logit;
    // Pass 3: the gradient, softmax − ε/classes, then − (1 − ε) at the label.
    const float inverse = 1.0f / total;
    for (std::int64_t j = 0; j < classes; j += kLanes) {
      const std::int64_t width = std::min(kLanes, classes - j);
      store(z + j, load(z + j, width, 0.0f) * inverse - uniform_share, width);
    }
    z[label] -= 1.0f - smoothing;
  }
}

void cross_entropy_baseline(float* logits, const std::int64_t* labels, std::int64_t rows,
                            std::int64_t classes, float smoothing, std::int64_t ignored_label,
                            double* row_losses) {
  cross_entropy_body(logits, labels, rows, classes, smoothing, ignored_label, row_losses);
}

#if ATTN_KERNELS_HAVE_AVX2
ATTN_TARGET_AVX2 void cross_entropy_avx2(float* logits, const std::int64_t* labels,
                                         std::int64_t rows, std::int64_t classes, float smoothing,
                                         std::int64_t ignored_label, double* row_losses) {
  cross_entropy_body(logits, labels, rows, classes, smoothing, ignored_label, row_losses);
}
#endif

}  // namespace

void label_smoothed_cross_entropy(float* logits, const std::int64_t* labels, std::int64_t rows,
                                  std::int64_t classes, float smoothing, std::int64_t ignored_label,
                                  double* row_losses) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2())
    return cross_entropy_avx2(logits, labels, rows, classes, smoothing, ignored_label, row_losses);
#endif
  cross_entropy_baseline(logits, labels, rows, classes, smoothing, ignored_label, row_losses);
}

}  // namespace attn::kernels
