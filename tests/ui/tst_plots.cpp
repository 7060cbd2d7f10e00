// The training curves and the plot helpers every dock uses: the learning
// rate on its own axis, curves that keep every point while their redraw waits,
// and legends that stay off the data.

#include <QtTest/QtTest>

#include <qcustomplot.h>
#include <algorithm>
#include <numeric>

#include "attentionview.h"
#include "attn/history.h"
#include "embeddingpanel.h"
#include "figures.h"
#include "gradientpanel.h"
#include "lossplot.h"
#include "mainwindow.h"
#include "plothelpers.h"
#include "residualpanel.h"
#include "runhistory.h"

using namespace attn;
using namespace attn::ui;

class TestPlots : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The learning rate shares the accuracies' 0–1 axis: a larger rate rescales
  // the curve (and its name) instead of running off the plot.
  void learningRateStaysOnItsAxis() {
    LossPlot plot;
    StepMetrics first, second;
    first.step = 1;
    first.lr = 0.001;
    second.step = 2;
    second.lr = 0.0125;
    plot.addSteps({first});
    QCPGraph* rate = nullptr;
    for (int i = 0; i < plot.plot()->graphCount(); ++i) {
      if (plot.plot()->graph(i)->name().startsWith(QStringLiteral("learning rate")))
        rate = plot.plot()->graph(i);
    }
    QVERIFY(rate);
    QCOMPARE(rate->name(), QStringLiteral("learning rate × 100"));
    plot.addSteps({second});
    QCOMPARE(rate->name(), QStringLiteral("learning rate × 10"));
    QCOMPARE(rate->data()->at(0)->value, 0.01);
    QCOMPARE(rate->data()->at(1)->value, 0.125);
  }

  // While a run is live the curves keep every point but draw only when the
  // window's paced redraw comes; nothing is lost in between.
  void deferredCurvesKeepEveryPoint() {
    LossPlot plot;
    plot.setRedrawDeferred(true);
    QVector<StepMetrics> steps(3);
    for (int i = 0; i < 3; ++i) {
      steps[i].step = 10 * (i + 1);
      steps[i].loss = 3.0 - i;
      steps[i].lr = 0.001;
    }
    plot.addSteps(steps);
    QCPGraph* loss = plot.plot()->graph(0);
    QCOMPARE(loss->dataCount(), 3);
    const QCPRange before = plot.plot()->xAxis->range();
    QVERIFY(before.upper < 30);  // not redrawn (nor rescaled) yet
    plot.redraw();
    QVERIFY(plot.plot()->xAxis->range().upper >= 30);
    StepMetrics fourth = steps[2];
    fourth.step = 40;
    plot.addSteps({fourth});
    QCOMPARE(loss->dataCount(), 4);
    plot.setRedrawDeferred(false);  // the run ended: drawn at once
    QVERIFY(plot.plot()->xAxis->range().upper >= 40);
  }

  // An inset legend leaves a corner its curve climbs into, and when the
  // curve fills every corner the value axis gains headroom for it.
  void legendStaysOffTheData() {
    QCustomPlot plot;
    plot.resize(500, 400);
    plot.legend->setVisible(true);
    plot.axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    ui::keepLegendOffData(&plot, plot.axisRect(), plot.legend);
    auto* graph = plot.addGraph();
    graph->setName(QStringLiteral("curve"));
    QVector<double> keys, values;
    for (int i = 0; i <= 100; ++i) {  // high on the left, low on the right
      keys << i / 10.0;
      values << (i < 30 ? 10.0 : 0.0);
    }
    graph->setData(keys, values);
    plot.xAxis->setRange(0, 10);
    plot.yAxis->setRange(0, 10);
    plot.replot();
    QCoreApplication::processEvents();
    QCOMPARE(plot.axisRect()->insetLayout()->insetAlignment(0), Qt::AlignTop | Qt::AlignRight);
    QCOMPARE(plot.yAxis->range().upper, 10.0);

    // A zigzag across the whole width touches all four corners.
    for (int i = 0; i <= 100; ++i) values[i] = (i % 2 == 0) ? 10.0 : 0.0;
    graph->setData(keys, values);
    plot.replot();
    QCoreApplication::processEvents();
    plot.replot();
    QVERIFY(plot.yAxis->range().upper > 10.5);
    const Qt::Alignment corner = plot.axisRect()->insetLayout()->insetAlignment(0);
    QVERIFY(corner & Qt::AlignTop);
  }
};

QTEST_MAIN(TestPlots)
#include "tst_plots.moc"
