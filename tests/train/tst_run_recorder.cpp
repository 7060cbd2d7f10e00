// The recording side of a run on its own: what a checkpoint records lets a
// resumed run cut metrics.csv and history.sqlite back to that moment, so that
// every step is recorded once; --restart keeps what was recorded aside.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>

#include "attn/history.h"
#include "model/model_factory.h"
#include "tiny_run.h"
#include "train/checkpoint.h"
#include "train/run_recorder.h"

using namespace attn;

namespace {

StepMetrics stepAt(std::int64_t step) {
  StepMetrics metrics;
  metrics.step = step;
  metrics.epoch = 1 + int(step / 10);
  metrics.loss = 5.0 - 0.1 * double(step);
  metrics.lr = 1e-4 * double(step);
  metrics.tokens_per_second = 1000;
  metrics.seconds = 0.1 * double(step);
  return metrics;
}

Snapshot snapshotAt(std::int64_t step) {
  Snapshot snapshot;
  snapshot.step = step;
  snapshot.epoch = 1 + int(step / 10);
  return snapshot;
}

QStringList metricsLines(const std::string& directory) {
  QFile file(QString::fromStdString(directory + "/metrics.csv"));
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

std::vector<std::int64_t> historySteps(const std::string& directory) {
  std::string error;
  auto history = HistoryReader::open(directory + "/history.sqlite", &error);
  std::vector<std::int64_t> steps;
  if (!history) return steps;
  for (const auto& metrics : history->steps("scratch")) steps.push_back(metrics.step);
  return steps;
}

}  // namespace

class TestRunRecorder : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;

  // Steps 1–12 recorded, a checkpoint after step 7, an evaluation at 10.
  std::string recordTwelveSteps(CheckpointState* saved) {
    auto recorder = RunRecorder::create(m_runs.path().toStdString(), "recorded", "scratch");
    const std::string directory = recorder->directory();
    const RunConfig config = tiny_task_run("copy", 10, 2);
    auto model = make_model(config.model, Implementation::Scratch, 1);
    for (std::int64_t step = 1; step <= 12; ++step) {
      recorder->step(stepAt(step));
      if (step % 3 == 0) recorder->snapshot(snapshotAt(step), false);
      if (step == 7) {
        CheckpointState state;
        state.step = 7;
        state.epoch = 1;
        state.next_batch = 7;
        state.run_config_json = to_json(config);
        recorder->save_checkpoint("checkpoint_last.pt", *model, nullptr, state);
      }
      if (step == 10) {
        EpochMetrics evaluation;
        evaluation.epoch = 1;
        evaluation.step = 10;
        evaluation.eval_loss = 3.5;
        recorder->evaluation(evaluation);
      }
    }
    recorder->flush();
    std::string error;
    auto state = read_checkpoint_state(directory + "/checkpoints/checkpoint_last.pt", &error);
    if (state) *saved = *state;
    return directory;
  }

 private Q_SLOTS:
  // A mixed-precision run says in run.json how many fp16 steps it skipped for
  // gradients that overflowed, and its loss scale; a float32 run says nothing.
  void runJsonRecordsSkippedSteps() {
    auto recorder = RunRecorder::create(m_runs.path().toStdString(), "amp", "scratch");
    RunFacts facts;
    facts.status = "finished";
    facts.config = tiny_task_run("copy", 10, 2);
    facts.amp = "fp16";
    facts.skipped_steps = 3;
    facts.loss_scale = 8192.0;
    recorder->write_run_json(facts);
    QFile file(QString::fromStdString(recorder->directory() + "/run.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto amp = QJsonDocument::fromJson(file.readAll()).object().value("amp").toObject();
    QCOMPARE(amp.value("mode").toString(), QStringLiteral("fp16"));
    QCOMPARE(amp.value("skipped_steps").toInt(), 3);
    QCOMPARE(amp.value("loss_scale").toDouble(), 8192.0);
    file.close();

    facts.amp.clear();
    facts.loss_scale.reset();
    recorder->write_run_json(facts);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!QJsonDocument::fromJson(file.readAll()).object().contains("amp"));
  }

  void cutBackToTheCheckpoint() {
    CheckpointState saved;
    const std::string directory = recordTwelveSteps(&saved);
    QCOMPARE(saved.step, std::int64_t{7});
    QVERIFY(saved.metrics_bytes > 0);
    QCOMPARE(metricsLines(directory).size(), 1 + 12 + 1);  // header, steps, evaluation
    QCOMPARE(historySteps(directory).size(), std::size_t{12});

    // A resumed run reopens at the checkpoint: what came after it goes.
    {
      auto reopened =
          RunRecorder::reopen(directory, {saved.step, saved.epoch, saved.metrics_bytes}, "scratch");
      const QStringList lines = metricsLines(directory);
      QCOMPARE(lines.size(), 1 + 7);
      QVERIFY2(lines.back().startsWith(QStringLiteral("step,scratch,7,")),
               qPrintable(lines.back()));
      QCOMPARE(historySteps(directory), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7}));
      std::string error;
      auto history = HistoryReader::open(directory + "/history.sqlite", &error);
      QVERIFY2(history, error.c_str());
      QCOMPARE(history->moments().size(), std::size_t{2});  // steps 3 and 6
      QVERIFY(history->epochs("scratch").empty());
      // The resumed run records step 8 again, once.
      reopened->step(stepAt(8));
      reopened->flush();
    }
    QCOMPARE(metricsLines(directory).size(), 1 + 8);
    QCOMPARE(historySteps(directory).back(), std::int64_t{8});
  }

  // A checkpoint of an earlier version records no length: the rows are kept
  // by their step instead.
  void cutBackWithoutALength() {
    CheckpointState saved;
    const std::string directory = recordTwelveSteps(&saved);
    { auto reopened = RunRecorder::reopen(directory, {saved.step, saved.epoch, -1}, "scratch"); }
    const QStringList lines = metricsLines(directory);
    QCOMPARE(lines.size(), 1 + 7);
    QVERIFY(lines.back().startsWith(QStringLiteral("step,scratch,7,")));
  }

  // --restart: the records are renamed, not deleted, and the run starts empty.
  void restartSetsTheRecordsAside() {
    CheckpointState saved;
    const std::string directory = recordTwelveSteps(&saved);
    std::string note;
    {
      auto restarted = RunRecorder::restart(directory, "scratch", &note);
      QVERIFY2(note.find("metrics.csv → metrics.before-restart-") != std::string::npos &&
                   note.find("history.sqlite → history.before-restart-") != std::string::npos &&
                   note.find("checkpoints/checkpoint_last.pt → checkpoints/before-restart-") !=
                       std::string::npos,
               note.c_str());
      QCOMPARE(metricsLines(directory).size(), 1);  // the header only
      QVERIFY(historySteps(directory).empty());
    }
    const QDir run(QString::fromStdString(directory));
    const QStringList kept = run.entryList({"metrics.before-restart-*.csv"});
    QCOMPARE(kept.size(), 1);
    QFile old(run.filePath(kept.front()));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(old.readAll()).split('\n', Qt::SkipEmptyParts).size(), 1 + 12 + 1);
    QCOMPARE(run.entryList({"history.before-restart-*.sqlite"}).size(), 1);
    QVERIFY(!QFile::exists(run.filePath("checkpoints/checkpoint_last.pt")));
  }
};

QTEST_APPLESS_MAIN(TestRunRecorder)
#include "tst_run_recorder.moc"
