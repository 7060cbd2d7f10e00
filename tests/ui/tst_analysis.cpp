// The analysis docks, the timeline and the window's figures, against a real run
// recorded by the trainer.

#include <QtTest/QtTest>

#include <qcustomplot.h>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTableWidget>
#include <algorithm>
#include <numeric>

#include "alignmentpanel.h"
#include "attentionview.h"
#include "attn/history.h"
#include "embeddingpanel.h"
#include "ffnpanel.h"
#include "figures.h"
#include "gradientpanel.h"
#include "headspanel.h"
#include "lossplot.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "plothelpers.h"
#include "qkvpanel.h"
#include "residualpanel.h"
#include "runhistory.h"
#include "runsbrowser.h"
#include "samplespanel.h"
#include "timeline.h"

#include "recorded_run.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

class TestAnalysis : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  RecordedRuns m_runs;  // recorded once, read by every test

 private Q_SLOTS:
  void initTestCase() {
    m_runs = recordRuns(m_home.path(), /*withLibrary=*/true);
    QVERIFY(!m_runs.run.isEmpty());
    QVERIFY(!m_runs.libraryRun.isEmpty());
  }

  // Every control reachable on a 1366×768 laptop and at scale 2 on a
  // 2560×1440 screen (1280×720 logical pixels): the window's minimum size fits
  // the smaller of the two, with a run open and while comparing two runs.
  void windowFitsALaptopScreen() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    const QSize laptop(1280, 720 - 40);  // a panel or task bar takes some height
    auto fits = [&](const char* when) {
      QCoreApplication::processEvents();
      const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
      qInfo("%s: minimum %d×%d", when, minimum.width(), minimum.height());
      return minimum.width() <= laptop.width() && minimum.height() <= laptop.height();
    };
    QVERIFY(fits("a run open"));
    QCOMPARE(window.compareWith(m_runs.libraryRun, true), QString());
    QVERIFY(fits("comparing two runs"));
    window.resize(laptop);
    QCoreApplication::processEvents();
    QVERIFY(window.width() <= laptop.width());
  }

  // Opening another run replaces everything the Samples dock shows, even when
  // both runs have an epoch of the same number; rows past the probe examples
  // say they have no attention instead of doing nothing.
  void samplesFollowTheOpenedRun() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    auto* samplesDock = window.findChild<QDockWidget*>(QStringLiteral("samplesDock"));
    samplesDock->show();
    samplesDock->raise();
    auto* title = window.panel<SamplesPanel>()->findChild<QLabel*>(QStringLiteral("samplesTitle"));
    QTRY_VERIFY(title->text().startsWith(QStringLiteral("Epoch 3")));
    QVERIFY2(title->text().contains(QStringLiteral("rows 1–4")), qPrintable(title->text()));
    QTableWidget* table = window.panel<SamplesPanel>()->table();
    QCOMPARE(table->rowCount(), 6);
    QVERIFY(table->item(5, 1)->toolTip().contains(QStringLiteral("No attention recorded")));
    QVERIFY(table->item(0, 1)->toolTip().isEmpty());
    // Choosing row 6 leaves the attention view's example alone.
    window.attentionView()->showExample(1);
    table->setCurrentCell(5, 1);
    QCOMPARE(window.attentionView()->selection().example, 1);
    table->setCurrentCell(2, 1);
    QCOMPARE(window.attentionView()->selection().example, 2);

    QCOMPARE(window.openRun(m_runs.libraryRun, true), QString());
    QTRY_VERIFY2(title->text().startsWith(QStringLiteral("Epoch 2")), qPrintable(title->text()));
    const auto stored = storedHistory(m_runs.libraryRun);
    const auto epochs = stored->epochs("library");
    QCOMPARE(table->item(0, 3)->text(), QString::fromStdString(epochs.back().samples[0].greedy));
    // Wrong only: the rows greedy decoding got right are hidden, the others stay.
    window.panel<SamplesPanel>()->setWrongOnly(true);
    for (int row = 0; row < table->rowCount(); ++row) {
      const bool right = epochs.back().samples[size_t(row)].correct;
      QCOMPARE(table->isRowHidden(row), right);
      if (!right) {
        QVERIFY2(
            table->item(row, 3)->toolTip().contains(QStringLiteral("edits from the reference")),
            qPrintable(table->item(row, 3)->toolTip()));
      }
    }
    window.panel<SamplesPanel>()->setWrongOnly(false);
    for (int row = 0; row < table->rowCount(); ++row) QVERIFY(!table->isRowHidden(row));
  }

  // Each head's entropy and mean distance over the moments, measured on the
  // stored maps; clicking a head's line opens it in the attention view.
  void headSpecialisationOverTime() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    window.resize(1280, 720);
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("headsDock"));
    QVERIFY(dock);
    dock->show();
    dock->raise();
    HeadsPanel* panel = window.panel<HeadsPanel>();
    const int moments = window.history()->momentCount();
    QTRY_COMPARE(panel->measuredMoments(), moments);
    window.timeline()->select(moments - 1);
    panel->bringUpToDate();
    // Layer 1, head 1 of cross-attention, from the stored maps by hand.
    std::string error;
    const auto reader = storedHistory(m_runs.run);
    const auto stored = reader->load(window.history()->moments().back().step, "scratch", &error);
    QVERIFY2(stored, error.c_str());
    double bits = 0, far = 0;
    int queries = 0;
    int widest = 0;
    for (const ExampleAttention& example : stored->examples) {
      const AttentionHeads& maps = example.cross[0];
      widest = std::max(widest, maps.keys);
      for (int q = 0; q < maps.queries; ++q, ++queries) {
        for (int k = 0; k < maps.keys; ++k) {
          const double w = maps.at(0, q, k);
          if (w > 0) bits -= w * std::log2(w);
          far += w * std::abs(q - k);
        }
      }
    }
    panel->select(AttentionKind::Cross, HeadsPanel::Measure::Entropy);
    QVector<double> values = panel->currentValues();
    const int heads = stored->examples[0].cross[0].heads;
    QCOMPARE(values.size(), int(stored->examples[0].cross.size()) * heads);
    QVERIFY(std::abs(values[0] - bits / queries) < 1e-9);
    for (double v : values) QVERIFY(v >= 0 && v <= std::log2(widest) + 1e-9);
    panel->select(AttentionKind::Cross, HeadsPanel::Measure::Distance);
    values = panel->currentValues();
    QVERIFY(std::abs(values[0] - far / queries) < 1e-9);
    // A click on the last layer's line for the last head (QCustomPlot finds
    // the line under the mouse; lines may cross, so the click is given to it
    // directly).
    const int lastLayer = int(stored->examples[0].cross.size()) - 1, lastHead = heads - 1;
    QCPGraph* target = nullptr;
    for (int i = 0; i < panel->plot()->graphCount(); ++i) {
      QCPGraph* graph = panel->plot()->graph(i);
      if (graph->property("attentionLayer").toInt() == lastLayer &&
          graph->property("attentionHead").toInt() == lastHead)
        target = graph;
    }
    QVERIFY(target);
    emit panel->plot()->plottableClick(target, 0, nullptr);
    const auto chosen = window.attentionView()->selection();
    QCOMPARE(int(chosen.kind), int(AttentionKind::Cross));
    QCOMPARE(chosen.layer, lastLayer);
    QCOMPARE(chosen.head, lastHead);
  }

  void scrubbingShowsTheStoredValues() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    std::string error;
    const auto reader = storedHistory(m_runs.run);
    QVERIFY(reader);
    const auto allSteps = reader->steps("scratch");
    const auto epochs = reader->epochs("scratch");
    const int moments = window.history()->momentCount();
    QVERIFY(moments >= 6);
    window.panel<QkvPanel>()->select(AttentionKind::Cross, QkvPanel::Projection::Value, true);
    // Per head: one legend entry per head (colours repeat in every layer's plot).
    QCOMPARE(window.panel<QkvPanel>()->legendEntryCount(), 4);
    window.panel<FfnPanel>()->select(FfnPanel::Statistic::DeadFraction, 1);

    for (int index : {0, 1, moments / 2, moments - 2, moments - 1}) {
      window.timeline()->select(index);
      QCOMPARE(window.timeline()->current(), index);
      const qint64 step = window.history()->moments()[index].step;
      const auto stored = reader->load(step, "scratch", &error);
      QVERIFY2(stored, error.c_str());
      for (DockPanel* panel : window.dockPanels()) {
        panel->bringUpToDate();
        if (auto* analysis = qobject_cast<AnalysisPanel*>(panel))
          QCOMPARE(analysis->moment(), index);
      }

      // Q/K/V: every head's value norm of cross-attention, per decoder layer.
      QVector<double> qkv;
      for (const auto& layer : stored->decoder) {
        for (float v : layer.cross_attention.v) qkv << v;
      }
      compareValues(window.panel<QkvPanel>()->currentValues(), qkv, "qkv");

      // Gradient flow at this step (step 0 is before any training step).
      const auto found = std::find_if(allSteps.begin(), allSteps.end(),
                                      [&](const StepMetrics& m) { return m.step == step; });
      QVector<double> gradients;
      if (found != allSteps.end()) {
        const GradientStats& g = found->gradients;
        gradients << g.embedding;
        for (const auto* stack : {&g.encoder, &g.decoder}) {
          for (const auto& l : *stack) gradients << l.attention << l.ffn << l.norm;
        }
        gradients << g.embedding_grad_to_weight;
        for (const auto* stack : {&g.encoder, &g.decoder}) {
          for (const auto& l : *stack) gradients << l.grad_to_weight;
        }
      }
      compareValues(window.panel<GradientPanel>()->currentValues(), gradients, "gradients");

      // FFN: the histogram of encoder layer 2, then each layer's dead fraction.
      QVector<double> ffn;
      for (float h : stored->encoder[1].ffn.histogram) ffn << h;
      for (const auto* stack : {&stored->encoder, &stored->decoder}) {
        for (const auto& l : *stack) ffn << l.ffn.dead_fraction;
      }
      compareValues(window.panel<FfnPanel>()->currentValues(), ffn, "ffn");

      QVector<double> residual;
      for (const auto* stack : {&stored->encoder, &stored->decoder}) {
        for (const auto& l : *stack) {
          for (float r : l.residual_norms) residual << r;
        }
      }
      compareValues(window.panel<ResidualPanel>()->currentValues(), residual, "residual");

      // Embeddings: this moment's rows through the panel's fixed projection.
      const Projection2D& projection = window.panel<EmbeddingPanel>()->projection();
      QVERIFY(projection.valid());
      QVector<double> points;
      const auto& e = stored->embeddings;
      for (std::size_t t = 0; t < e.tokens.size(); ++t) {
        double x = 0, y = 0;
        projection.project(e.vectors.data() + t * std::size_t(e.dim), &x, &y);
        points << x << y;
      }
      compareValues(window.panel<EmbeddingPanel>()->currentValues(), points, "embeddings");

      // Samples and alignment: the last evaluation at or before this step.
      const EpochMetrics* epoch = nullptr;
      for (const auto& m : epochs) {
        if (m.step <= step) epoch = &m;
      }
      QVector<double> correct, alignment;
      if (epoch) {
        for (const auto& s : epoch->samples) correct << (s.correct ? 1 : 0);
        for (double a : epoch->alignment_score) alignment << a;
        QCOMPARE(window.panel<SamplesPanel>()->table()->item(0, 1)->text(),
                 QString::fromStdString(epoch->samples[0].source));
      }
      compareValues(window.panel<SamplesPanel>()->currentValues(), correct, "samples");
      compareValues(window.panel<AlignmentPanel>()->currentValues(), alignment, "alignment");

      // The heatmap: cross-attention, layer 1, head 2, probe example 3.
      window.attentionView()->select(AttentionKind::Cross, 0, 1, 2);
      const AttentionHeads& heads = stored->examples[2].cross[0];
      for (int q = 0; q < heads.queries; ++q) {
        for (int k = 0; k < heads.keys; ++k)
          QCOMPARE(window.attentionView()->cellValue(q, k), double(heads.at(1, q, k)));
      }
    }
  }

  void timelineKeysPlayAndLive() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    Timeline* timeline = window.timeline();
    const int last = window.history()->momentCount() - 1;
    timeline->select(2);
    QVERIFY(!timeline->following());
    timeline->stepForward();
    QCOMPARE(timeline->current(), 3);
    timeline->stepBack();
    timeline->stepBack();
    QCOMPARE(timeline->current(), 1);
    // The menu's keys drive it too.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Right, Qt::AltModifier);
    QCOMPARE(timeline->current(), 2);
    QTest::keyClick(&window, Qt::Key_Home, Qt::AltModifier);
    QCOMPARE(timeline->current(), 0);
    // Play runs to the end and stops there.
    timeline->togglePlay();
    QVERIFY(timeline->playing());
    QTRY_VERIFY_WITH_TIMEOUT(!timeline->playing(), 20000);
    QCOMPARE(timeline->current(), last);
    timeline->select(0);
    timeline->setFollowing(true);
    QCOMPARE(timeline->current(), last);
    // The clicked moment is on the step axis of the time plots as a cursor.
    timeline->select(1);
    QCOMPARE(window.panel<QkvPanel>()->moment(), 1);
  }

  // Runs recorded before residual norms were taken ahead of a post-norm
  // LayerNorm say so in the dock's title, since their curves sit at √d_model.
  void residualTitleNamesWhereNormsWereTaken() {
    auto titleOf = [](ResidualPanel& panel) {
      panel.historyChanged();
      panel.bringUpToDate();
      auto* title = qobject_cast<QCPTextElement*>(panel.plot()->plotLayout()->element(0, 0));
      return title ? title->text() : QString();
    };
    RunHistory history;
    QString error;
    QVERIFY2(history.open(m_runs.run, &error), qPrintable(error));
    QVERIFY(!history.residualNormsAfterLayerNorm());
    ResidualPanel current(&history);
    QVERIFY(titleOf(current).contains(QStringLiteral("before LayerNorm")));

    QTemporaryDir older;
    for (const QFileInfo& file : QDir(m_runs.run).entryInfoList(QDir::Files)) {
      QVERIFY(QFile::copy(file.filePath(), older.filePath(file.fileName())));
    }
    QFile runJson(older.filePath(QStringLiteral("run.json")));
    QVERIFY(runJson.open(QIODevice::ReadOnly));
    QJsonObject run = QJsonDocument::fromJson(runJson.readAll()).object();
    runJson.close();
    QVERIFY(run.contains(QStringLiteral("residual_norms")));
    run.remove(QStringLiteral("residual_norms"));
    QVERIFY(runJson.open(QIODevice::WriteOnly | QIODevice::Truncate));
    runJson.write(QJsonDocument(run).toJson());
    runJson.close();
    RunHistory olderHistory;
    QVERIFY2(olderHistory.open(older.path(), &error), qPrintable(error));
    QVERIFY(olderHistory.residualNormsAfterLayerNorm());
    ResidualPanel earlier(&olderHistory);
    QVERIFY(titleOf(earlier).contains(QStringLiteral("earlier version")));
  }

  void embeddingsProjectionIsStable() {
    RunHistory history;
    QString error;
    QVERIFY2(history.open(m_runs.run, &error), qPrintable(error));
    EmbeddingPanel first(&history), second(&history);
    for (EmbeddingPanel* panel : {&first, &second}) {
      panel->historyChanged();
      panel->setMoment(history.momentCount() / 2, nullptr);
      panel->bringUpToDate();
    }
    QVERIFY(!first.currentValues().isEmpty());
    QCOMPARE(first.currentValues(), second.currentValues());
    // Moving through time does not move the axes.
    const auto axis = first.projection().axis_x;
    first.setMoment(0, nullptr);
    first.bringUpToDate();
    QCOMPARE(first.projection().axis_x, axis);
  }

  void embeddingLabelsDoNotOverlap() {
    RunHistory history;
    QString error;
    QVERIFY2(history.open(m_runs.run, &error), qPrintable(error));
    EmbeddingPanel panel(&history);
    panel.resize(360, 280);  // small: some labels must give way
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.historyChanged();
    panel.setMoment(history.momentCount() - 1, nullptr);
    panel.bringUpToDate();
    panel.plot()->replot();
    QVector<QRectF> shown;
    int labels = 0;
    for (int i = 0; i < panel.plot()->itemCount(); ++i) {
      auto* label = qobject_cast<QCPItemText*>(panel.plot()->item(i));
      if (!label) continue;
      ++labels;
      if (!label->visible()) continue;
      // The text's own rectangle: the padding is the gap to its point.
      const QRectF box =
          QRectF(label->topLeft->pixelPosition(), label->bottomRight->pixelPosition())
              .marginsRemoved(QMarginsF(label->padding()));
      for (const QRectF& other : shown) {
        QVERIFY2(!other.intersects(box.adjusted(0.5, 0.5, -0.5, -0.5)),
                 qPrintable(QStringLiteral("label '%1' overlaps another").arg(label->text())));
      }
      shown << box;
    }
    qInfo("%d labels, %d shown, %d hidden; plot area %d×%d", labels, int(shown.size()),
          panel.hiddenLabelCount(), panel.plot()->axisRect()->width(),
          panel.plot()->axisRect()->height());
    QVERIFY(labels > 0);
    QVERIFY(!shown.isEmpty());
    QVERIFY(panel.hiddenLabelCount() <= labels);
    // Given more room, no more labels give way than at first.
    const int hiddenAtFirst = panel.hiddenLabelCount();
    QVERIFY(panel.plot()->xAxis->label().contains(QStringLiteral("% of the variance")));
    const double explained = panel.projection().explained_x + panel.projection().explained_y;
    QVERIFY(explained > 0 && explained <= 1 + 1e-9);
    panel.resize(1400, 1000);
    QCoreApplication::processEvents();
    panel.plot()->replot();
    QVERIFY(panel.hiddenLabelCount() <= hiddenAtFirst);
  }

  void exportAllWritesEveryDock() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    window.timeline()->select(3);
    QTemporaryDir folder;
    FigureOptions options;
    options.width = 640;
    options.height = 480;
    options.scale = 1;
    options.pdf = true;
    QString error;
    const QStringList written = window.exportAllFigures(folder.path(), options, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Attention, curves and eight analysis docks, each as PNG and PDF.
    QCOMPARE(written.size(), 2 * 10 + 1);  // and the attention's numbers as CSV
    const qint64 step = window.history()->moments()[3].step;
    for (const QString& name :
         {QStringLiteral("training_curves"), QStringLiteral("qkv_norms_step%1").arg(step),
          QStringLiteral("gradient_flow_step%1").arg(step),
          QStringLiteral("ffn_activations_step%1").arg(step),
          QStringLiteral("residual_stream_step%1").arg(step),
          QStringLiteral("embeddings_step%1").arg(step), QStringLiteral("samples_step%1").arg(step),
          QStringLiteral("alignment_step%1").arg(step),
          QStringLiteral("head_specialisation_step%1").arg(step),
          window.attentionView()->figureName()}) {
      checkImage(QDir(folder.path()).filePath(name + QStringLiteral(".png")), 640, 480);
      if (name == window.attentionView()->figureName()) {
        QFile csv(QDir(folder.path()).filePath(name + QStringLiteral(".csv")));
        QVERIFY2(csv.open(QIODevice::ReadOnly), qPrintable(csv.fileName()));
        QCOMPARE(QString::fromUtf8(csv.readAll()), window.attentionView()->shownCsv());
      }
      QVERIFY2(QFileInfo(QDir(folder.path()).filePath(name + QStringLiteral(".pdf"))).size() > 1000,
               qPrintable(name));
    }
    if (qEnvironmentVariableIsSet("ATTN_KEEP_FIGURES")) {
      for (const QString& path : written)
        QFile::copy(
            path,
            QDir(qEnvironmentVariable("ATTN_KEEP_FIGURES")).filePath(QFileInfo(path).fileName()));
    }
  }
};

QTEST_MAIN(TestAnalysis)
#include "tst_analysis.moc"
