#pragma once
// Per-parameter passes of an optimisation step, one pass over memory each.
//
// A step ends with three sweeps over every parameter: the gradient and
// weight norms (gradient-flow statistics and clipping), then Adam. In
// LibTorch each is a chain of whole-tensor operations (pow, sum; mul_, add_,
// addcmul_, sqrt, div, add_, addcdiv_), each reading and writing the whole
// parameter and some allocating a temporary; these kernels read each value
// once. The sweeps are memory-bound, so passes are what they cost.
//
// Plain C++, no LibTorch; the caller splits work across threads.

#include <cstdint>

namespace attn::kernels {

// Σ values[i]², accumulated in double.
double sum_of_squares(const float* values, std::int64_t count);

// One Adam step (Kingma & Ba, Algorithm 1; §5.3 of the Transformer paper uses
// β1 = 0.9, β2 = 0.98, ε = 1e-9) in LibTorch's formulation and order of
// operations:
//   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,
//   p ← p − step_size · m / (√v / √(1 − β2^t) + ε),  step_size = lr / (1 − β1^t).
// Each coefficient is computed in double and rounded once, as LibTorch does.
struct AdamCoefficients {
  float beta1;
  float beta2;
  float one_minus_beta1;
  float one_minus_beta2;
  float step_size;
  float bias_correction2_sqrt;
  float eps;
};

// The four arrays must not overlap.
void adam_update(float* parameter, const float* gradient, float* exp_avg, float* exp_avg_sq,
                 std::int64_t count, const AdamCoefficients& coefficients);

}  // namespace attn::kernels
