#include "attn/projection.h"

#include <algorithm>
#include <cmath>

namespace attn {
namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

bool normalize(std::vector<double>& v) {
  const double norm = std::sqrt(dot(v, v));
  if (norm < 1e-30) return false;
  for (double& x : v) x /= norm;
  return true;
}

// Leading eigenvector of the covariance of the centred rows, orthogonal to
// `exclude` (deflation), without forming the dim × dim matrix: each iteration
// is v ← Xᵀ(X v), two passes over the data.
std::vector<double> principal_axis(const std::vector<double>& centred, std::size_t count, int dim,
                                   const std::vector<double>* exclude) {
  std::vector<double> v(static_cast<std::size_t>(dim));
  // A fixed start (alternating in sign for the second axis, so that it is not
  // parallel to the first): deterministic results.
  for (int i = 0; i < dim; ++i) {
    const double sign = exclude && i % 2 == 1 ? -1.0 : 1.0;
    v[static_cast<std::size_t>(i)] = sign * (1.0 + 0.01 * i);
  }
  auto orthogonalize = [&](std::vector<double>& u) {
    if (!exclude) return;
    const double along = dot(u, *exclude);
    for (std::size_t i = 0; i < u.size(); ++i) u[i] -= along * (*exclude)[i];
  };
  orthogonalize(v);
  if (!normalize(v)) return {};
  std::vector<double> next(v.size());
  for (int iteration = 0; iteration < 300; ++iteration) {
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t r = 0; r < count; ++r) {
      const double* row = centred.data() + r * static_cast<std::size_t>(dim);
      double along = 0;
      for (int i = 0; i < dim; ++i) along += row[i] * v[static_cast<std::size_t>(i)];
      for (int i = 0; i < dim; ++i) next[static_cast<std::size_t>(i)] += along * row[i];
    }
    orthogonalize(next);
    if (!normalize(next)) return v;  // no variance left in this direction
    const double change = 1.0 - std::abs(dot(next, v));
    v.swap(next);
    if (change < 1e-12) break;
  }
  const auto largest = std::max_element(
      v.begin(), v.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
  if (*largest < 0) {
    for (double& x : v) x = -x;
  }
  return v;
}

// Mean square of the centred rows along the unit vector `axis`.
double variance_along(const std::vector<double>& centred, std::size_t count, int dim,
                      const std::vector<double>& axis) {
  double sum = 0;
  for (std::size_t r = 0; r < count; ++r) {
    const double* row = centred.data() + r * static_cast<std::size_t>(dim);
    double along = 0;
    for (int i = 0; i < dim; ++i) along += row[i] * axis[static_cast<std::size_t>(i)];
    sum += along * along;
  }
  return sum / static_cast<double>(count);
}

}  // namespace

void Projection2D::project(const float* row, double* x, double* y) const {
  double px = 0, py = 0;
  for (int i = 0; i < dim; ++i) {
    const double centred = row[i] - mean[static_cast<std::size_t>(i)];
    px += centred * axis_x[static_cast<std::size_t>(i)];
    py += centred * axis_y[static_cast<std::size_t>(i)];
  }
  *x = px;
  *y = py;
}

Projection2D fit_projection(const std::vector<float>& rows, int dim) {
  Projection2D projection;
  if (dim <= 0 || rows.size() < 2 * static_cast<std::size_t>(dim) ||
      rows.size() % static_cast<std::size_t>(dim) != 0) {
    return projection;
  }
  const std::size_t count = rows.size() / static_cast<std::size_t>(dim);
  std::vector<double> mean(static_cast<std::size_t>(dim), 0.0);
  for (std::size_t r = 0; r < count; ++r) {
    for (int i = 0; i < dim; ++i)
      mean[static_cast<std::size_t>(i)] += rows[r * static_cast<std::size_t>(dim) + i];
  }
  for (double& m : mean) m /= static_cast<double>(count);
  std::vector<double> centred(rows.size());
  for (std::size_t r = 0; r < count; ++r) {
    for (int i = 0; i < dim; ++i) {
      const std::size_t k = r * static_cast<std::size_t>(dim) + i;
      centred[k] = rows[k] - mean[static_cast<std::size_t>(i)];
    }
  }
  auto first = principal_axis(centred, count, dim, nullptr);
  if (first.empty()) return projection;
  auto second = principal_axis(centred, count, dim, &first);
  if (second.empty()) return projection;
  double total = 0;
  for (double x : centred) total += x * x;
  total /= static_cast<double>(count);
  if (total > 0) {
    projection.explained_x = variance_along(centred, count, dim, first) / total;
    projection.explained_y = variance_along(centred, count, dim, second) / total;
  }
  projection.dim = dim;
  projection.mean = std::move(mean);
  projection.axis_x = std::move(first);
  projection.axis_y = std::move(second);
  return projection;
}

}  // namespace attn
