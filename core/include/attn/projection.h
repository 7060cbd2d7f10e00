#pragma once
// A fixed 2-D linear projection (principal components) for drawing
// high-dimensional vectors, e.g. token embeddings, on a plane.

#include <vector>

namespace attn {

struct Projection2D {
  int dim = 0;
  std::vector<double> mean;    // dim
  std::vector<double> axis_x;  // unit vector, dim
  std::vector<double> axis_y;  // unit vector orthogonal to axis_x
  // Share of the rows' total variance along each axis (0..1): how much of
  // the picture a reader sees; the rest lies in the dimensions not drawn.
  double explained_x = 0;
  double explained_y = 0;
  bool valid() const { return dim > 0; }
  // One row of `dim` floats → (x, y).
  void project(const float* row, double* x, double* y) const;
};

// The two principal axes of `rows` (count × dim, row-major), found by power
// iteration with a fixed start, so the same input always gives the same axes.
// Each axis's sign is chosen so that its largest component is positive, which
// keeps the picture from mirroring between otherwise identical fits.
// Returns an invalid projection when there are fewer than two rows.
Projection2D fit_projection(const std::vector<float>& rows, int dim);

}  // namespace attn
