// What a run leaves behind when it is killed, stopped or fed damaged files:
// attention-train itself, killed at chosen points (ATTN_FAULT, see
// core/src/store/fault_injection.h) and resumed.

#include <QtTest/QtTest>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <signal.h>

#include <algorithm>
#include <csignal>
#include <map>

#include "attn/history.h"
#include "attn/inspection.h"

namespace {

struct Run {
  int exit_code = -1;
  bool crashed = false;  // ended by a signal
  QString out;
  QString err;
};

Run run_train(const QStringList& arguments, const QString& fault = {}) {
  QProcess process;
  auto environment = QProcessEnvironment::systemEnvironment();
  if (!fault.isEmpty()) environment.insert(QStringLiteral("ATTN_FAULT"), fault);
  process.setProcessEnvironment(environment);
  process.start(QStringLiteral(ATTN_TRAIN_EXE), arguments);
  Run run;
  if (!process.waitForFinished(300000)) return run;
  run.crashed = process.exitStatus() == QProcess::CrashExit;
  run.exit_code = process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

// A tiny run with rolling checkpoints, snapshots and three evaluations: 13
// steps per epoch, so checkpoints (every 5) fall mid-epoch and at no epoch end.
QStringList tiny_run(const QString& out) {
  return {"--task",
          "copy",
          "--preset",
          "tiny",
          "--train-size",
          "200",
          "--eval-size",
          "20",
          "--batch-size",
          "16",
          "--epochs",
          "3",
          "--capture-every",
          "4",
          "--checkpoint-every",
          "5",
          "--threads",
          "1",
          "--dropout",
          "0.1",
          "--quiet",
          "--out",
          out};
}

QString only_run_in(const QString& runs) {
  const auto entries = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
  return entries.size() == 1 ? QDir(runs).filePath(entries.front()) : QString();
}

struct Record {
  std::map<qint64, QString> step_losses;  // step → loss as written
  std::map<int, QString> eval_losses;     // epoch → eval loss as written
  QStringList problems;                   // repeated rows
};

Record read_metrics(const QString& directory) {
  Record record;
  QFile file(QDir(directory).filePath("metrics.csv"));
  if (!file.open(QIODevice::ReadOnly)) {
    record.problems << "metrics.csv unreadable";
    return record;
  }
  const auto lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
  for (const QString& line : lines.mid(1)) {
    const auto fields = line.split(',');
    if (fields.size() < 9) {
      record.problems << "short row: " + line;
      continue;
    }
    if (fields[0] == "step") {
      if (!record.step_losses.emplace(fields[2].toLongLong(), fields[4]).second)
        record.problems << "step twice: " + fields[2];
    } else if (fields[0] == "eval") {
      if (!record.eval_losses.emplace(fields[3].toInt(), fields[8]).second)
        record.problems << "epoch twice: " + fields[3];
    }
  }
  return record;
}

}  // namespace

class TestCrashSafety : public QObject {
  Q_OBJECT

  QTemporaryDir m_work;
  Record m_reference;
  std::vector<attn::CapturedMoment> m_referenceMoments;
  std::vector<attn::StepMetrics> m_referenceSteps;

 private Q_SLOTS:
  void initTestCase() {
    const QString runs = m_work.filePath("reference");
    const Run run = run_train(tiny_run(runs));
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    const QString directory = only_run_in(runs);
    m_reference = read_metrics(directory);
    QCOMPARE(int(m_reference.step_losses.size()), 39);
    QCOMPARE(int(m_reference.eval_losses.size()), 3);
    QVERIFY(m_reference.problems.isEmpty());
    std::string error;
    auto history =
        attn::HistoryReader::open(QDir(directory).filePath("history.sqlite").toStdString(), &error);
    QVERIFY2(history, error.c_str());
    m_referenceMoments = history->moments();
    m_referenceSteps = history->steps("scratch");
    QCOMPARE(int(m_referenceSteps.size()), 39);
  }

  // Killed (SIGKILL) at a chosen moment, then resumed: every step, evaluation
  // and snapshot is recorded exactly once, with the uninterrupted run's values.
  void killThenResume_data() {
    QTest::addColumn<QString>("fault");
    QTest::newRow("before the first checkpoint") << "step:3";
    QTest::newRow("between checkpoints") << "step:12";
    QTest::newRow("writing the first checkpoint")
        << "atomic-write:3";  // run.json, vocabulary.json, then it
    QTest::newRow("writing a later checkpoint") << "atomic-write:7";
    QTest::newRow("during the first evaluation") << "evaluation:1";
    QTest::newRow("during the last evaluation") << "evaluation:3";
    QTest::newRow("during a commit") << "commit:4";
    QTest::newRow("just after the last step") << "step:39";
  }

  void killThenResume() {
    QFETCH(QString, fault);
    const QString runs =
        m_work.filePath(QStringLiteral("kill-%1").arg(QString(fault).replace(':', '-')));
    const Run killed = run_train(tiny_run(runs), fault);
    QVERIFY2(killed.crashed, qPrintable("the fault did not fire: " + killed.err));
    const QString directory = only_run_in(runs);
    QVERIFY(!directory.isEmpty());

    const Run resumed = run_train({"--resume", directory, "--quiet", "--threads", "1"});
    QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));

    const Record record = read_metrics(directory);
    QVERIFY2(record.problems.isEmpty(), qPrintable(record.problems.join("; ")));
    QCOMPARE(record.step_losses.size(), m_reference.step_losses.size());
    for (const auto& [step, loss] : m_reference.step_losses) {
      QVERIFY2(record.step_losses.count(step),
               qPrintable(QStringLiteral("step %1 missing").arg(step)));
      QVERIFY2(record.step_losses.at(step) == loss,
               qPrintable(QStringLiteral("step %1: %2, uninterrupted %3")
                              .arg(step)
                              .arg(record.step_losses.at(step), loss)));
    }
    QCOMPARE(record.eval_losses, m_reference.eval_losses);

    std::string error;
    auto history =
        attn::HistoryReader::open(QDir(directory).filePath("history.sqlite").toStdString(), &error);
    QVERIFY2(history, error.c_str());
    QVERIFY(history->integrity_ok());
    const auto moments = history->moments();
    QCOMPARE(moments.size(), m_referenceMoments.size());
    for (std::size_t i = 0; i < moments.size(); ++i) {
      QCOMPARE(moments[i].step, m_referenceMoments[i].step);
      QCOMPARE(moments[i].epoch_end, m_referenceMoments[i].epoch_end);
    }
    const auto steps = history->steps("scratch");
    QCOMPARE(steps.size(), m_referenceSteps.size());
    for (std::size_t i = 0; i < steps.size(); ++i)
      QCOMPARE(steps[i].loss, m_referenceSteps[i].loss);
    QCOMPARE(history->epochs("scratch").size(), std::size_t{3});
    QVERIFY(QDir(directory).entryList({"*.tmp"}, QDir::Files).isEmpty());
  }

  // The Inspector reads checkpoints another process is writing (a checkpoint
  // every step, rolling epoch files removed as the run goes): every reading
  // is either a whole checkpoint or a message naming the file, never a crash
  // and never half a file.
  void inspectWhileAnotherProcessWrites() {
    const QString runs = m_work.filePath(QStringLiteral("inspect-while-writing"));
    QStringList arguments = tiny_run(runs);
    arguments[arguments.indexOf("--epochs") + 1] = "40";
    arguments[arguments.indexOf("--checkpoint-every") + 1] = "1";
    arguments << "--keep-checkpoints"
              << "2";
    QProcess writer;
    writer.start(QStringLiteral(ATTN_TRAIN_EXE), arguments);
    QVERIFY(writer.waitForStarted());
    QString directory;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(directory = only_run_in(runs)).isEmpty() &&
            QFile::exists(QDir(directory).filePath("checkpoints/checkpoint_last.pt")),
        60000);
    attn::InspectionRequest request;
    request.text = "abcd";
    request.max_length = 8;
    int read = 0, refused = 0;
    std::string firstRefusal;
    QElapsedTimer clock;
    clock.start();
    while (writer.state() == QProcess::Running && clock.elapsed() < 8000) {
      for (const char* which : {"last", "best", "step:30", "epoch:2"}) {
        std::string error;
        const auto model = attn::InspectionModel::open(directory.toStdString(), which, &error);
        if (!model) {
          // Say which file, or that the run has none of that kind (yet, or any more).
          QVERIFY2(error.find(directory.toStdString()) != std::string::npos, error.c_str());
          if (refused++ == 0) firstRefusal = which + std::string(": ") + error;
          continue;
        }
        const auto inspection = model->inspect(request);
        QVERIFY2(inspection.error.empty(), inspection.error.english().c_str());
        QCOMPARE(inspection.source_pieces.size(), std::size_t{5});
        ++read;
      }
    }
    writer.kill();
    writer.waitForFinished();
    QVERIFY2(read > 0, qPrintable(QStringLiteral("%1 refused, none read").arg(refused)));
    qInfo("%d checkpoints read, %d refused with a message while the run wrote them (the first: %s)",
          read, refused, firstRefusal.c_str());
  }

  // Killed again while resuming: the second resume still ends right.
  void killDuringResume() {
    const QString runs = m_work.filePath("kill-twice");
    QVERIFY(run_train(tiny_run(runs), "step:17").crashed);
    const QString directory = only_run_in(runs);
    QVERIFY(run_train({"--resume", directory, "--quiet", "--threads", "1"}, "step:5").crashed);
    const Run resumed = run_train({"--resume", directory, "--quiet", "--threads", "1"});
    QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));
    const Record record = read_metrics(directory);
    QVERIFY2(record.problems.isEmpty(), qPrintable(record.problems.join("; ")));
    QCOMPARE(record.step_losses, m_reference.step_losses);
  }

  // Ctrl+C (SIGINT) stops with exit 130 and a checkpoint; twice, it leaves at
  // once. Either way the resumed run records every step once, with the values
  // of a run that was never interrupted.
  void interruptThenResume_data() {
    QTest::addColumn<int>("interrupts");
    QTest::newRow("Ctrl+C") << 1;
    QTest::newRow("Ctrl+C twice") << 2;
  }

  void interruptThenResume() {
    QFETCH(int, interrupts);
    const QString runs = m_work.filePath(QStringLiteral("interrupt-%1").arg(interrupts));
    QStringList arguments = tiny_run(runs);
    arguments << "--epochs"
              << "500";
    QProcess process;
    process.start(QStringLiteral(ATTN_TRAIN_EXE), arguments);
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(
        !only_run_in(runs).isEmpty() &&
            QFile::exists(only_run_in(runs) + "/checkpoints/checkpoint_last.pt"),
        60000);
    for (int i = 0; i < interrupts; ++i) ::kill(pid_t(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    const QString directory = only_run_in(runs);

    // Continue a little past where it stopped, and train the same run in one go.
    qint64 reached = 0;
    for (const auto& entry : read_metrics(directory).step_losses)
      reached = std::max(reached, entry.first);
    const QString until = QString::number(reached + 7);
    const Run resumed =
        run_train({"--resume", directory, "--quiet", "--threads", "1", "--max-steps", until});
    QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));
    const QString straightRuns = runs + "-straight";
    QVERIFY(run_train(QStringList(arguments).replaceInStrings(runs, straightRuns)
                      << "--max-steps" << until)
                .exit_code == 0);

    const Record record = read_metrics(directory);
    const Record straight = read_metrics(only_run_in(straightRuns));
    QVERIFY2(record.problems.isEmpty(), qPrintable(record.problems.join("; ")));
    QCOMPARE(qint64(record.step_losses.size()), until.toLongLong());
    QCOMPARE(record.step_losses, straight.step_losses);
    QCOMPARE(record.eval_losses, straight.eval_losses);
  }

  // A damaged history stops --resume with a message naming it (exit 2), and
  // leaves every file as it was.
  void damagedHistory_data() {
    QTest::addColumn<QString>("damage");
    QTest::newRow("random bytes") << "random";
    QTest::newRow("header zeroed") << "header";
    QTest::newRow("truncated at half") << "half";
    QTest::newRow("truncated at 4097 bytes") << "4097";
    QTest::newRow("a text file") << "text";
  }

  void damagedHistory() {
    QFETCH(QString, damage);
    const QString runs = m_work.filePath("damaged-" + damage);
    QStringList arguments = tiny_run(runs);
    arguments << "--max-steps"
              << "12";
    QVERIFY(run_train(arguments).exit_code == 0);
    const QString directory = only_run_in(runs);
    const QString path = QDir(directory).filePath("history.sqlite");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    if (damage == "random") {
      QRandomGenerator random(7);
      for (int i = 0; i < 1000; ++i)
        bytes[int(random.bounded(bytes.size()))] = char(random.bounded(256));
    } else if (damage == "header") {
      bytes.replace(0, 100, QByteArray(100, '\0'));
    } else if (damage == "half") {
      bytes.truncate(bytes.size() / 2);
    } else if (damage == "4097") {
      bytes.truncate(4097);
    } else {
      bytes = "this is not a database\n";
    }
    file.resize(0);
    file.write(bytes);
    file.close();
    const QByteArray runJson = [&] {
      QFile f(QDir(directory).filePath("run.json"));
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();

    const Run resumed =
        run_train({"--resume", directory, "--quiet", "--threads", "1", "--max-steps", "20"});
    QVERIFY2(!resumed.crashed, qPrintable(resumed.err));
    QCOMPARE(resumed.exit_code, 2);
    QVERIFY2(resumed.err.contains("history.sqlite"), qPrintable(resumed.err));
    QCOMPARE(resumed.err.count('\n'), 1);
    QFile after(QDir(directory).filePath("run.json"));
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), runJson);
  }

  // Files of a run that are directories: which file, what is wrong, exit 2.
  void resumeWithDirectoriesInTheWay_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("run.json") << "run.json";
    QTest::newRow("metrics.csv") << "metrics.csv";
    QTest::newRow("checkpoint_last.pt") << "checkpoints/checkpoint_last.pt";
  }

  void resumeWithDirectoriesInTheWay() {
    QFETCH(QString, file);
    const QString runs = m_work.filePath("in-the-way-" + QString(file).replace('/', '-'));
    QStringList arguments = tiny_run(runs);
    arguments << "--max-steps"
              << "6";
    QVERIFY(run_train(arguments).exit_code == 0);
    const QString directory = only_run_in(runs);
    QVERIFY(QFile::remove(QDir(directory).filePath(file)));
    QVERIFY(QDir(directory).mkpath(file));
    const Run resumed = run_train({"--resume", directory, "--quiet"});
    QCOMPARE(resumed.exit_code, 2);
    QVERIFY2(resumed.err.contains(file + ": is not a regular file"), qPrintable(resumed.err));
    QCOMPARE(resumed.err.count('\n'), 1);
  }

  // An unreadable newest checkpoint is named, and the next one is used.
  void unreadableCheckpointIsReported() {
    const QString runs = m_work.filePath("unreadable-checkpoint");
    QStringList arguments = tiny_run(runs);
    arguments << "--max-steps"
              << "14";
    QVERIFY(run_train(arguments).exit_code == 0);
    const QString directory = only_run_in(runs);
    QFile last(QDir(directory).filePath("checkpoints/checkpoint_last.pt"));
    QVERIFY(last.open(QIODevice::WriteOnly));
    last.write("damaged");
    last.close();
    const Run resumed = run_train({"--resume", directory, "--threads", "1"});
    QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));
    QVERIFY2(resumed.out.contains("skipped an unreadable checkpoint") &&
                 resumed.out.contains("checkpoint_last.pt"),
             qPrintable(resumed.out));
    const Record record = read_metrics(directory);
    QVERIFY2(record.problems.isEmpty(), qPrintable(record.problems.join("; ")));
    QCOMPARE(record.step_losses, m_reference.step_losses);
  }

  // Every checkpoint damaged, or their folder gone: --resume refuses (exit
  // 2, one line naming the files) and changes nothing; --restart trains again
  // from step 0 and keeps what was recorded aside under other names.
  void damagedCheckpointsNeedRestart_data() {
    QTest::addColumn<bool>("removeFolder");
    QTest::newRow("every checkpoint damaged") << false;
    QTest::newRow("checkpoints folder missing") << true;
  }

  void damagedCheckpointsNeedRestart() {
    QFETCH(bool, removeFolder);
    const QString runs = m_work.filePath(removeFolder ? "no-checkpoints" : "damaged-checkpoints");
    QStringList arguments = tiny_run(runs);
    arguments << "--max-steps"
              << "14";
    QVERIFY(run_train(arguments).exit_code == 0);
    const QString directory = only_run_in(runs);
    QDir checkpoints(QDir(directory).filePath("checkpoints"));
    const QStringList damaged = checkpoints.entryList({"*.pt"}, QDir::Files);
    QVERIFY(damaged.size() >= 2);
    if (removeFolder) {
      QVERIFY(checkpoints.removeRecursively());
    } else {
      for (const QString& name : damaged) {
        QFile file(checkpoints.filePath(name));
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
      }
    }
    QFile metrics(QDir(directory).filePath("metrics.csv"));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QByteArray recorded = metrics.readAll();
    metrics.close();

    const Run refused = run_train({"--resume", directory, "--quiet", "--threads", "1"});
    QCOMPARE(refused.exit_code, 2);
    QCOMPARE(refused.err.count('\n'), 1);
    if (removeFolder) {
      QVERIFY2(refused.err.contains(checkpoints.path() + ": missing") &&
                   refused.err.contains("--restart"),
               qPrintable(refused.err));
    } else {
      QVERIFY2(refused.err.contains("every checkpoint is damaged") &&
                   refused.err.contains("checkpoint_last.pt") && refused.err.contains("--restart"),
               qPrintable(refused.err));
    }
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    QCOMPARE(metrics.readAll(), recorded);  // nothing replaced
    metrics.close();

    const Run restarted =
        run_train({"--resume", directory, "--restart", "--quiet", "--threads", "1"});
    QVERIFY2(restarted.exit_code == 0, qPrintable(restarted.err));
    // The old records are kept aside, the new ones are the whole run from step 1.
    const QStringList kept = QDir(directory).entryList({"metrics.before-restart-*.csv"});
    QCOMPARE(kept.size(), 1);
    QFile old(QDir(directory).filePath(kept.front()));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), recorded);
    QCOMPARE(QDir(directory).entryList({"history.before-restart-*.sqlite"}).size(), 1);
    if (!removeFolder) {
      const QStringList folders = checkpoints.entryList({"before-restart-*"}, QDir::Dirs);
      QCOMPARE(folders.size(), 1);
      QCOMPARE(QDir(checkpoints.filePath(folders.front())).entryList({"*.pt"}, QDir::Files),
               damaged);
    }
    const Record record = read_metrics(directory);
    QVERIFY2(record.problems.isEmpty(), qPrintable(record.problems.join("; ")));
    QCOMPARE(record.step_losses, m_reference.step_losses);
    QVERIFY2(QFile::exists(QDir(directory).filePath("checkpoints/checkpoint_last.pt")),
             qPrintable(directory));
    // --restart without --resume says what it belongs to.
    const Run alone = run_train({"--restart", "--quiet"});
    QCOMPARE(alone.exit_code, 2);
    QVERIFY2(alone.err.contains("--restart belongs to --resume"), qPrintable(alone.err));
  }

  // --out where nothing can be written: one line, exit 2, before training.
  void outIsAFile() {
    const QString path = m_work.filePath("a-file");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const Run run = run_train(tiny_run(path));
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains(path), qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);
  }

  // A read-only file system under --out: one line naming the folder, exit 2.
  void readOnlyOut() {
    const QString mountPoint = m_work.filePath("read-only");
    QVERIFY(QDir().mkpath(mountPoint));
    if (QProcess::execute("mount", {"-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", mountPoint}) !=
        0) {
      QSKIP("cannot mount a tmpfs here (needs root)");
    }
    auto unmount = qScopeGuard([&] { QProcess::execute("umount", {mountPoint}); });
    const Run run = run_train(tiny_run(mountPoint + "/runs"));
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains(mountPoint) && run.err.contains("Read-only file system"),
             qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);
  }

  // A disk that fills up during training: a clear line, exit 1, and the
  // last good checkpoint resumes. Needs a small tmpfs (root may mount one).
  void fullDisk() {
    const QString mountPoint = m_work.filePath("small-disk");
    QVERIFY(QDir().mkpath(mountPoint));
    if (QProcess::execute("mount", {"-t", "tmpfs", "-o", "size=1200k", "tmpfs", mountPoint}) != 0) {
      QSKIP("cannot mount a tmpfs here (needs root)");
    }
    auto unmount = qScopeGuard([&] { QProcess::execute("umount", {mountPoint}); });
    QStringList arguments = tiny_run(mountPoint);
    arguments << "--epochs"
              << "40"
              << "--capture-every"
              << "1";
    const Run run = run_train(arguments);
    QVERIFY2(!run.crashed, qPrintable(run.err));
    QCOMPARE(run.exit_code, 1);
    QVERIFY2(run.err.contains("No space left on device") || run.err.contains("disk is full"),
             qPrintable(run.err));
    QCOMPARE(run.err.trimmed().count('\n'), 0);
    const QString directory = only_run_in(mountPoint);
    QVERIFY(QDir(directory).entryList({"*.tmp"}, QDir::Files).isEmpty());
    QVERIFY(QDir(directory + "/checkpoints").entryList({"*.tmp"}, QDir::Files).isEmpty());
    std::string error;
    auto history =
        attn::HistoryReader::open(QDir(directory).filePath("history.sqlite").toStdString(), &error);
    QVERIFY2(history, error.c_str());
    QVERIFY(history->integrity_ok());
  }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crash_safety.moc"
