// The automatic thread choice (attn/thread_tuner.h): which counts are tried,
// where a run starts given free processors and a load, and how the tuner
// follows a load that comes and goes. Step costs are simulated, so nothing
// here depends on this machine's speed.

#include <QtTest/QtTest>

#include <functional>
#include <map>

#include "attn/thread_tuner.h"

using namespace attn;

namespace {

// Milliseconds per step at each thread count on a 2-core machine, with
// attention-train --bench bench-tiny: idle, and with one busy process beside
// it (the first measurement reported; README, Performance, has others, up to
// 87× slower with two threads).
const std::map<int, double> kIdle = {{1, 74}, {2, 41}};
const std::map<int, double> kLoaded = {{1, 43}, {2, 200}};
const std::map<int, double> kCliff = {{1, 28}, {2, 2436}};

constexpr double kUnknown = -1;

struct Simulation {
  double total_ms = 0;
  std::vector<int> threads_per_step;
};

// Runs `steps` steps through a tuner; `cost_at(step)` gives that step's cost
// table, `free_at(step)` the processors other programs leave free then.
Simulation simulate(
    ThreadTuner& tuner, int steps, const std::function<const std::map<int, double>&(int)>& cost_at,
    const std::function<double(int)>& free_at = [](int) { return kUnknown; }) {
  Simulation result;
  for (int step = 0; step < steps; ++step) {
    const int threads = tuner.threads();
    const double ms = cost_at(step).at(threads);
    result.total_ms += ms;
    result.threads_per_step.push_back(threads);
    tuner.record(ms / 1000.0, 1024, free_at(step));  // a batch of 1,024 positions
  }
  return result;
}

int steps_at(const Simulation& run, int threads, int from, int to) {
  int count = 0;
  for (int step = from; step < to; ++step) count += run.threads_per_step[step] == threads;
  return count;
}

double best_fixed_ms(const std::map<int, double>& costs, int steps) {
  double best = 1e300;
  for (const auto& [threads, ms] : costs) best = std::min(best, ms * steps);
  return best;
}

}  // namespace

class TestThreads : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Ranks of a data-parallel run on one machine split it: two ranks on two
  // processors start with one thread each, never with none.
  void processesShareTheMachine() {
    const attn::ProcessorBudget machine{8, 2.0};
    QCOMPARE(attn::share_among_processes(machine, 1).usable, 8);
    QCOMPARE(attn::share_among_processes(machine, 2).usable, 4);
    QCOMPARE(attn::share_among_processes(machine, 2).busy, 1.0);
    QCOMPARE(attn::share_among_processes({2, 0.0}, 2).usable, 1);
    QCOMPARE(attn::initial_thread_count(0, attn::share_among_processes({2, 0.0}, 2), 256), 1);
    QCOMPARE(attn::share_among_processes({2, 0.0}, 3).usable, 1);
    QCOMPARE(attn::initial_thread_count(3, attn::share_among_processes({2, 0.0}, 2), 256), 3);
  }

  void candidatesFollowProcessorsAndWidth() {
    QCOMPARE(thread_candidates(1, 64), std::vector<int>({1}));
    QCOMPARE(thread_candidates(2, 64), std::vector<int>({1, 2}));
    QCOMPARE(thread_candidates(16, 64), std::vector<int>({1, 2, 4}));  // narrow: at most 4
    QCOMPARE(thread_candidates(16, 512), std::vector<int>({1, 2, 4, 8, 16}));
    QCOMPARE(thread_candidates(6, 512), std::vector<int>({1, 2, 4, 6}));
    QCOMPARE(thread_candidates(0, 512), std::vector<int>({1}));
  }

  void requestedCountIsAlwaysObeyed() {
    for (const int requested : {1, 2, 3, 7, 64}) {
      QCOMPARE(initial_thread_count(requested, {2, 0.0}, 64), requested);
      QCOMPARE(initial_thread_count(requested, {1, 5.0}, 512), requested);
    }
  }

  void startsWithTheFreeProcessors() {
    QCOMPARE(initial_thread_count(0, {2, 0.0}, 64), 2);   // idle two-core machine
    QCOMPARE(initial_thread_count(0, {2, 0.3}, 64), 2);   // a little background noise
    QCOMPARE(initial_thread_count(0, {2, 1.0}, 64), 1);   // one busy program
    QCOMPARE(initial_thread_count(0, {2, 2.0}, 64), 1);   // everything busy: still one
    QCOMPARE(initial_thread_count(0, {1, 0.0}, 512), 1);  // taskset -c 0
    QCOMPARE(initial_thread_count(0, {16, 5.0}, 512), 8);
    QCOMPARE(initial_thread_count(0, {16, 0.0}, 64), 4);
    QCOMPARE(initial_thread_count(0, {16, 13.0}, 64), 2);
  }

  void oneCandidateNeverProbes() {
    ThreadTuner tuner({1}, 1);
    QVERIFY(!tuner.probing());
    for (int i = 0; i < 200; ++i) QCOMPARE(tuner.record(0.01 * (1 + i % 7), 1024), 1);
  }

  // Idle: two threads are chosen, and measuring again costs under 5%.
  void idleMachineKeepsTheFastest() {
    ThreadTuner tuner({1, 2}, 2);
    const auto run = simulate(
        tuner, 2000, [](int) -> const auto& { return kIdle; });
    QCOMPARE(tuner.threads(), 2);
    QVERIFY(tuner.measurements() >= 3);
    QVERIFY2(run.total_ms <= 1.05 * best_fixed_ms(kIdle, 2000),
             qPrintable(QString::number(run.total_ms / best_fixed_ms(kIdle, 2000))));
  }

  // Loaded from the start, though the run started with two threads.
  void loadedMachineMovesToOneThread() {
    ThreadTuner tuner({1, 2}, 2);
    const auto run = simulate(
        tuner, 500, [](int) -> const auto& { return kLoaded; });
    QCOMPARE(tuner.threads(), 1);
    QVERIFY2(run.total_ms <= 1.25 * best_fixed_ms(kLoaded, 500),
             qPrintable(QString::number(run.total_ms / best_fixed_ms(kLoaded, 500))));
  }

  // A load that starts at step 300 and ends at step 900: the tuner leaves two
  // threads within a few steps of the load starting (the steps slow down) and
  // returns to them after it ends (found by measuring again).
  void followsALoadThatComesAndGoes() {
    ThreadTuner tuner({1, 2}, 2);
    const auto costs = [](int step) -> const std::map<int, double>& {
      return step >= 300 && step < 900 ? kLoaded : kIdle;
    };
    const auto run = simulate(tuner, 2000, costs);
    // Left within the drift window (8 steps) and a few probe steps; while the
    // load lasts, two threads are only tried again for single steps.
    int loaded_steps_at_two = 0;
    for (int step = 300 + 12; step < 900; ++step)
      loaded_steps_at_two += run.threads_per_step[step] == 2;
    QVERIFY2(loaded_steps_at_two <= 5, qPrintable(QString::number(loaded_steps_at_two)));
    int back_at = -1;
    for (int step = 900; step < 2000 && back_at < 0; ++step)
      if (run.threads_per_step[step] == 2) back_at = step;
    QVERIFY(back_at > 0);
    QVERIFY2(back_at - 900 <= 800, qPrintable(QString::number(back_at)));
    for (int step = back_at + 10; step < 2000; ++step)
      if (run.threads_per_step[step] != 2) QVERIFY(run.threads_per_step[step] == 1);
    QCOMPARE(tuner.threads(), 2);
    double best = 0;
    for (int step = 0; step < 2000; ++step) best += std::min(costs(step).at(1), costs(step).at(2));
    QVERIFY2(run.total_ms <= 1.25 * best, qPrintable(QString::number(run.total_ms / best)));
  }

  // The processors other programs use are known (/proc/stat): with one busy
  // program on two cores, two threads are never tried, for they cost 87× per step.
  void busyProcessorsAreNotTried() {
    ThreadTuner tuner({1, 2}, 1, /*free_processors=*/1.0);
    const auto run = simulate(
        tuner, 3000, [](int) -> const auto& { return kCliff; }, [](int) { return 1.0; });
    QCOMPARE(steps_at(run, 2, 0, 3000), 0);
    QCOMPARE(tuner.threads(), 1);
  }

  // The same load that comes and goes, seen by the processor monitor as well:
  // the tuner moves within a few steps each way.
  void followsTheFreeProcessors() {
    ThreadTuner tuner({1, 2}, 2, 2.0);
    const auto loaded = [](int step) { return step >= 300 && step < 900; };
    const auto run = simulate(
        tuner, 2000,
        [&](int step) -> const std::map<int, double>& { return loaded(step) ? kCliff : kIdle; },
        [&](int step) { return loaded(step) ? 1.0 : 2.0; });
    QVERIFY2(steps_at(run, 2, 300, 900) <= 8,
             qPrintable(QString::number(steps_at(run, 2, 300, 900))));
    QVERIFY2(steps_at(run, 1, 900, 2000) <= 12,
             qPrintable(QString::number(steps_at(run, 1, 900, 2000))));
  }

  // Without the monitor (free processors unknown) and two threads 87× slower,
  // they are tried again ever more rarely: each try costs at most 2% of the steps.
  void slowCountsAreTriedRarely() {
    ThreadTuner tuner({1, 2}, 2);
    const auto run = simulate(
        tuner, 20000, [](int) -> const auto& { return kCliff; });
    QVERIFY2(steps_at(run, 2, 100, 20000) <= 5,
             qPrintable(QString::number(steps_at(run, 2, 100, 20000))));
    double after_start = 0;
    for (int step = 100; step < 20000; ++step) after_start += kCliff.at(run.threads_per_step[step]);
    QVERIFY2(after_start <= 1.05 * 28 * 19900,
             qPrintable(QString::number(after_start / (28 * 19900))));
  }

  // A single slow step (the machine hiccups) does not move the choice.
  void oneSlowStepDoesNotMoveTheChoice() {
    ThreadTuner tuner({1, 2}, 2);
    simulate(
        tuner, 40, [](int) -> const auto& { return kIdle; });
    QCOMPARE(tuner.threads(), 2);
    const int measured = tuner.measurements();
    tuner.record(10 * 41 / 1000.0, 1024);
    for (int i = 0; i < 5; ++i) tuner.record(41 / 1000.0, 1024);
    QCOMPARE(tuner.threads(), 2);
    QCOMPARE(tuner.measurements(), measured);
  }

  // Costs that are not numbers (a step of no tokens) are ignored.
  void ignoresCostsThatAreNotNumbers() {
    ThreadTuner tuner({1, 2}, 2);
    QCOMPARE(tuner.record(std::nan(""), 1024), 2);
    QCOMPARE(tuner.record(0.0, 1024), 2);
    QCOMPARE(tuner.record(-1.0, 1024), 2);
    QCOMPARE(tuner.record(0.04, 0), 2);
    QVERIFY(tuner.probing());
  }

  // The log line says what was measured.
  void decisionNamesEachCount() {
    ThreadTuner tuner({1, 2}, 2);
    simulate(
        tuner, 10, [](int) -> const auto& { return kIdle; });
    const QString decision = QString::fromStdString(tuner.last_decision());
    QVERIFY2(decision.contains("1: ") && decision.contains("2: "), qPrintable(decision));
  }
};

QTEST_APPLESS_MAIN(TestThreads)
#include "tst_threads.moc"
