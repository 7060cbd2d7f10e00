// The analysis docks, the timeline, opening runs and the figures, against a
// real run recorded by the trainer.

#include <QtTest/QtTest>

#include <qcustomplot.h>
#include <QComboBox>
#include <QDockWidget>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTabBar>
#include <QTableWidget>
#include <QTimer>
#include <algorithm>
#include <numeric>

#include "alignmentpanel.h"
#include "attentionview.h"
#include "attn/history.h"
#include "attn/trainer.h"
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
#include "redrawpacer.h"
#include "residualpanel.h"
#include "runhistory.h"
#include "runsbrowser.h"
#include "runsummary.h"
#include "samplespanel.h"
#include "textdiff.h"
#include "timeline.h"
#include "tiny_run.h"

using namespace attn;
using namespace attn::ui;

namespace {

RunConfig smallRun(const QString& runs) {
  RunConfig config = tiny_task_run("copy", 256, 16, runs.toStdString());
  config.train.epochs = 3;
  config.train.batch_size = 32;
  config.train.capture_every = 5;
  config.train.sample_predictions = 6;
  config.name = "analysis";
  return config;
}

void compareValues(const QVector<double>& shown, const QVector<double>& expected,
                   const char* what) {
  QVERIFY2(shown.size() == expected.size(),
           qPrintable(QStringLiteral("%1: %2 values shown, %3 expected")
                          .arg(what)
                          .arg(shown.size())
                          .arg(expected.size())));
  for (int i = 0; i < shown.size(); ++i) {
    QVERIFY2(std::abs(shown[i] - expected[i]) <= 1e-6 * std::max(1.0, std::abs(expected[i])),
             qPrintable(QStringLiteral("%1[%2]: shown %3, stored %4")
                            .arg(what)
                            .arg(i)
                            .arg(shown[i])
                            .arg(expected[i])));
  }
}

// A PNG of the requested size with more than a handful of colours (not blank).
void checkImage(const QString& path, int width, int height) {
  QImage image(path);
  QVERIFY2(!image.isNull(), qPrintable(path));
  QCOMPARE(image.width(), width);
  QCOMPARE(image.height(), height);
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 3) {
    for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
  }
  QVERIFY2(colours.size() > 8,
           qPrintable(QStringLiteral("%1: only %2 colours").arg(path).arg(colours.size())));
}

// The window with `run` open, shown offscreen; nullptr when the run did not open.
std::unique_ptr<MainWindow> windowWith(const QString& run) {
  auto window = std::make_unique<MainWindow>();
  window->setAskBeforeClosing(false);
  window->show();
  if (!window->openRun(run, true).isEmpty()) return nullptr;
  return window;
}

// The run's history as the trainer wrote it, read directly.
std::unique_ptr<HistoryReader> storedHistory(const QString& run) {
  return HistoryReader::open(QDir(run).filePath(QStringLiteral("history.sqlite")).toStdString(),
                             nullptr);
}

// Shows the run's last moment in `window`; returns that moment as the trainer
// stored it (the scratch implementation's), or nothing with *error.
std::optional<Snapshot> showLastMoment(MainWindow& window, const QString& run, std::string* error) {
  window.timeline()->select(window.history()->momentCount() - 1);
  const auto reader = storedHistory(run);
  if (!reader) {
    *error = "cannot open the run's history";
    return std::nullopt;
  }
  return reader->load(window.history()->moments().back().step, "scratch", error);
}

}  // namespace

class TestAnalysis : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  QString m_run;         // recorded once, read by every test
  QString m_libraryRun;  // the same run with LibTorch's layers

 private Q_SLOTS:
  void initTestCase() {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home.path());
    QCoreApplication::setOrganizationName(QStringLiteral("AttentionStudioTests"));
    const RunOutcome outcome = train({smallRun(m_home.filePath(QStringLiteral("runs"))), {}, true});
    QCOMPARE(outcome.status, RunStatus::Finished);
    m_run = QString::fromStdString(outcome.run_directory);
    RunConfig library = smallRun(m_home.filePath(QStringLiteral("runs")));
    library.implementation = Implementation::Library;
    library.train.epochs = 2;
    const RunOutcome second = train({library, {}, true});
    QCOMPARE(second.status, RunStatus::Finished);
    m_libraryRun = QString::fromStdString(second.run_directory);
  }

  // Every control reachable on a 1366×768 laptop and at scale 2 on a
  // 2560×1440 screen (1280×720 logical pixels): the window's minimum size fits
  // the smaller of the two, with a run open and while comparing two runs.
  void windowFitsALaptopScreen() {
    const auto opened = windowWith(m_run);
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
    QCOMPARE(window.compareWith(m_libraryRun, true), QString());
    QVERIFY(fits("comparing two runs"));
    window.resize(laptop);
    QCoreApplication::processEvents();
    QVERIFY(window.width() <= laptop.width());
  }

  // Opening another run replaces everything the Samples dock shows, even when
  // both runs have an epoch of the same number; rows past the probe examples
  // say they have no attention instead of doing nothing.
  void samplesFollowTheOpenedRun() {
    const auto opened = windowWith(m_run);
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

    QCOMPARE(window.openRun(m_libraryRun, true), QString());
    QTRY_VERIFY2(title->text().startsWith(QStringLiteral("Epoch 2")), qPrintable(title->text()));
    const auto stored = storedHistory(m_libraryRun);
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
    const auto opened = windowWith(m_run);
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
    const auto reader = storedHistory(m_run);
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

  // Every run in a folder with its task, status and scores; a damaged
  // run.json listed with the reason; filter, sort, and delete after asking
  // (never the open run).
  void runsBrowserListsFiltersAndDeletes() {
    QTemporaryDir runs;
    const QDir folder(runs.path());
    // Listing reads run.json only: a copy of it stands for the run.
    const auto copyRun = [&](const QString& from, const QString& name) {
      folder.mkpath(name);
      QFile::copy(QDir(from).filePath(QStringLiteral("run.json")),
                  folder.filePath(name + QStringLiteral("/run.json")));
      return folder.filePath(name);
    };
    const QString scratch = copyRun(m_run, QStringLiteral("20260101-000000-copy-scratch"));
    const QString library = copyRun(m_libraryRun, QStringLiteral("20260102-000000-copy-library"));
    folder.mkpath(QStringLiteral("20260103-broken"));
    QFile broken(folder.filePath(QStringLiteral("20260103-broken/run.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"status\": ");
    broken.close();
    QVERIFY(QFileInfo::exists(scratch + QStringLiteral("/run.json")) &&
            QFileInfo::exists(library + QStringLiteral("/run.json")));
    folder.mkpath(QStringLiteral("notes"));  // no run.json: not a run
    // A trash of its own, not the user's.
    const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QDir(runs.path()).filePath(QStringLiteral(".data")).toUtf8());
    const auto restore = qScopeGuard([&] {
      if (dataHome.isNull())
        qunsetenv("XDG_DATA_HOME");
      else
        qputenv("XDG_DATA_HOME", dataHome);
    });
    RunsBrowser browser(runs.path(), {scratch});
    QCOMPARE(browser.shownRuns().size(), 3);
    const RunSummary summary = readRunSummary(scratch);
    QCOMPARE(summary.task, QStringLiteral("copy"));
    QCOMPARE(summary.status, QStringLiteral("finished"));
    QVERIFY(summary.steps > 0);
    QVERIFY(summary.model.endsWith(QStringLiteral("scratch")));
    const RunSummary damaged = readRunSummary(folder.filePath(QStringLiteral("20260103-broken")));
    QVERIFY2(damaged.problem.contains(QStringLiteral("run.json: not JSON at byte")),
             qPrintable(damaged.problem));
    // Filter by any column's text.
    browser.setFilter(QStringLiteral("library"));
    QCOMPARE(browser.shownRuns(), QStringList{library});
    browser.setFilter(QString());
    // Sorted by steps (the sixth column), fewest first: the damaged run (no steps) leads.
    browser.view()->sortByColumn(5, Qt::AscendingOrder);
    QCOMPARE(browser.shownRuns().front(), folder.filePath(QStringLiteral("20260103-broken")));
    // The open run is not deleted.
    browser.choose(scratch);
    QVERIFY(!browser.deleteChosen().isEmpty());
    QVERIFY(QFileInfo::exists(scratch));
    // Declining keeps a run; agreeing removes it (to the trash where there is one).
    const auto answerEveryQuestion = [](QMessageBox::StandardButton answer) {
      auto* timer = new QTimer;
      QObject::connect(timer, &QTimer::timeout, timer, [timer, answer] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
          box->button(answer)->click();
        }
      });
      timer->start(20);
      return std::unique_ptr<QTimer>(timer);
    };
    browser.choose(library);
    {
      const auto answering = answerEveryQuestion(QMessageBox::Cancel);
      QCOMPARE(browser.deleteChosen(), QString());
    }
    QVERIFY(QFileInfo::exists(library));
    {
      const auto answering = answerEveryQuestion(QMessageBox::Yes);
      QCOMPARE(browser.deleteChosen(), QString());
    }
    QVERIFY(!QFileInfo::exists(library));
    QVERIFY(QFileInfo::exists(
        QDir(runs.path())
            .filePath(QStringLiteral(".data/Trash/files/20260102-000000-copy-library/run.json"))));
    QCOMPARE(browser.shownRuns().size(), 2);
  }

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

  void textDiffMarksEdits() {
    // One substitution and one extra character; the prediction reads back whole.
    const auto runs = diffAgainstReference(QStringLiteral("abcdef"), QStringLiteral("abXdeff"));
    QString prediction;
    int edits = 0;
    for (const DiffRun& run : runs) {
      if (run.kind != DiffRun::Missing) prediction += run.text;
      if (run.kind != DiffRun::Same) edits += int(run.text.size());
    }
    QCOMPARE(prediction, QStringLiteral("abXdeff"));
    QCOMPARE(edits, 2);
    QCOMPARE(runs[1].kind, DiffRun::Changed);
    QCOMPARE(runs[1].text, QStringLiteral("X"));
    // A dropped character is missing, at its place.
    const auto dropped = diffAgainstReference(QStringLiteral("abc"), QStringLiteral("ac"));
    QCOMPARE(dropped.size(), 3);
    QCOMPARE(dropped[1].kind, DiffRun::Missing);
    QCOMPARE(dropped[1].text, QStringLiteral("b"));
    QVERIFY(diffHtml(dropped).contains(QStringLiteral("line-through;\">b<")));
    QVERIFY(diffSummary(diffAgainstReference(QStringLiteral("same"), QStringLiteral("same")))
                .isEmpty());
    // Markup in a prediction is text, not HTML.
    QVERIFY(diffHtml(diffAgainstReference(QStringLiteral("<b>"), QStringLiteral("<i>")))
                .contains(QStringLiteral("&lt;")));
  }

  // All heads: one thumbnail per layer and head on one colour scale; hovering
  // names the head, tokens and weight; a click opens that head; the layer box
  // (meaningless there) is disabled. The example box names each sentence.
  void allHeadsGridHoversAndOpens() {
    const auto opened = windowWith(m_run);
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
    const auto opened = windowWith(m_run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    AttentionView* view = window.attentionView();
    std::string error;
    const auto stored = showLastMoment(window, m_run, &error);
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
    const auto opened = windowWith(m_run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    AttentionView* view = window.attentionView();
    std::string error;
    const auto stored = showLastMoment(window, m_run, &error);
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
        storedHistory(m_run)->load(window.history()->moments()[0].step, "scratch", &error);
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
    const auto opened = windowWith(m_run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    window.resize(1900, 1000);  // room for two heatmaps side by side
    QVERIFY(window.comparisonView()->isHidden());
    QCOMPARE(window.compareWith(m_libraryRun, true), QString());
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
    const auto reader = storedHistory(m_libraryRun);
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

  void openRunRoundTrip() {
    const auto opened = windowWith(m_run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    const auto reader = storedHistory(m_run);
    QVERIFY(reader);
    // One moment per captured step (an epoch end on a capture step is one moment).
    QVector<qint64> steps;
    for (const auto& m : reader->moments()) {
      if (steps.isEmpty() || steps.back() != m.step) steps << m.step;
    }
    QCOMPARE(window.history()->momentCount(), int(steps.size()));
    for (int i = 0; i < steps.size(); ++i) QCOMPARE(window.history()->moments()[i].step, steps[i]);
    QCOMPARE(window.history()->steps().size(), qsizetype(reader->steps("scratch").size()));
    QCOMPARE(window.history()->epochs().size(), qsizetype(3));
    QCOMPARE(window.lossPlot()->stepCount(), int(reader->steps("scratch").size()));
    // The timeline ends at the last moment, and the attention view shows it.
    QCOMPARE(window.timeline()->current(), window.history()->momentCount() - 1);
    QVERIFY(window.attentionView()->hasData());
    QCOMPARE(window.history()->sourcePieces().value(kPadToken), QStringLiteral("<pad>"));
  }

  void scrubbingShowsTheStoredValues() {
    const auto opened = windowWith(m_run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    std::string error;
    const auto reader = storedHistory(m_run);
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
    const auto opened = windowWith(m_run);
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
    QVERIFY2(history.open(m_run, &error), qPrintable(error));
    QVERIFY(!history.residualNormsAfterLayerNorm());
    ResidualPanel current(&history);
    QVERIFY(titleOf(current).contains(QStringLiteral("before LayerNorm")));

    QTemporaryDir older;
    for (const QFileInfo& file : QDir(m_run).entryInfoList(QDir::Files)) {
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
    QVERIFY2(history.open(m_run, &error), qPrintable(error));
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
    QVERIFY2(history.open(m_run, &error), qPrintable(error));
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
    const auto opened = windowWith(m_run);
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

  void headlessAndRenderWriteTheTutorialFigures() {
    QTemporaryDir runs;
    QProcess headless;
    headless.start(
        QStringLiteral(ATTN_STUDIO_EXE),
        {QStringLiteral("--headless"), QStringLiteral("--task"), QStringLiteral("reverse"),
         QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--train-size"),
         QStringLiteral("96"), QStringLiteral("--eval-size"), QStringLiteral("8"),
         QStringLiteral("--batch-size"), QStringLiteral("32"), QStringLiteral("--threads"),
         QStringLiteral("1"), QStringLiteral("--out"), runs.path(), QStringLiteral("--quiet")});
    QVERIFY(headless.waitForFinished(300000));
    QVERIFY2(headless.exitCode() == 0, headless.readAllStandardError().constData());
    const QStringList made = QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(made.size(), 1);
    const QString run = QDir(runs.path()).filePath(made.front());
    const QDir figures(QDir(run).filePath(QStringLiteral("visualizations")));
    for (const char* name : {"training_curves.png", "attention_evolution.png", "qkv_evolution.png",
                             "gradient_flow.png", "attention_plots/cross_layer2.png",
                             "attention_plots/encoder_self_layer1.png"}) {
      QVERIFY2(QImage(figures.filePath(QString::fromLatin1(name))).width() == 2400,
               name);  // 1200 points × scale 2
    }

    // Re-rendered at another size, with PDFs.
    QProcess render;
    render.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--render"), run, QStringLiteral("--width"), QStringLiteral("800"),
                  QStringLiteral("--height"), QStringLiteral("600"), QStringLiteral("--scale"),
                  QStringLiteral("1"), QStringLiteral("--pdf")});
    QVERIFY(render.waitForFinished(120000));
    QVERIFY2(render.exitCode() == 0, render.readAllStandardError().constData());
    for (const char* name : {"training_curves", "qkv_evolution", "gradient_flow"}) {
      checkImage(figures.filePath(QString::fromLatin1(name) + QStringLiteral(".png")), 800, 600);
      QVERIFY(
          QFileInfo(figures.filePath(QString::fromLatin1(name) + QStringLiteral(".pdf"))).size() >
          1000);
    }
    checkImage(figures.filePath(QStringLiteral("attention_evolution.png")), 800, 600);
  }

  void rooflineFigure() {
    QTemporaryDir folder;
    const QString lines = folder.filePath(QStringLiteral("bench.jsonl"));
    {
      QFile file(lines);
      QVERIFY(file.open(QIODevice::WriteOnly));
      file.write(
          "{\"preset\":\"matmul\",\"n\":1024,\"threads\":1,\"gflops\":80}\n"
          "{\"preset\":\"bandwidth\",\"threads\":1,\"gb_per_s\":12}\n"
          "{\"preset\":\"bench-tiny\",\"threads\":1,\"achieved_gflops\":20,\"flop_per_byte\":9}\n");
    }
    QProcess roofline;
    const QString out = folder.filePath(QStringLiteral("roofline.png"));
    roofline.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--roofline"), lines, out});
    QVERIFY(roofline.waitForFinished(60000));
    QVERIFY2(roofline.exitCode() == 0, roofline.readAllStandardError().constData());
    checkImage(out, 1650, 975);  // 1100 × 650 points at scale 1.5
    // Without ceilings there is nothing to draw: one line, exit 2.
    {
      QFile file(lines);
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write("{\"preset\":\"bench-tiny\",\"threads\":1}\n");
    }
    roofline.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--roofline"), lines, out});
    QVERIFY(roofline.waitForFinished(60000));
    QCOMPARE(roofline.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(roofline.readAllStandardError())
                .contains(QStringLiteral("--bench matmul")));
  }

  void renderRejectsBadInput() {
    QProcess render;
    render.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--render"), m_home.filePath(QStringLiteral("nowhere"))});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    const QString message = QString::fromLocal8Bit(render.readAllStandardError());
    QVERIFY2(message.contains(QStringLiteral("nowhere: no such folder")), qPrintable(message));
    render.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--render"), m_run,
                                                   QStringLiteral("--width"), QStringLiteral("9")});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    QVERIFY(
        QString::fromLocal8Bit(render.readAllStandardError()).contains(QStringLiteral("--width")));
    // A layer or head the run's model does not have: one line, exit 2, no crash.
    for (const QStringList& choice :
         {QStringList{QStringLiteral("--head"), QStringLiteral("100000")},
          QStringList{QStringLiteral("--layer"), QStringLiteral("99")}}) {
      render.start(QStringLiteral(ATTN_STUDIO_EXE),
                   QStringList{QStringLiteral("--render"), m_run} + choice);
      QVERIFY(render.waitForFinished(60000));
      QCOMPARE(render.exitStatus(), QProcess::NormalExit);
      QCOMPARE(render.exitCode(), 2);
      const QString message = QString::fromLocal8Bit(render.readAllStandardError());
      QVERIFY2(
          message.contains(choice.join(QLatin1Char(' ')) + QStringLiteral(": the run's model has")),
          qPrintable(message));
    }
    // A language the app does not speak: named, with the ones it does.
    render.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--render"), m_run,
                                                   QStringLiteral("--lang"), QStringLiteral("xx")});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(render.readAllStandardError())
                .contains(QStringLiteral("--lang: no language \"xx\" (expected one of: en, ko)")));
    // --open of something that is not a run: the reason on stderr, exit 2.
    render.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--open"), m_home.filePath(QStringLiteral("nowhere"))});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(render.readAllStandardError())
                .contains(QStringLiteral("nowhere: no such folder")));
  }

  void brokenRunsGiveReadableErrors() {
    auto copyRun = [&](const QString& name) {
      const QString target = m_home.filePath(name);
      QDir().mkpath(target);
      for (const QString& file : {QStringLiteral("run.json"), QStringLiteral("history.sqlite"),
                                  QStringLiteral("vocabulary.json")}) {
        QFile::copy(QDir(m_run).filePath(file), QDir(target).filePath(file));
      }
      return target;
    };
    MainWindow window;
    window.setAskBeforeClosing(false);
    QCOMPARE(window.openRun(m_run, true), QString());
    const int moments = window.history()->momentCount();

    const QString noRunJson = copyRun(QStringLiteral("no-run-json"));
    QFile::remove(QDir(noRunJson).filePath(QStringLiteral("run.json")));
    QString error = window.openRun(noRunJson, true);
    QVERIFY2(
        error.contains(QStringLiteral("run.json")) && error.contains(QStringLiteral("missing")),
        qPrintable(error));

    const QString garbage = copyRun(QStringLiteral("garbage-history"));
    {
      QFile file(QDir(garbage).filePath(QStringLiteral("history.sqlite")));
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write(QByteArray(8192, 'x'));
    }
    error = window.openRun(garbage, true);
    QVERIFY2(error.contains(QStringLiteral("history.sqlite")), qPrintable(error));

    const QString truncated = copyRun(QStringLiteral("truncated-history"));
    {
      QFile file(QDir(truncated).filePath(QStringLiteral("history.sqlite")));
      QVERIFY(file.open(QIODevice::ReadWrite));
      QVERIFY(file.resize(file.size() / 2));
    }
    error = window.openRun(truncated, true);
    QVERIFY2(error.contains(QStringLiteral("history.sqlite")), qPrintable(error));

    const QString badJson = copyRun(QStringLiteral("bad-run-json"));
    {
      QFile file(QDir(badJson).filePath(QStringLiteral("run.json")));
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write("{\"status\": ");
    }
    error = window.openRun(badJson, true);
    QVERIFY2(error.contains(QStringLiteral("run.json")) && error.contains(QStringLiteral("JSON")),
             qPrintable(error));

    error = window.openRun(m_home.filePath(QStringLiteral("does-not-exist")), true);
    QVERIFY2(error.contains(QStringLiteral("no such folder")), qPrintable(error));

    // The run that was open is still there, untouched.
    QCOMPARE(window.history()->momentCount(), moments);
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

  // --help and --version answer without a display (they aborted: the
  // application object needed one before the arguments were read).
  void helpAndVersionNeedNoDisplay() {
    for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("--version")}) {
      QProcess studio;
      QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
      environment.remove(QStringLiteral("DISPLAY"));
      environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
      environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
      studio.setProcessEnvironment(environment);
      studio.start(QStringLiteral(ATTN_STUDIO_EXE), {flag});
      QVERIFY(studio.waitForFinished(30000));
      QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
      QCOMPARE(studio.exitCode(), 0);
      const QString out = QString::fromUtf8(studio.readAllStandardOutput());
      if (flag == QStringLiteral("--help")) {
        for (const char* mode :
             {"--headless", "--render", "--roofline", "--scrub-benchmark", "--open"})
          QVERIFY2(out.contains(QLatin1String(mode)), qPrintable(out));
      } else {
        QVERIFY2(out.contains(QStringLiteral("Attention Studio")), qPrintable(out));
      }
    }
  }

  // --dock takes the names of the registry's docks and refuses others by name.
  void dockOptionNamesEveryDock() {
    QProcess studio;
    studio.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--help")});
    QVERIFY(studio.waitForFinished(30000));
    const QString help = QString::fromUtf8(studio.readAllStandardOutput()).simplified();
    for (const PanelEntry& entry : panelRegistry())
      QVERIFY2(help.contains(QString::fromLatin1(entry.key)), entry.key);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--dock"), QStringLiteral("qkv,attension")});
    QVERIFY(studio.waitForFinished(30000));
    QCOMPARE(studio.exitCode(), 2);
    const QString error = QString::fromUtf8(studio.readAllStandardError());
    QVERIFY2(error.contains(QStringLiteral("\"attension\"")) &&
                 error.contains(QStringLiteral("inspector")),
             qPrintable(error));
  }
};

QTEST_MAIN(TestAnalysis)
#include "tst_analysis.moc"
