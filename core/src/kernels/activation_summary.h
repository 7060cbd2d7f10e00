#pragma once
// Statistics of a layer's activations for the probe's snapshot.
//
// On the CPU the hidden activations are already in host memory: two plain
// passes over the selected rows give mean, std, max, min, the share ≤ 0 and a
// histogram, where LibTorch would run a boolean-mask gather and eight
// reductions, and its CPU histc (serial, one division per element) was the
// single most expensive statistic of a capture.
//
// Plain C++, no LibTorch.

#include <cstdint>

namespace attn::kernels {

// Summary of the rows r of `values` (row-major, `width` floats per row, rows
// `row_stride` floats apart) with selected[r] != 0. Writes 5 + bins floats to
// out: mean, population std, max, share ≤ 0, min, then the share of values
// in each of `bins` equal bins over [min, max] (torch.histc's rule: the top
// edge counts in the last bin; when min == max the range is [min − 1, max + 1]).
// No selected rows: all zeros.
void summarize_activations(const float* values, std::int64_t rows, std::int64_t width,
                           std::int64_t row_stride, const bool* selected, int bins, float* out);

}  // namespace attn::kernels
