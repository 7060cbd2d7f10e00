// The progress line's ETA: nothing while the run warms up, then the time
// left from the average step since, close to the truth and steady although
// single steps vary threefold, rounded so it does not flicker.

#include <QtTest/QtTest>

#include <cmath>

#include "etaestimate.h"

using namespace attn;
using namespace attn::ui;

namespace {

constexpr std::int64_t kPlanned = 10000;
constexpr double kMeanStep = 0.1;  // seconds, after the warm-up

// Step `step` of a run whose first three steps take 3 s each (data to the
// device, first allocations) and whose later steps alternate 0.05 s and 0.15 s.
StepMetrics stepAt(std::int64_t step) {
  StepMetrics metrics;
  metrics.step = step;
  metrics.planned_steps = kPlanned;
  const std::int64_t warm = std::min<std::int64_t>(step, 3);
  const std::int64_t after = step - warm;
  metrics.seconds = 3.0 * double(warm) + kMeanStep * double(after) - (after % 2 ? 0.05 : 0.0);
  return metrics;
}

}  // namespace

class TestEtaEstimate : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void estimatingUntilTheRateIsKnown() {
    EtaEstimate eta;
    for (std::int64_t step = 1; step <= 3; ++step) {
      eta.add(stepAt(step));
      QVERIFY2(!eta.seconds(), qPrintable(QStringLiteral("shown at warm-up step %1").arg(step)));
    }
    // The rate needs two seconds and five steps past the warm-up.
    for (std::int64_t step = 4; step <= 22; ++step) {
      eta.add(stepAt(step));
      QVERIFY(!eta.seconds());
    }
    for (std::int64_t step = 23; step <= 30; ++step) eta.add(stepAt(step));
    QVERIFY(eta.seconds());
  }

  // The warm-up's 9 s do not make the first estimate three times too long,
  // and steps that vary threefold do not make it jump.
  void closeToTheTruthAndSteady() {
    EtaEstimate eta;
    std::optional<double> previous;
    int shown = 0;
    for (std::int64_t step = 1; step <= kPlanned - 100; ++step) {
      eta.add(stepAt(step));
      const auto left = eta.seconds();
      if (!left) continue;
      ++shown;
      const double truth = double(kPlanned - step) * kMeanStep;
      QVERIFY2(
          std::abs(*left - truth) <= 0.1 * truth + 10,
          qPrintable(
              QStringLiteral("step %1: shown %2 s, truth %3 s").arg(step).arg(*left).arg(truth)));
      if (previous) {
        // From one step to the next: at most one rounding unit more than the
        // step's own 0.1 s (a minute, at this length).
        QVERIFY2(
            std::abs(*left - *previous) <= 60,
            qPrintable(
                QStringLiteral("step %1: %2 s after %3 s").arg(step).arg(*left).arg(*previous)));
      }
      previous = left;
    }
    QVERIFY(shown > int(kPlanned) - 200);
  }

  void roundedSoItDoesNotFlicker() {
    EtaEstimate eta;
    for (std::int64_t step = 1; step <= kPlanned; ++step) {
      eta.add(stepAt(step));
      const auto left = eta.seconds();
      if (!left) continue;
      const double unit = *left < 60 ? 5 : *left < 600 ? 10 : *left < 3600 ? 60 : 300;
      QVERIFY2(std::fmod(*left, unit) == 0, qPrintable(QStringLiteral("%1 s").arg(*left)));
      QVERIFY(*left >= 5);  // never "0m00s" before the end
    }
  }

  void aNewRunEstimatesAgain() {
    EtaEstimate eta;
    for (std::int64_t step = 1; step <= 100; ++step) eta.add(stepAt(step));
    QVERIFY(eta.seconds());
    eta.restart();
    QVERIFY(!eta.seconds());
    eta.add(stepAt(1));
    QVERIFY(!eta.seconds());
  }
};

QTEST_GUILESS_MAIN(TestEtaEstimate)
#include "tst_etaestimate.moc"
