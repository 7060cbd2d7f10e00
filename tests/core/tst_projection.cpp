// The embeddings projection: principal axes, deterministic, sign-stable.

#include <QtTest/QtTest>

#include <cmath>
#include <random>

#include "attn/projection.h"

using namespace attn;

class TestProjection : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void findsThePrincipalAxes() {
    // Points spread 10× more along (1, 1, 0)/√2 than along (0, 0, 1), barely along (1, -1, 0).
    std::mt19937 random(3);
    std::normal_distribution<float> normal;
    std::vector<float> rows;
    const double s = 1 / std::sqrt(2.0);
    for (int i = 0; i < 500; ++i) {
      const float a = 10 * normal(random), b = 3 * normal(random), c = 0.1f * normal(random);
      rows.insert(rows.end(), {float(a * s + c * s + 5), float(a * s - c * s - 2), b});
    }
    const Projection2D p = fit_projection(rows, 3);
    QVERIFY(p.valid());
    QVERIFY(std::abs(std::abs(p.axis_x[0]) - s) < 0.01 &&
            std::abs(std::abs(p.axis_x[1]) - s) < 0.01);
    QVERIFY(std::abs(std::abs(p.axis_y[2]) - 1) < 0.01);
    // Unit length and orthogonal.
    double xx = 0, yy = 0, xy = 0;
    for (int i = 0; i < 3; ++i) {
      xx += p.axis_x[i] * p.axis_x[i];
      yy += p.axis_y[i] * p.axis_y[i];
      xy += p.axis_x[i] * p.axis_y[i];
    }
    QVERIFY(std::abs(xx - 1) < 1e-9 && std::abs(yy - 1) < 1e-9 && std::abs(xy) < 1e-9);
    // The mean is removed: the centre projects to the origin.
    const float centre[] = {float(p.mean[0]), float(p.mean[1]), float(p.mean[2])};
    double x = 1, y = 1;
    p.project(centre, &x, &y);
    QVERIFY(std::abs(x) < 1e-5 && std::abs(y) < 1e-5);
    // Variances 100, 9 and 0.01: the axes hold 100/109.01 and 9/109.01 of
    // the total (sampling error of 500 points stays well inside 0.03).
    QVERIFY2(std::abs(p.explained_x - 100 / 109.01) < 0.03,
             qPrintable(QString::number(p.explained_x)));
    QVERIFY2(std::abs(p.explained_y - 9 / 109.01) < 0.03,
             qPrintable(QString::number(p.explained_y)));
    QVERIFY(p.explained_x + p.explained_y <= 1 + 1e-9);
  }

  void sameInputSamePicture() {
    std::mt19937 random(11);
    std::normal_distribution<float> normal;
    std::vector<float> rows(64 * 32);
    for (float& v : rows) v = normal(random);
    const Projection2D a = fit_projection(rows, 32);
    const Projection2D b = fit_projection(rows, 32);
    QCOMPARE(a.axis_x, b.axis_x);
    QCOMPARE(a.axis_y, b.axis_y);
    // Mirrored data would flip an unsigned eigenvector; the sign rule keeps
    // the largest component positive.
    const auto largest = [](const std::vector<double>& v) {
      double best = 0;
      for (double x : v) best = std::abs(x) > std::abs(best) ? x : best;
      return best;
    };
    QVERIFY(largest(a.axis_x) > 0);
    QVERIFY(largest(a.axis_y) > 0);
  }

  void tooFewRowsIsInvalid() {
    QVERIFY(!fit_projection({1, 2, 3}, 3).valid());
    QVERIFY(!fit_projection({}, 3).valid());
    QVERIFY(!fit_projection({1, 2, 3, 4, 5}, 3).valid());  // not whole rows
    // Identical rows: no variance, still a valid (if arbitrary) projection.
    const Projection2D flat = fit_projection({1, 2, 1, 2, 1, 2}, 2);
    QVERIFY(flat.valid());
    QCOMPARE(flat.explained_x, 0.0);  // no variance to explain
  }
};

QTEST_APPLESS_MAIN(TestProjection)
#include "tst_projection.moc"
