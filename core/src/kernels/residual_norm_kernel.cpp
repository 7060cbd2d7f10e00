#include "kernels/residual_norm_kernel.h"

#include <algorithm>
#include <cmath>

#include "kernels/dropout_kernel.h"
#include "kernels/isa.h"
#include "kernels/vector8.h"
#include "kernels/vector_math.h"

// Compiled twice like the other kernels (kernels/isa.h), eight elements at a
// time; a row's last partial group is padded with zeros, which add nothing to
// any of the row's sums. Each row is in L1 while it is worked on: the dropout
// writes it, and the passes below read it again from there.

namespace attn::kernels {
namespace {

ATTN_KERNEL_INLINE void forward_rows(const float* x, const float* y, const float* gamma,
                                     const float* beta, float* sum, float* output, float* mean,
                                     float* inverse_std, std::int64_t first_row, std::int64_t rows,
                                     std::int64_t width, float epsilon, RowDropout dropout) {
  const bool drops = dropout.threshold > 0;
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::int64_t row = first_row + r, start = row * width;
    float* s = sum + start;
    // sum = dropout(y), the same element indices as the separate layer's.
    if (drops) {
      dropout_apply(y + start, s, start, width, dropout.key, dropout.threshold, dropout.scale);
    } else {
      std::copy(y + start, y + start + width, s);
    }
    // Pass 1: sum += x, and the row's total.
    Vec8 totals{};
    for (std::int64_t j = 0; j < width; j += kLanes) {
      const std::int64_t w = std::min(kLanes, width - j);
      const Vec8 v = load(s + j, w, 0.0f) + load(x + start + j, w, 0.0f);
      store(s + j, v, w);
      totals += v;
    }
    const float m = horizontal_sum(totals) / static_cast<float>(width);
    // Pass 2: the variance about the mean (two passes: no cancellation).
    Vec8 squares{};
    for (std::int64_t j = 0; j < width; j += kLanes) {
      const std::int64_t w = std::min(kLanes, width - j);
      const Vec8 centred = load(s + j, w, m) - m;
      squares += centred * centred;
    }
    const float variance = horizontal_sum(squares) / static_cast<float>(width);
    const float inverse = 1.0f / std::sqrt(variance + epsilon);
    // Pass 3: normalise, scale and shift.
    for (std::int64_t j = 0; j < width; j += kLanes) {
      const std::int64_t w = std::min(kLanes, width - j);
      const Vec8 normalised = (load(s + j, w, m) - m) * inverse;
      store(output + start + j, normalised * load(gamma + j, w, 0.0f) + load(beta + j, w, 0.0f), w);
    }
    mean[row] = m;
    inverse_std[row] = inverse;
  }
}

// With x̂ = (sum − mean)·r and d = g·γ (r = 1/√(var + ε), n = width):
//   ∂L/∂sum = r · (d − mean(d) − x̂ · mean(d · x̂))
// which is ∂L/∂x; ∂L/∂y is it through the dropout's mask; ∂L/∂γ = Σ g·x̂,
// ∂L/∂β = Σ g over the rows.
ATTN_KERNEL_INLINE void gradient_rows(const float* g, const float* sum, const float* mean,
                                      const float* inverse_std, const float* gamma,
                                      float* x_gradient, float* y_gradient, float* gamma_gradient,
                                      float* beta_gradient, std::int64_t first_row,
                                      std::int64_t rows, std::int64_t width, RowDropout dropout) {
  const bool drops = dropout.threshold > 0;
  const float n = static_cast<float>(width);
  for (std::int64_t r = 0; r < rows; ++r) {
    const std::int64_t row = first_row + r, start = row * width;
    const float m = mean[row], inverse = inverse_std[row];
    const float* gr = g + start;
    const float* s = sum + start;
    // Pass 1: Σ d, Σ d·x̂, and γ's and β's shares.
    Vec8 d_totals{}, dx_totals{};
    for (std::int64_t j = 0; j < width; j += kLanes) {
      const std::int64_t w = std::min(kLanes, width - j);
      const Vec8 gv = load(gr + j, w, 0.0f);
      const Vec8 normalised = (load(s + j, w, m) - m) * inverse;
      const Vec8 d = gv * load(gamma + j, w, 0.0f);
      d_totals += d;
      dx_totals += d * normalised;
      store(gamma_gradient + j, load(gamma_gradient + j, w, 0.0f) + gv * normalised, w);
      store(beta_gradient + j, load(beta_gradient + j, w, 0.0f) + gv, w);
    }
    const float d_mean = horizontal_sum(d_totals) / n;
    const float dx_mean = horizontal_sum(dx_totals) / n;
    // Pass 2: the sum's gradient, which is x's.
    float* xg = x_gradient + start;
    for (std::int64_t j = 0; j < width; j += kLanes) {
      const std::int64_t w = std::min(kLanes, width - j);
      const Vec8 normalised = (load(s + j, w, m) - m) * inverse;
      const Vec8 d = load(gr + j, w, 0.0f) * load(gamma + j, w, 0.0f);
      store(xg + j, (d - d_mean - normalised * dx_mean) * inverse, w);
    }
    // y's: the same, where the dropout kept y, times its scale.
    if (drops) {
      dropout_apply(xg, y_gradient + start, start, width, dropout.key, dropout.threshold,
                    dropout.scale);
    } else {
      std::copy(xg, xg + width, y_gradient + start);
    }
  }
}

void forward_baseline(const float* x, const float* y, const float* gamma, const float* beta,
                      float* sum, float* output, float* mean, float* inverse_std,
                      std::int64_t first_row, std::int64_t rows, std::int64_t width, float epsilon,
                      RowDropout dropout) {
  forward_rows(x, y, gamma, beta, sum, output, mean, inverse_std, first_row, rows, width, epsilon,
               dropout);
}

void gradient_baseline(const float* g, const float* sum, const float* mean,
                       const float* inverse_std, const float* gamma, float* x_gradient,
                       float* y_gradient, float* gamma_gradient, float* beta_gradient,
                       std::int64_t first_row, std::int64_t rows, std::int64_t width,
                       RowDropout dropout) {
  gradient_rows(g, sum, mean, inverse_std, gamma, x_gradient, y_gradient, gamma_gradient,
                beta_gradient, first_row, rows, width, dropout);
}

#if ATTN_KERNELS_HAVE_AVX2
ATTN_TARGET_AVX2 void forward_avx2(const float* x, const float* y, const float* gamma,
                                   const float* beta, float* sum, float* output, float* mean,
                                   float* inverse_std, std::int64_t first_row, std::int64_t rows,
                                   std::int64_t width, float epsilon, RowDropout dropout) {
  forward_rows(x, y, gamma, beta, sum, output, mean, inverse_std, first_row, rows, width, epsilon,
               dropout);
}

ATTN_TARGET_AVX2 void gradient_avx2(const float* g, const float* sum, const float* mean,
                                    const float* inverse_std, const float* gamma, float* x_gradient,
                                    float* y_gradient, float* gamma_gradient, float* beta_gradient,
                                    std::int64_t first_row, std::int64_t rows, std::int64_t width,
                                    RowDropout dropout) {
  gradient_rows(g, sum, mean, inverse_std, gamma, x_gradient, y_gradient, gamma_gradient,
                beta_gradient, first_row, rows, width, dropout);
}
#endif

}  // namespace

void residual_layer_norm(const float* x, const float* y, const float* gamma, const float* beta,
                         float* sum, float* output, float* mean, float* inverse_std,
                         std::int64_t first_row, std::int64_t rows, std::int64_t width,
                         float epsilon, RowDropout dropout) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2())
    return forward_avx2(x, y, gamma, beta, sum, output, mean, inverse_std, first_row, rows, width,
                        epsilon, dropout);
#endif
  forward_baseline(x, y, gamma, beta, sum, output, mean, inverse_std, first_row, rows, width,
                   epsilon, dropout);
}

void residual_layer_norm_gradient(const float* g, const float* sum, const float* mean,
                                  const float* inverse_std, const float* gamma, float* x_gradient,
                                  float* y_gradient, float* gamma_gradient, float* beta_gradient,
                                  std::int64_t first_row, std::int64_t rows, std::int64_t width,
                                  RowDropout dropout) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2())
    return gradient_avx2(g, sum, mean, inverse_std, gamma, x_gradient, y_gradient, gamma_gradient,
                         beta_gradient, first_row, rows, width, dropout);
#endif
  gradient_baseline(g, sum, mean, inverse_std, gamma, x_gradient, y_gradient, gamma_gradient,
                    beta_gradient, first_row, rows, width, dropout);
}

}  // namespace attn::kernels
