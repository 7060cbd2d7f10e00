// The heatmap against a real run: every head, the mean and maximum over heads,
// the rollout, the colour scales, the all-heads grid and two runs compared.

#include <QtTest/QtTest>

#include <qcustomplot.h>
#include <QComboBox>
#include <QSpinBox>
#include <QTabBar>
#include <algorithm>
#include <numeric>

#include "attentionview.h"
#include "attn/history.h"
#include "embeddingpanel.h"
#include "ffnpanel.h"
#include "gradientpanel.h"
#include "headspanel.h"
#include "lossplot.h"
#include "mainwindow.h"
#include "plothelpers.h"
#include "qkvpanel.h"
#include "runhistory.h"
#include "runsbrowser.h"
#include "timeline.h"

#include "recorded_run.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

class TestAttentionView : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  RecordedRuns m_runs;  // recorded once, read by every test

 private Q_SLOTS:
  void initTestCase() {
    m_runs = recordRuns(m_home.path(), /*withLibrary=*/true);
    QVERIFY(!m_runs.run.isEmpty());
    QVERIFY(!m_runs.libraryRun.isEmpty());
  }

  // All heads: one thumbnail per layer and head on one colour scale; hovering
  // names the head, tokens and weight; a click opens that head; the layer box
  // (meaningless there) is disabled. The example box names each sentence.
  void allHeadsGridHoversAndOpens() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    window.resize(1280, 720);
    AttentionView* view = window.attentionView();
    auto* layer = view->findChild<QSpinBox*>(QStringLiteral("attentionLayer"));
    auto* example = view->findChild<QComboBox*>(QStringLiteral("attentionExample"));
    QVERIFY2(
        example->itemText(0).startsWith(QStringLiteral("1 · ")) && example->itemText(0).size() > 6,
        qPrintable(example->itemText(0)));
    view->select(AttentionKind::Cross, 0, -1, 0);
    QCOMPARE(view->gridCellCount(), 2 * 4);  // tiny: 2 decoder layers × 4 heads
    QVERIFY(!layer->isEnabled());
    view->plot()->replot();
    // The centre of the thumbnail for layer 2, head 3.
    QCPAxisRect* target = nullptr;
    for (auto* rect : view->plot()->axisRects()) {
      if (rect->axis(QCPAxis::atLeft)->label().isEmpty() &&
          rect->axis(QCPAxis::atTop)->label().isEmpty())
        target = rect;  // the last one without labels: layer 2, head 4
    }
    QVERIFY(target);
    const QPoint centre = target->rect().center();
    const QString tip = view->tooltipAt(centre);
    QVERIFY2(tip.startsWith(QStringLiteral("layer 2 · head 4 · query")), qPrintable(tip));
    QTest::mouseClick(view->plot(), Qt::LeftButton, {}, centre);
    QCOMPARE(view->selection().layer, 1);
    QCOMPARE(view->selection().head, 3);
    QVERIFY(layer->isEnabled());
    QCOMPARE(view->gridCellCount(), 0);
  }

  // Attention rollout (Abnar and Zuidema, 2020), recomputed by hand from the
  // stored maps: R = Â₂·Â₁ with Â = ½·mean over heads + ½·I; cross-attention
  // followed through the encoder's rollout.
  void attentionRollout() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    AttentionView* view = window.attentionView();
    std::string error;
    const auto stored = showLastMoment(window, m_runs.run, &error);
    QVERIFY2(stored, error.c_str());
    const ExampleAttention& example = stored->examples[0];
    const auto averaged = [](const AttentionHeads& heads, bool residual) {
      QVector<double> out(heads.queries * heads.keys, 0.0);
      for (int q = 0; q < heads.queries; ++q)
        for (int k = 0; k < heads.keys; ++k) {
          double sum = 0;
          for (int h = 0; h < heads.heads; ++h) sum += heads.at(h, q, k);
          out[q * heads.keys + k] =
              (residual ? 0.5 : 1.0) * sum / heads.heads + (residual && q == k ? 0.5 : 0.0);
        }
      return out;
    };
    const auto product = [](const QVector<double>& a, const QVector<double>& b, int n, int m,
                            int p) {
      QVector<double> out(n * p, 0.0);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < m; ++j)
          for (int k = 0; k < p; ++k) out[i * p + k] += a[i * m + j] * b[j * p + k];
      return out;
    };
    const int s = example.encoder_self[0].keys;
    const QVector<double> encoder = product(averaged(example.encoder_self[1], true),
                                            averaged(example.encoder_self[0], true), s, s, s);
    view->select(AttentionKind::EncoderSelf, 1, AttentionView::kRollout, 0);
    QVERIFY(view->figureName().contains(QStringLiteral("rollout")));
    for (int q = 0; q < s; ++q) {
      double row = 0;
      for (int k = 0; k < s; ++k) {
        QVERIFY(std::abs(view->cellValue(q, k) - encoder[q * s + k]) < 1e-9);
        row += view->cellValue(q, k);
      }
      QVERIFY(std::abs(row - 1) < 1e-4);  // still a distribution over the input tokens
    }
    // Layer 1 alone: ½·mean + ½·I.
    view->select(AttentionKind::EncoderSelf, 0, AttentionView::kRollout, 0);
    const QVector<double> first = averaged(example.encoder_self[0], true);
    for (int q = 0; q < s; ++q)
      for (int k = 0; k < s; ++k)
        QVERIFY(std::abs(view->cellValue(q, k) - first[q * s + k]) < 1e-9);
    // Cross-attention of decoder layer 2 through the encoder's rollout.
    const AttentionHeads& cross = example.cross[1];
    const QVector<double> expected = product(averaged(cross, false), encoder, cross.queries, s, s);
    view->select(AttentionKind::Cross, 1, AttentionView::kRollout, 0);
    for (int q = 0; q < cross.queries; ++q)
      for (int k = 0; k < s; ++k)
        QVERIFY(std::abs(view->cellValue(q, k) - expected[q * s + k]) < 1e-9);
  }

  void meanAndMaxOverHeadsAndColourScales() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    AttentionView* view = window.attentionView();
    std::string error;
    const auto stored = showLastMoment(window, m_runs.run, &error);
    QVERIFY2(stored, error.c_str());
    const AttentionHeads& heads = stored->examples[0].cross[1];
    // Mean: every row still sums to 1 (each head's does, §3.2.1); max ≥ mean.
    view->select(AttentionKind::Cross, 1, AttentionView::kMeanOfHeads, 0);
    QCOMPARE(view->gridCellCount(), 0);
    QVERIFY(view->figureName().contains(QStringLiteral("mean-of-heads")));
    QVector<double> mean;
    for (int q = 0; q < heads.queries; ++q) {
      double row = 0;
      for (int k = 0; k < heads.keys; ++k) {
        double expected = 0;
        for (int h = 0; h < heads.heads; ++h) expected += heads.at(h, q, k);
        expected /= heads.heads;
        QVERIFY(std::abs(view->cellValue(q, k) - expected) < 1e-6);
        mean << expected;
        row += view->cellValue(q, k);
      }
      QVERIFY(std::abs(row - 1) < 1e-4);
    }
    view->select(AttentionKind::Cross, 1, AttentionView::kMaxOfHeads, 0);
    for (int q = 0; q < heads.queries; ++q) {
      for (int k = 0; k < heads.keys; ++k) {
        double expected = 0;
        for (int h = 0; h < heads.heads; ++h)
          expected = std::max(expected, double(heads.at(h, q, k)));
        QCOMPARE(view->cellValue(q, k), expected);
        QVERIFY(expected >= mean[q * heads.keys + k] - 1e-9);
      }
    }
    // The compared view and the selection carry the choice.
    QCOMPARE(view->selection().head, AttentionView::kMaxOfHeads);
    // Colour scales: the range follows the choice; log keeps hover values true.
    const auto scaleOf = [&]() -> QCPColorScale* {
      for (QCPLayoutElement* element : view->plot()->plotLayout()->elements(true)) {
        if (auto* scale = qobject_cast<QCPColorScale*>(element)) return scale;
      }
      return nullptr;
    };
    view->select(AttentionKind::Cross, 1, 0, 0);
    QCOMPARE(scaleOf()->dataRange().lower, 0.0);
    QCOMPARE(scaleOf()->dataRange().upper, 1.0);
    view->setColourScale(AttentionView::ColourScale::Log);
    QCOMPARE(scaleOf()->dataScaleType(), QCPAxis::stLogarithmic);
    QVERIFY(scaleOf()->dataRange().lower > 0);
    view->setColourScale(AttentionView::ColourScale::AutoContrast);
    double low = 1, high = 0;
    for (int q = 0; q < heads.queries; ++q) {
      for (int k = 0; k < heads.keys; ++k) {
        low = std::min(low, double(heads.at(0, q, k)));
        high = std::max(high, double(heads.at(0, q, k)));
      }
    }
    QCOMPARE(scaleOf()->dataRange().lower, low);
    QCOMPARE(scaleOf()->dataRange().upper, high);
    QCOMPARE(int(view->selection().scale), int(AttentionView::ColourScale::AutoContrast));
    // The numbers shown, as CSV: a header of keys, a row per query.
    const QStringList lines = view->shownCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), heads.queries + 1);
    QVERIFY(lines[0].startsWith(QStringLiteral("query,")));
    const QStringList first = lines[1].split(QLatin1Char(','));
    QCOMPARE(first.size(), heads.keys + 1);
    QCOMPARE(float(first[1].toDouble()), heads.at(0, 0, 0));  // 9 digits: a float exactly
    // All heads: one line per layer, head, query and key.
    view->select(AttentionKind::Cross, 0, AttentionView::kAllHeads, 0);
    const int layers = int(stored->examples[0].cross.size());
    QCOMPARE(view->shownCsv().count(QLatin1Char('\n')),
             1 + layers * heads.heads * heads.queries * heads.keys);

    // Differences: minus another head; minus a pinned moment (what changed since).
    view->setColourScale(AttentionView::ColourScale::Linear);
    view->select(AttentionKind::Cross, 1, 0, 0);
    view->setDifference(AttentionView::Reference::OtherHead, 1);
    QVERIFY(view->differenceProblem().isEmpty());
    for (int q = 0; q < heads.queries; ++q) {
      for (int k = 0; k < heads.keys; ++k)
        QCOMPARE(view->cellValue(q, k), double(heads.at(0, q, k)) - double(heads.at(1, q, k)));
    }
    QVERIFY(view->figureName().endsWith(QStringLiteral("_minus-head2")));
    QVERIFY(scaleOf()->dataRange().lower < 0 && scaleOf()->dataRange().upper > 0);
    window.timeline()->select(0);
    const auto firstMoment =
        storedHistory(m_runs.run)->load(window.history()->moments()[0].step, "scratch", &error);
    QVERIFY2(firstMoment, error.c_str());
    view->pinMoment();
    QCOMPARE(int(view->difference()), int(AttentionView::Reference::PinnedMoment));
    window.timeline()->select(window.history()->momentCount() - 1);
    QVERIFY(view->differenceProblem().isEmpty());
    const AttentionHeads& then = firstMoment->examples[0].cross[1];
    for (int q = 0; q < heads.queries; ++q) {
      for (int k = 0; k < heads.keys; ++k)
        QCOMPARE(view->cellValue(q, k), double(heads.at(0, q, k)) - double(then.at(0, q, k)));
    }
    QVERIFY(view->figureName().contains(QStringLiteral("_minus-step")));
    // Differences are drawn for one map, not the grid.
    view->select(AttentionKind::Cross, 0, AttentionView::kAllHeads, 0);
    QVERIFY(!view->findChild<QComboBox*>(QStringLiteral("attentionDifference"))->isEnabled());
  }

  void comparesTwoRunsSideBySide() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    window.resize(1900, 1000);  // room for two heatmaps side by side
    QVERIFY(window.comparisonView()->isHidden());
    QCOMPARE(window.compareWith(m_runs.libraryRun, true), QString());
    QVERIFY(!window.comparisonView()->isHidden());
    QVERIFY(!window.attentionView()->isHidden());
    QCOMPARE(window.lossPlot()->seriesCount(), 2);  // the two runs' curves overlay
    // The same step in both, and the same selection mirrored.
    window.timeline()->select(4);
    const qint64 step = window.history()->moments()[4].step;
    window.attentionView()->select(AttentionKind::EncoderSelf, 1, 2, 1);
    window.attentionView()->setColourScale(AttentionView::ColourScale::Log);
    const auto mirrored = window.comparisonView()->selection();
    QCOMPARE(int(mirrored.scale), int(AttentionView::ColourScale::Log));
    QCOMPARE(int(mirrored.kind), int(AttentionKind::EncoderSelf));
    QCOMPARE(mirrored.layer, 1);
    QCOMPARE(mirrored.head, 2);
    QCOMPARE(mirrored.example, 1);
    window.attentionView()->setColourScale(AttentionView::ColourScale::Linear);  // exact cells
    std::string error;
    const auto reader = storedHistory(m_runs.libraryRun);
    QVERIFY(reader);
    const auto stored = reader->load(step, "library", &error);
    QVERIFY2(stored, error.c_str());
    const AttentionHeads& heads = stored->examples[1].encoder_self[1];
    for (int q = 0; q < heads.queries; ++q) {
      for (int k = 0; k < heads.keys; ++k)
        QCOMPARE(window.comparisonView()->cellValue(q, k), double(heads.at(2, q, k)));
    }
    // On a laptop the two take turns as tabs named after the implementations.
    window.resize(1280, 680);
    auto* tabs = window.findChild<QTabBar*>(QStringLiteral("comparisonTabs"));
    QVERIFY(tabs);
    QTRY_VERIFY(tabs->isVisible());
    QCOMPARE(tabs->tabText(0), QStringLiteral("scratch"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("library"));
    QVERIFY(window.comparisonView()->isHidden());
    tabs->setCurrentIndex(1);
    QVERIFY(!window.comparisonView()->isHidden());
    QVERIFY(window.attentionView()->isHidden());
    tabs->setCurrentIndex(0);
    // A broken comparison leaves the view as it was.
    QVERIFY(!window.compareWith(m_home.filePath(QStringLiteral("nothing-here")), true).isEmpty());
    window.stopComparing();
    QVERIFY(window.comparisonView()->isHidden());
    QCOMPARE(window.lossPlot()->seriesCount(), 1);  // the other run's curves left the legend
  }
};

QTEST_MAIN(TestAttentionView)
#include "tst_attentionview.moc"
