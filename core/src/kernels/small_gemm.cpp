#include "kernels/small_gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/isa.h"
#include "kernels/vector8.h"

// Register-tiled products written with GCC/Clang vector extensions, compiled
// twice: for the baseline x86-64 ISA and for AVX2 + FMA (kernels/isa.h). The
// file is built with -ffp-contract=fast so a·b + c becomes one FMA.

namespace attn::kernels {
namespace {

constexpr std::int64_t kTileRows = 4;

// Rows × (Vectors·8) block of C from k rows of A (strided) and k rows of B's
// panel (contiguous columns, rows `panel_row` floats apart). The
// accumulators stay in registers for the whole k loop.
template <int Rows, int Vectors>
ATTN_KERNEL_INLINE void micro_tile(std::int64_t k, const float* a, std::int64_t a_row,
                                   std::int64_t a_column, const float* panel,
                                   std::int64_t panel_row, float* c, std::int64_t c_row) {
  Vec8 accumulators[Rows][Vectors];
  for (int r = 0; r < Rows; ++r)
    for (int v = 0; v < Vectors; ++v) accumulators[r][v] = Vec8{};
  for (std::int64_t p = 0; p < k; ++p) {
    Vec8 b[Vectors];
    for (int v = 0; v < Vectors; ++v) b[v] = load8(panel + p * panel_row + v * kLanes);
    for (int r = 0; r < Rows; ++r) {
      const float x = a[r * a_row + p * a_column];
      const Vec8 broadcast = Vec8{} + x;
      for (int v = 0; v < Vectors; ++v) accumulators[r][v] += broadcast * b[v];
    }
  }
  for (int r = 0; r < Rows; ++r)
    for (int v = 0; v < Vectors; ++v) store8(c + r * c_row + v * kLanes, accumulators[r][v]);
}

// One column block [column, column + 8·Vectors) of C, every row.
template <int Vectors>
ATTN_KERNEL_INLINE void column_block(std::int64_t m, std::int64_t k, const float* a,
                                     std::int64_t a_row, std::int64_t a_column, const float* panel,
                                     std::int64_t panel_row, float* c, std::int64_t c_row) {
  std::int64_t row = 0;
  for (; row + kTileRows <= m; row += kTileRows) {
    micro_tile<kTileRows, Vectors>(k, a + row * a_row, a_row, a_column, panel, panel_row,
                                   c + row * c_row, c_row);
  }
  for (; row < m; ++row) {
    micro_tile<1, Vectors>(k, a + row * a_row, a_row, a_column, panel, panel_row, c + row * c_row,
                           c_row);
  }
}

ATTN_KERNEL_INLINE void one_product(std::int64_t m, std::int64_t n, std::int64_t k, const float* a,
                                    std::int64_t a_row, std::int64_t a_column, const float* b,
                                    std::int64_t b_row, std::int64_t b_column, float* c,
                                    std::int64_t c_row, std::vector<float>& packed,
                                    std::vector<float>& tail) {
  const std::int64_t panel_vectors = (n + kLanes - 1) / kLanes;
  const float* panel = b;
  std::int64_t panel_row = b_row;
  if (b_column != 1 || n % kLanes != 0) {
    // B's rows are not whole vectors of contiguous floats (a transposed view,
    // or a partial last vector): copy them once into k rows of whole
    // vectors, zero-padded on the right.
    panel_row = panel_vectors * kLanes;
    packed.resize(static_cast<std::size_t>(k * panel_row));
    for (std::int64_t p = 0; p < k; ++p) {
      float* row = packed.data() + p * panel_row;
      const float* source = b + p * b_row;
      for (std::int64_t j = 0; j < n; ++j) row[j] = source[j * b_column];
      std::fill(row + n, row + panel_row, 0.0f);
    }
    panel = packed.data();
  }

  const std::int64_t whole_vectors = n / kLanes;
  std::int64_t vector = 0;
  for (; vector + 2 <= whole_vectors; vector += 2) {
    column_block<2>(m, k, a, a_row, a_column, panel + vector * kLanes, panel_row,
                    c + vector * kLanes, c_row);
  }
  for (; vector < whole_vectors; ++vector) {
    column_block<1>(m, k, a, a_row, a_column, panel + vector * kLanes, panel_row,
                    c + vector * kLanes, c_row);
  }
  if (vector < panel_vectors) {
    // The last, partial vector of columns: computed into a scratch block of
    // whole vectors, then its valid columns copied out.
    const std::int64_t columns = n - vector * kLanes;
    tail.resize(static_cast<std::size_t>(m * kLanes));
    column_block<1>(m, k, a, a_row, a_column, panel + vector * kLanes, panel_row, tail.data(),
                    kLanes);
    for (std::int64_t row = 0; row < m; ++row) {
      std::memcpy(c + row * c_row + vector * kLanes, tail.data() + row * kLanes,
                  static_cast<std::size_t>(columns) * sizeof(float));
    }
  }
}

ATTN_KERNEL_INLINE void run_batch(std::int64_t count, std::int64_t m, std::int64_t n,
                                  std::int64_t k, StridedMatrices a, StridedMatrices b,
                                  float* const* c, std::int64_t c_row) {
  thread_local std::vector<float> panel;
  thread_local std::vector<float> tail;
  for (std::int64_t i = 0; i < count; ++i) {
    if (k == 0) {
      for (std::int64_t row = 0; row < m; ++row) std::fill_n(c[i] + row * c_row, n, 0.0f);
      continue;
    }
    one_product(m, n, k, a.base[i], a.row_stride, a.column_stride, b.base[i], b.row_stride,
                b.column_stride, c[i], c_row, panel, tail);
  }
}

void run_batch_baseline(std::int64_t count, std::int64_t m, std::int64_t n, std::int64_t k,
                        StridedMatrices a, StridedMatrices b, float* const* c, std::int64_t c_row) {
  run_batch(count, m, n, k, a, b, c, c_row);
}

#if ATTN_KERNELS_HAVE_AVX2
ATTN_TARGET_AVX2 void run_batch_avx2(std::int64_t count, std::int64_t m, std::int64_t n,
                                     std::int64_t k, StridedMatrices a, StridedMatrices b,
                                     float* const* c, std::int64_t c_row) {
  run_batch(count, m, n, k, a, b, c, c_row);
}
#endif

}  // namespace

void small_gemm_batch(std::int64_t count, std::int64_t m, std::int64_t n, std::int64_t k,
                      StridedMatrices a, StridedMatrices b, float* const* c,
                      std::int64_t c_row_stride) {
#if ATTN_KERNELS_HAVE_AVX2
  if (use_avx2()) return run_batch_avx2(count, m, n, k, a, b, c, c_row_stride);
#endif
  run_batch_baseline(count, m, n, k, a, b, c, c_row_stride);
}

}  // namespace attn::kernels
