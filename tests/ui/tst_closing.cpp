// Closing a window while its run trains, as a person does: the window goes,
// the engine stops at its next step and keeps a checkpoint, and nothing of the
// window is touched after it is gone. Run under AddressSanitizer by
// ./setup.sh sanitize, where a use after free fails the test.

#include <QtTest/QtTest>

#include <QPointer>

#include "lossplot.h"
#include "mainwindow.h"
#include "setuppanel.h"
#include "test_settings.h"
#include "tiny_run.h"
#include "trainingcontroller.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

class TestClosing : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;

 private Q_SLOTS:
  void initTestCase() { keepSettingsIn(m_home.path()); }

  // Twenty windows, each closed at another moment of its run while steps,
  // snapshots and log lines are still on their way to it. Each is deleted by
  // the event loop (WA_DeleteOnClose), as the app's windows are.
  void closeWhileTrainingTwentyTimes() {
    for (int round = 0; round < 20; ++round) {
      auto* window = new MainWindow;
      window->setAttribute(Qt::WA_DeleteOnClose);
      window->setRunsDirectory(m_home.filePath(QStringLiteral("runs")));
      RunConfig run = tiny_task_run("copy", 400, 20);
      run.train.epochs = 200;
      run.train.capture_every = 1;  // a snapshot after every step: always one in flight
      run.train.checkpoint_every = 5;
      window->setupPanel()->setRunConfig(run);
      window->setAskBeforeClosing(false);
      window->show();
      window->startTraining();
      QVERIFY(window->controller()->isRunning());
      // Close after 1 to 4 steps have reached the window, or at once.
      const int steps = round % 5;
      if (steps > 0) QTRY_VERIFY_WITH_TIMEOUT(window->lossPlot()->stepCount() >= steps, 60000);
      QTest::qWait(round % 3 * 20);
      const QString directory = window->runDirectory();
      QPointer<MainWindow> watched(window);
      QVERIFY(window->close());
      QTRY_VERIFY_WITH_TIMEOUT(watched.isNull(), 60000);
      // The destructor waited for the engine, which kept its checkpoint.
      if (steps > 0) {
        QVERIFY2(QFile::exists(directory + QStringLiteral("/checkpoints/checkpoint_last.pt")),
                 qPrintable(directory));
      }
    }
  }
};

QTEST_MAIN(TestClosing)
#include "tst_closing.moc"
