#pragma once
// What the window's tests share: a small recorded run (the copy task, three
// epochs, a capture every five steps) and the same with LibTorch's layers,
// the window with a run open, the history as the trainer stored it, and
// checks of drawn values and written images.

#include <QtTest/QtTest>

#include <QImage>
#include <memory>
#include <optional>

#include "attn/history.h"
#include "attn/trainer.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "test_settings.h"
#include "timeline.h"
#include "tiny_run.h"

namespace attn::ui::testing {

inline RunConfig smallRun(const QString& runs) {
  RunConfig config = tiny_task_run("copy", 256, 16, runs.toStdString());
  config.train.epochs = 3;
  config.train.batch_size = 32;
  config.train.capture_every = 5;
  config.train.sample_predictions = 6;
  config.name = "analysis";
  return config;
}

inline void compareValues(const QVector<double>& shown, const QVector<double>& expected,
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
inline void checkImage(const QString& path, int width, int height) {
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
inline std::unique_ptr<MainWindow> windowWith(const QString& run) {
  auto window = std::make_unique<MainWindow>();
  window->setAskBeforeClosing(false);
  window->show();
  if (!window->openRun(run, true).isEmpty()) return nullptr;
  return window;
}

// The run's history as the trainer wrote it, read directly.
inline std::unique_ptr<HistoryReader> storedHistory(const QString& run) {
  return HistoryReader::open(QDir(run).filePath(QStringLiteral("history.sqlite")).toStdString(),
                             nullptr);
}

// Shows the run's last moment in `window`; returns that moment as the trainer
// stored it (the scratch implementation's), or nothing with *error.
inline std::optional<Snapshot> showLastMoment(MainWindow& window, const QString& run,
                                              std::string* error) {
  window.timeline()->select(window.history()->momentCount() - 1);
  const auto reader = storedHistory(run);
  if (!reader) {
    *error = "cannot open the run's history";
    return std::nullopt;
  }
  return reader->load(window.history()->moments().back().step, "scratch", error);
}

// The recorded runs a test reads: the scratch run and, when asked for, the
// library's (two epochs), written under `home`/runs. Settings go to `home`
// too, so nothing of the user's is touched.
struct RecordedRuns {
  QString run;
  QString libraryRun;
};

inline RecordedRuns recordRuns(const QString& home, bool withLibrary) {
  keepSettingsIn(home);
  RecordedRuns runs;
  const QString folder = QDir(home).filePath(QStringLiteral("runs"));
  const RunOutcome outcome = train({smallRun(folder), {}, true});
  if (outcome.status != RunStatus::Finished) return runs;
  runs.run = QString::fromStdString(outcome.run_directory);
  if (!withLibrary) return runs;
  RunConfig library = smallRun(folder);
  library.implementation = Implementation::Library;
  library.train.epochs = 2;
  const RunOutcome second = train({library, {}, true});
  if (second.status == RunStatus::Finished)
    runs.libraryRun = QString::fromStdString(second.run_directory);
  return runs;
}

}  // namespace attn::ui::testing
