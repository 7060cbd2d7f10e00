// The redraw pacer: a live run's redraws keep to their share of a processor.

#include <QtTest/QtTest>

#include <algorithm>
#include <numeric>

#include "mainwindow.h"
#include "redrawpacer.h"

using namespace attn;
using namespace attn::ui;

class TestRedrawPacer : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A live run's redraws are spaced by what they cost: 5% of a processor
  // means a round that costs 20 ms waits 400 ms, within [150, 1000] ms.
  void redrawPacerKeepsItsShare() {
    static double cpu = 0;
    RedrawPacer pacer(150, 1000, 0.05);
    pacer.setCpuClock([] { return cpu; });
    auto round = [&](double cost) {
      pacer.beginRound();
      cpu += cost;
      pacer.endRound();
      return pacer.intervalMs();
    };
    QCOMPARE(pacer.intervalMs(), 150);
    QCOMPARE(round(0.001), 150);  // cheap rounds: as often as allowed
    pacer.restart();
    QCOMPARE(round(0.020), 400);
    // Time between rounds (taking in the data, the user's own clicks) is not
    // the rounds' cost.
    cpu += 5.0;
    QCOMPARE(round(0.020), 400);
    // One slow round (a dock drawn for the first time) moves the interval
    // part of the way, not to the slowest at once.
    const int afterSpike = round(0.100);
    QVERIFY(afterSpike > 400 && afterSpike < 1000);
    for (int i = 0; i < 20; ++i) round(0.200);
    QCOMPARE(round(0.200), 1000);  // never slower than once a second
    int interval = 1000;
    for (int i = 0; i < 20; ++i) interval = round(0.001);
    QCOMPARE(interval, 150);  // cheap again: back to the fastest
    // A round ends once the event loop has run the repaint it queued.
    pacer.restart();
    pacer.beginRound();
    cpu += 0.030;
    QTRY_COMPARE(pacer.intervalMs(), 600);
    QCOMPARE(pacer.roundCostSeconds(), 0.030);
    // Where the system cannot tell the thread's time: the fastest, always.
    pacer.setCpuClock([] { return -1.0; });
    pacer.restart();
    QCOMPARE(round(0.5), 150);
    QVERIFY(RedrawPacer::uiThreadCpuSeconds() >= 0);  // Linux has the thread clock
  }
};

QTEST_MAIN(TestRedrawPacer)
#include "tst_redrawpacer.moc"
