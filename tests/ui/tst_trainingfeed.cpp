// The feed from the training thread to the window: while the window is busy
// (a slow redraw, a dialog) the trainer keeps pushing, and when the window
// next takes what arrived it gets every step, snapshot, evaluation and log
// line, in the order they were produced, with one notification per burst.

#include <QtTest/QtTest>

#include <QThread>
#include <variant>

#include "trainingfeed.h"

using namespace attn;
using namespace attn::ui;

class TestTrainingFeed : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void orderKeptUnderABlockedConsumer() {
    TrainingFeed feed;
    int notifications = 0;
    connect(&feed, &TrainingFeed::dataReady, this, [&] { ++notifications; });
    // The trainer's order: steps, a snapshot every 5 steps, an evaluation
    // after each epoch's last snapshot (10 steps an epoch), a log line each epoch.
    constexpr int kSteps = 500;
    QThread* trainer = QThread::create([&feed] {
      for (int step = 1; step <= kSteps; ++step) {
        StepMetrics metrics;
        metrics.step = step;
        feed.pushStep(metrics);
        if (step % 5 == 0) {
          Snapshot snapshot;
          snapshot.step = step;
          feed.pushSnapshot(snapshot);
        }
        if (step % 10 == 0) {
          EpochMetrics evaluation;
          evaluation.step = step;
          evaluation.epoch = step / 10;
          feed.pushEpoch(evaluation);
          feed.pushLog(QStringLiteral("epoch %1").arg(step / 10));
        }
        if (step % 97 == 0) QThread::msleep(2);  // bursts of different sizes
      }
    });
    trainer->start();
    // The window is blocked (no event loop, nothing taken) for part of the
    // run, then takes what arrived a few times while the rest comes in.
    QThread::msleep(20);
    QVector<qint64> steps;
    std::vector<std::variant<Snapshot, EpochMetrics>> moments;
    QStringList log;
    int takes = 0;
    auto takeAll = [&] {
      FeedBatch batch = feed.take();
      for (const auto& step : batch.steps) steps << step.step;
      for (auto& moment : batch.moments) moments.push_back(std::move(moment));
      log << batch.log;
      ++takes;
    };
    while (!trainer->isFinished()) {
      takeAll();
      QCoreApplication::processEvents();
      QThread::msleep(3);
    }
    trainer->wait();
    delete trainer;
    takeAll();
    QCoreApplication::processEvents();

    QCOMPARE(steps.size(), kSteps);
    for (int i = 0; i < kSteps; ++i) QCOMPARE(steps[i], qint64(i + 1));
    // Snapshots and evaluations interleave as produced: an epoch's evaluation
    // right after its last snapshot.
    QCOMPARE(moments.size(), std::size_t{kSteps / 5 + kSteps / 10});
    qint64 lastSnapshot = 0;
    int evaluations = 0;
    for (const auto& moment : moments) {
      if (const auto* snapshot = std::get_if<Snapshot>(&moment)) {
        QCOMPARE(snapshot->step, lastSnapshot + 5);
        lastSnapshot = snapshot->step;
      } else {
        const auto& evaluation = std::get<EpochMetrics>(moment);
        QCOMPARE(evaluation.step, lastSnapshot);
        QCOMPARE(evaluation.epoch, ++evaluations);
      }
    }
    QCOMPARE(log.size(), kSteps / 10);
    QCOMPARE(log.front(), QStringLiteral("epoch 1"));
    QCOMPARE(log.back(), QStringLiteral("epoch %1").arg(kSteps / 10));
    // One notification per burst taken, never one per item.
    QVERIFY2(
        notifications >= 1 && notifications <= takes,
        qPrintable(QStringLiteral("%1 notifications, %2 takes").arg(notifications).arg(takes)));
    QVERIFY(notifications < kSteps);
    // Nothing is left behind.
    const FeedBatch rest = feed.take();
    QVERIFY(rest.steps.isEmpty() && rest.moments.empty() && rest.log.isEmpty());
  }

  // The vocabulary is kept until taken; a newer one replaces an older one.
  void vocabularyTravelsOnce() {
    TrainingFeed feed;
    feed.pushVocabulary({QStringLiteral("a")}, {QStringLiteral("b")});
    feed.pushVocabulary({QStringLiteral("c")}, {QStringLiteral("d")});
    FeedBatch batch = feed.take();
    QVERIFY(batch.vocabulary);
    QCOMPARE(batch.vocabulary->first, QStringList{QStringLiteral("c")});
    QVERIFY(!feed.take().vocabulary);
  }
};

QTEST_GUILESS_MAIN(TestTrainingFeed)
#include "tst_trainingfeed.moc"
