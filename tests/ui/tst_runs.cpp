// Recorded runs: the runs browser, opening a run and what it shows of it,
// and the readable errors of runs whose files are damaged or missing.

#include <QtTest/QtTest>

#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <algorithm>
#include <numeric>

#include "attentionview.h"
#include "attn/history.h"
#include "headspanel.h"
#include "lossplot.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "runsbrowser.h"
#include "runsummary.h"
#include "timeline.h"

#include "recorded_run.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

class TestRuns : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  RecordedRuns m_runs;  // recorded once, read by every test

 private Q_SLOTS:
  void initTestCase() {
    m_runs = recordRuns(m_home.path(), /*withLibrary=*/true);
    QVERIFY(!m_runs.run.isEmpty());
    QVERIFY(!m_runs.libraryRun.isEmpty());
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
    const QString scratch = copyRun(m_runs.run, QStringLiteral("20260101-000000-copy-scratch"));
    const QString library =
        copyRun(m_runs.libraryRun, QStringLiteral("20260102-000000-copy-library"));
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

  void openRunRoundTrip() {
    const auto opened = windowWith(m_runs.run);
    QVERIFY(opened);
    MainWindow& window = *opened;
    const auto reader = storedHistory(m_runs.run);
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

  void brokenRunsGiveReadableErrors() {
    auto copyRun = [&](const QString& name) {
      const QString target = m_home.filePath(name);
      QDir().mkpath(target);
      for (const QString& file : {QStringLiteral("run.json"), QStringLiteral("history.sqlite"),
                                  QStringLiteral("vocabulary.json")}) {
        QFile::copy(QDir(m_runs.run).filePath(file), QDir(target).filePath(file));
      }
      return target;
    };
    MainWindow window;
    window.setAskBeforeClosing(false);
    QCOMPARE(window.openRun(m_runs.run, true), QString());
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
};

QTEST_MAIN(TestRuns)
#include "tst_runs.moc"
