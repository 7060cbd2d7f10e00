// The Inspector dock: a typed sentence through the open run's checkpoints,
// the untrained setup and the live weights, on a worker thread.

#include <QtTest/QtTest>

#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>

#include "attentionview.h"
#include "attn/trainer.h"
#include "dataflowview.h"
#include "inspectorpanel.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "samplespanel.h"
#include "setuppanel.h"
#include "stageview.h"
#include "timeline.h"
#include "tiny_run.h"
#include "trainingcontroller.h"

using namespace attn;
using namespace attn::ui;

namespace {

constexpr int kWaitMs = 60000;

RunConfig copyRun(const QString& runs) {
  RunConfig config = tiny_task_run("copy", 600, 20, runs.toStdString());
  config.train.epochs = 3;
  config.train.batch_size = 32;
  config.train.capture_every = 10;
  config.train.sample_predictions = 4;
  config.name = "inspector";
  return config;
}

}  // namespace

class TestInspector : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;
  QString m_run;
  RunOutcome m_outcome;

 private Q_SLOTS:
  void initTestCase() {
    m_outcome = train({copyRun(m_runs.path()), {}, true});
    QCOMPARE(m_outcome.status, RunStatus::Finished);
    m_run = QString::fromStdString(m_outcome.run_directory);
  }

  // A sentence through the open run's best checkpoint: translation with
  // probabilities, the heatmap, the stages and the data flow.
  void inspectsTheOpenRun() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    QCOMPARE(window.openRun(m_run, true), QString());
    InspectorPanel* inspector = window.panel<InspectorPanel>();
    QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("inspectorDock")));
    inspector->setSource(InspectorPanel::Source::BestCheckpoint);
    QCOMPARE(inspector->source(), InspectorPanel::Source::BestCheckpoint);
    inspector->inspect(QStringLiteral("abcd"));
    QVERIFY(inspector->busy());
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    const Inspection& result = inspector->result();
    QVERIFY2(result.error.empty(), result.error.english().c_str());
    QVERIFY(inspector->modelDescription().contains(QStringLiteral("best_model.pt")));
    QCOMPARE(result.source_pieces.size(), std::size_t{5});  // a b c d <eos>
    // Translation: one row per output token, its probability shown.
    QCOMPARE(inspector->translationTable()->rowCount(), int(result.greedy.tokens.size()));
    QVERIFY(inspector->translationTable()->item(0, 1)->text().endsWith('%'));
    // The heatmap shows this sentence's attention, as the model computed it.
    AttentionView* attention = inspector->attentionView();
    QVERIFY(attention->hasData());
    attention->select(AttentionKind::EncoderSelf, 0, 1, 0);
    const AttentionHeads& heads = result.attention.encoder_self.front();
    QCOMPARE(heads.keys, 5);
    for (int q = 0; q < heads.queries; ++q)
      for (int k = 0; k < heads.keys; ++k)
        QCOMPARE(attention->cellValue(q, k), double(heads.at(1, q, k)));
    // The stages and the diagram.
    QVERIFY(inspector->stageView()->stages().size() > 20);
    QCOMPARE(inspector->stageView()->stages().front().id, std::string("source.embedding"));
    QCOMPARE(inspector->dataFlowView()->nodeCount(), int(result.flow_nodes.size()));
    QVERIFY(inspector->chipsText().contains(QStringLiteral("&nbsp;a&nbsp;")));

    // Clicking the first decoder layer's box shows its stages.
    int decoderBox = -1;
    for (int i = 0; i < int(result.flow_nodes.size()); ++i)
      if (result.flow_nodes[std::size_t(i)].id == "decoder.0") decoderBox = i;
    QVERIFY(decoderBox >= 0);
    inspector->tabs()->setCurrentIndex(3);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"))->raise();
    auto* flow = inspector->dataFlowView();
    QTest::mouseClick(flow, Qt::LeftButton, {}, flow->nodeRect(decoderBox).center());
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QCOMPARE(inspector->tabs()->currentIndex(), 2);
    const auto& stages = inspector->stageView()->stages();
    QVERIFY(std::any_of(stages.begin(), stages.end(),
                        [](const Stage& s) { return s.id == "decoder.0.cross.softmax"; }));

    // The checkpoint nearest the timeline's moment follows the timeline.
    inspector->setSource(InspectorPanel::Source::NearestCheckpoint);
    window.timeline()->select(0);
    inspector->inspect(QStringLiteral("abcd"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QVERIFY2(inspector->modelDescription().contains(QStringLiteral("after epoch 1")),
             qPrintable(inspector->modelDescription()));
    window.timeline()->select(window.history()->momentCount() - 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        inspector->modelDescription().contains(QStringLiteral("after epoch 3")), kWaitMs);
  }

  // A Samples row activated (double-click, Enter) reads its source in the
  // Inspector with the checkpoint nearest the moment shown: the translation
  // the row shows, computed again from that checkpoint.
  void samplesRowOpensInTheInspector() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    QCOMPARE(window.openRun(m_run, true), QString());
    window.timeline()->select(window.history()->momentCount() - 1);
    auto* samples = window.panel<SamplesPanel>();
    samples->bringUpToDate();
    QTableWidget* table = samples->table();
    QVERIFY(table->rowCount() > 0);
    const int row = table->rowCount() - 1;
    const QString source = table->item(row, 1)->text();
    const QString greedy = table->item(row, 3)->text();
    InspectorPanel* inspector = window.panel<InspectorPanel>();
    QCOMPARE(inspector->source(), InspectorPanel::Source::NearestCheckpoint);
    Q_EMIT table->cellActivated(row, 1);
    QVERIFY(!window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"))->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy() && !inspector->result().source_pieces.empty(),
                             kWaitMs);
    QVERIFY2(inspector->result().error.empty(), inspector->result().error.english().c_str());
    QVERIFY2(inspector->modelDescription().contains(QStringLiteral("after epoch 3")),
             qPrintable(inspector->modelDescription()));
    QCOMPARE(QString::fromStdString(inspector->result().greedy.text), greedy);
    QCOMPARE(inspector->findChild<QLineEdit*>(QStringLiteral("inspectorInput"))->text(), source);
  }

  // Empty and unknown input are said in the panel; a new request replaces a
  // stale one; the untrained setup needs no run.
  void badInputAndUntrained() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    InspectorPanel* inspector = window.panel<InspectorPanel>();
    // No run open: only the untrained model is offered.
    QCOMPARE(inspector->source(), InspectorPanel::Source::Untrained);
    inspector->inspect(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QVERIFY2(inspector->statusText().contains(QStringLiteral("nothing to inspect")),
             qPrintable(inspector->statusText()));
    QVERIFY(inspector->modelDescription().contains(QStringLiteral("untrained")));
    inspector->inspect(QStringLiteral("€€€"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QVERIFY2(inspector->statusText().contains(QStringLiteral("unknown")),
             qPrintable(inspector->statusText()));
    QVERIFY(inspector->chipsText().contains(QStringLiteral("(unknown)")));
    // Two requests at once: only the second is shown.
    inspector->inspect(QStringLiteral("ab"));
    inspector->inspect(QStringLiteral("abcdef"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QVERIFY2(inspector->result().error.empty(), inspector->result().error.english().c_str());
    QCOMPARE(inspector->result().source_pieces.size(), std::size_t{7});
    QVERIFY(inspector->attentionView()->hasData());
    // An error then leaves nothing of the earlier sentence on screen.
    inspector->inspect(QStringLiteral("€"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QVERIFY(!inspector->result().error.empty());
    QVERIFY(!inspector->attentionView()->hasData());
    QVERIFY(inspector->stageView()->stages().empty());
    QCOMPARE(inspector->translationTable()->rowCount(), 0);
    // A run that cannot be read says why.
    QTemporaryDir empty;
    QDir(empty.path()).mkpath(QStringLiteral("checkpoints"));
    inspector->setRun(empty.path());
    inspector->setSource(InspectorPanel::Source::LastCheckpoint);
    inspector->inspect(QStringLiteral("abc"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy(), kWaitMs);
    QVERIFY2(inspector->statusText().contains(QStringLiteral("checkpoint_last.pt")),
             qPrintable(inspector->statusText()));
  }

  // While training: the weights of the next step, copied by the trainer.
  void inspectsTheLiveModel() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    QTemporaryDir runs;
    window.setRunsDirectory(runs.path());
    RunConfig config = copyRun(runs.path());
    config.train.epochs = 50;  // long enough to be stopped while running
    config.train.capture_every = 0;
    TrainRequest request{config, {}, true};
    window.controller()->start(request);
    InspectorPanel* inspector = window.panel<InspectorPanel>();
    QTRY_VERIFY_WITH_TIMEOUT(inspector->findChild<QComboBox*>(QStringLiteral("inspectorSource"))
                                     ->findData(int(InspectorPanel::Source::Live)) >= 0,
                             kWaitMs);
    inspector->setSource(InspectorPanel::Source::Live);
    inspector->inspect(QStringLiteral("abc"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy() && !inspector->result().greedy.tokens.empty(),
                             kWaitMs);
    QVERIFY2(inspector->modelDescription().contains(QStringLiteral("live · step")),
             qPrintable(inspector->modelDescription()));
    // Paused: the trainer hands the weights over from its pause.
    window.controller()->pause();
    QTest::qWait(300);
    inspector->inspect(QStringLiteral("abcd"));
    QTRY_VERIFY_WITH_TIMEOUT(!inspector->busy() && inspector->result().source_pieces.size() == 5,
                             kWaitMs);
    QVERIFY(inspector->modelDescription().contains(QStringLiteral("live · step")));
    window.controller()->stopAndWait();
  }
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
