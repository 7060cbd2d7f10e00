// A recorded run whose history.sqlite holds a snapshot no model makes (the
// fault testing's: an attention map of −1 heads × −1 queries): the window,
// the scrub benchmark and the figure renderer leave that moment out with one
// line naming the file and the step, and show the rest.

#include <QtTest/QtTest>

#include <sqlite3.h>
#include <QPlainTextEdit>
#include <QProcess>

#include "attn/history.h"
#include "attn/trainer.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "test_settings.h"
#include "timeline.h"
#include "tiny_run.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

namespace {

// Replaces the stored blob of `step` (every implementation) with `blob`.
bool overwriteSnapshot(const QString& database, qint64 step, const std::string& blob) {
  sqlite3* handle = nullptr;
  if (sqlite3_open(database.toUtf8().constData(), &handle) != SQLITE_OK) return false;
  sqlite3_stmt* update = nullptr;
  bool ok = sqlite3_prepare_v2(handle, "UPDATE snapshots SET data = ? WHERE step = ?", -1, &update,
                               nullptr) == SQLITE_OK;
  if (ok) {
    sqlite3_bind_blob(update, 1, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, step);
    ok = sqlite3_step(update) == SQLITE_DONE && sqlite3_changes(handle) > 0;
  }
  sqlite3_finalize(update);
  sqlite3_close(handle);
  return ok;
}

}  // namespace

class TestDamagedRun : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  QString m_run;
  qint64 m_damagedStep = 0;
  int m_moments = 0;  // in the undamaged run

 private Q_SLOTS:
  void initTestCase() {
    keepSettingsIn(m_home.path());
    RunConfig config = tiny_task_run("copy", 120, 10, m_home.filePath("runs").toStdString());
    config.train.epochs = 2;
    config.train.batch_size = 16;
    config.train.capture_every = 2;
    const RunOutcome outcome = train({config, {}, true});
    QCOMPARE(outcome.status, RunStatus::Finished);
    m_run = QString::fromStdString(outcome.run_directory);

    const QString database = QDir(m_run).filePath(QStringLiteral("history.sqlite"));
    std::string error;
    auto reader = HistoryReader::open(database.toStdString(), &error);
    QVERIFY2(reader, error.c_str());
    // A step captured twice (mid-run and at an epoch's end) is one moment.
    QList<qint64> steps;
    for (const auto& moment : reader->moments())
      if (!steps.contains(moment.step)) steps << moment.step;
    m_moments = int(steps.size());
    QVERIFY(m_moments >= 4);
    m_damagedStep = steps[steps.size() / 2];  // one in the middle of the timeline
    auto snapshot = reader->load(m_damagedStep, "scratch", &error);
    QVERIFY2(snapshot, error.c_str());
    reader.reset();
    // heads = queries = −1 and keys = the weights' count: their product, in
    // unsigned arithmetic, is the count again.
    AttentionHeads& map = snapshot->examples.at(0).encoder_self.at(0);
    map.keys = int(map.weights.size());
    map.heads = map.queries = -1;
    QVERIFY(overwriteSnapshot(database, m_damagedStep, encode_snapshot(*snapshot)));
  }

  void theWindowLeavesTheMomentOut() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    window.show();
    QCOMPARE(window.openRun(m_run, /*quiet=*/true), QString());
    RunHistory* history = window.history();
    QCOMPARE(history->momentCount(), m_moments - 1);
    QCOMPARE(history->momentAtStep(m_damagedStep) >= 0 &&
                 history->moments()[history->momentAtStep(m_damagedStep)].step == m_damagedStep,
             false);
    QCOMPARE(history->skippedMoments().size(), 1);
    const QString line = history->skippedMoments().front();
    QVERIFY2(line.contains(QStringLiteral("history.sqlite: the snapshot of step %1 cannot be shown")
                               .arg(m_damagedStep)) &&
                 line.contains(QStringLiteral("-1 heads")),
             qPrintable(line));
    // The log says it too.
    auto* log = window.findChild<QPlainTextEdit*>(QStringLiteral("logView"));
    QVERIFY(log && log->toPlainText().contains(line));
    // Every moment left can be shown.
    for (int moment = 0; moment < history->momentCount(); ++moment) {
      window.timeline()->select(moment);
      QVERIFY(history->snapshot(moment) != nullptr);
    }
  }

  // The programs without a window say the same line and carry on.
  void theProgramsSayWhichMoment() {
    for (const QString& mode : {QStringLiteral("--scrub-benchmark"), QStringLiteral("--render")}) {
      QProcess studio;
      QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
      environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
      studio.setProcessEnvironment(environment);
      studio.start(QStringLiteral(ATTN_STUDIO_EXE), {mode, m_run});
      QVERIFY(studio.waitForFinished(120000));
      const QString errors = QString::fromLocal8Bit(studio.readAllStandardError());
      QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
      QVERIFY2(studio.exitCode() == 0, qPrintable(mode + QLatin1Char(' ') + errors));
      QVERIFY2(errors.contains(
                   QStringLiteral("history.sqlite: the snapshot of step %1").arg(m_damagedStep)),
               qPrintable(mode + QLatin1Char(' ') + errors));
    }
  }
};

QTEST_MAIN(TestDamagedRun)
#include "tst_damagedrun.moc"
