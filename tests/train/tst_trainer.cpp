// The training engine end to end: learning, checkpoints, resume, control, failures.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <filesystem>
#include <numeric>

#include "attn/history.h"
#include "attn/trainer.h"
#include "model/model_factory.h"
#include "random_batch.h"
#include "tiny_run.h"
#include "train/checkpoint.h"
#include "train/decoding.h"

using namespace attn;

namespace {

RunConfig small_run(const std::string& task, const QString& runs) {
  return quick_learning_run(task, runs.toStdString());
}

// Collects what the trainer reports.
class Recorder : public TrainingObserver {
 public:
  void on_step(const StepMetrics& metrics) override {
    losses.push_back(metrics.loss);
    last_global_norm = metrics.gradients.global_norm;
    if (stop_at > 0 && metrics.step >= stop_at && control) control->stop();
  }
  void on_snapshot(const Snapshot& snapshot) override {
    snapshots.push_back(snapshot.step);
    // An epoch's last snapshot is taken just before its evaluation begins.
    if (stop_at_first_evaluation && snapshot.step > 0 && control) control->stop();
  }
  void on_epoch(const EpochMetrics& metrics) override { epochs.push_back(metrics); }
  std::vector<double> losses;
  float last_global_norm = 0;
  std::vector<std::int64_t> snapshots;
  std::vector<EpochMetrics> epochs;
  std::int64_t stop_at = 0;
  bool stop_at_first_evaluation = false;
  TrainingControl* control = nullptr;
};

}  // namespace

class TestTrainer : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;

 private Q_SLOTS:
  // "Reaches": the best evaluation of the run (the one best_model.pt keeps).
  static double best_exact_match(const Recorder& recorder) {
    double best = 0;
    for (const auto& epoch : recorder.epochs) best = std::max(best, epoch.exact_match);
    return best;
  }

  void learnsCopy() {
    auto run = small_run("copy", m_runs.path());
    run.train.epochs = 14;
    TrainRequest request{run, {}, /*write_run_directory=*/false};
    Recorder recorder;
    const auto outcome = train(request, &recorder);
    QCOMPARE(outcome.status, RunStatus::Finished);
    QVERIFY2(best_exact_match(recorder) >= 0.95,
             qPrintable(QString::number(best_exact_match(recorder))));
    // Cross-attention found the diagonal in the last decoder layer.
    QVERIFY(!outcome.last.alignment_score.empty());
    QVERIFY2(outcome.last.alignment_score.back() > 0.5,
             qPrintable(QString::number(outcome.last.alignment_score.back())));
  }

  void learnsReverse() {
    auto run = small_run("reverse", m_runs.path());
    run.train.epochs = 14;
    run.train.batch_size = 32;
    run.train.lr_factor = 0.5;
    run.train.warmup = 100;
    TrainRequest request{run, {}, false};
    Recorder recorder;
    const auto outcome = train(request, &recorder);
    QCOMPARE(outcome.status, RunStatus::Finished);
    QVERIFY2(best_exact_match(recorder) >= 0.90,
             qPrintable(QString::number(best_exact_match(recorder))));
  }

  void libraryImplementationLearnsCopy() {
    auto run = small_run("copy", m_runs.path());
    run.implementation = Implementation::Library;
    run.train.epochs = 14;
    TrainRequest request{run, {}, false};
    Recorder recorder;
    const auto outcome = train(request, &recorder);
    QCOMPARE(outcome.status, RunStatus::Finished);
    QVERIFY2(best_exact_match(recorder) >= 0.95,
             qPrintable(QString::number(best_exact_match(recorder))));
  }

  void runDirectoryAndCheckpointRoundTrip() {
    auto run = small_run("copy", m_runs.path());
    run.data.task.train_size = 300;
    run.train.epochs = 2;
    run.train.capture_every = 3;
    Recorder recorder;
    const auto outcome = train({run, {}, true}, &recorder);
    QCOMPARE(outcome.status, RunStatus::Finished);
    namespace fs = std::filesystem;
    const fs::path directory = outcome.run_directory;
    for (const char* file :
         {"run.json", "metrics.csv", "history.sqlite", "vocabulary.json", "logs/train.log",
          "checkpoints/best_model.pt", "checkpoints/checkpoint_epoch_1.pt",
          "checkpoints/checkpoint_epoch_2.pt", "checkpoints/checkpoint_last.pt"}) {
      QVERIFY2(fs::exists(directory / file), file);
    }
    QVERIFY(fs::is_directory(directory / "visualizations"));
    // Snapshots: step 0, every 3 steps, and each epoch end; all readable.
    std::string error;
    auto history = HistoryReader::open((directory / "history.sqlite").string(), &error);
    QVERIFY2(history, error.c_str());
    QVERIFY(history->integrity_ok());
    const auto moments = history->moments();
    QVERIFY(moments.size() >= recorder.snapshots.size() - 1);
    QCOMPARE(moments.front().step, std::int64_t{0});
    const auto loaded = history->load(3, "scratch", &error);
    QVERIFY2(loaded, error.c_str());
    QCOMPARE(loaded->examples.size(), size_t{4});
    // What the analysis docks need: FFN histograms, embedding rows, the ideal
    // alignment, every step's gradients and every evaluation's samples.
    QCOMPARE(loaded->embeddings.dim, run.model.d_model);
    QVERIFY(!loaded->embeddings.tokens.empty());
    QCOMPARE(loaded->embeddings.vectors.size(),
             loaded->embeddings.tokens.size() * std::size_t(run.model.d_model));
    for (const auto& layer : loaded->decoder) {
      QCOMPARE(int(layer.ffn.histogram.size()), kFfnHistogramBins);
      const double total =
          std::accumulate(layer.ffn.histogram.begin(), layer.ffn.histogram.end(), 0.0);
      QVERIFY2(std::abs(total - 1.0) < 1e-4, qPrintable(QString::number(total)));
      QVERIFY(layer.ffn.min <= layer.ffn.mean && layer.ffn.mean <= layer.ffn.max);
    }
    QVERIFY(!loaded->examples[0].ideal_alignment.empty());
    QCOMPARE(history->implementations(), std::vector<std::string>{"scratch"});
    const auto steps = history->steps("scratch");
    QCOMPARE(std::int64_t(steps.size()), outcome.steps);
    QCOMPARE(steps.back().step, outcome.steps);
    QCOMPARE(steps.back().gradients.decoder.size(), std::size_t(run.model.dec_layers));
    QCOMPARE(steps.back().gradients.global_norm, recorder.last_global_norm);
    QCOMPARE(steps.back().loss, recorder.losses.back());
    const auto epochs = history->epochs("scratch");
    QCOMPARE(epochs.size(), std::size_t{2});
    QCOMPARE(epochs.back().eval_loss, outcome.last.eval_loss);
    QCOMPARE(epochs.back().samples.size(), outcome.last.samples.size());
    QCOMPARE(epochs.back().alignment_score, outcome.last.alignment_score);

    // Saved weights give identical logits.
    auto state =
        read_checkpoint_state((directory / "checkpoints/checkpoint_last.pt").string(), &error);
    QVERIFY2(state, error.c_str());
    auto saved_config = run_config_from_json(state->run_config_json, &error);
    QVERIFY(saved_config);
    auto a = make_model(saved_config->model, Implementation::Scratch, 1);
    auto b = make_model(saved_config->model, Implementation::Scratch, 2);
    QVERIFY(load_checkpoint((directory / "checkpoints/checkpoint_last.pt").string(), *a, nullptr,
                            false, &error));
    QVERIFY(load_checkpoint((directory / "checkpoints/checkpoint_last.pt").string(), *b, nullptr,
                            false, &error));
    a->eval();
    b->eval();
    auto src = test::random_tokens({6, 4}, saved_config->model.src_vocab_size, 1);
    auto tgt = test::random_tokens({5, 5}, saved_config->model.tgt_vocab_size, 2);
    torch::NoGradGuard no_grad;
    QVERIFY(torch::equal(a->forward(src, tgt), b->forward(src, tgt)));
  }

  // Resumed from a checkpoint, later losses equal an uninterrupted run's.
  void resumeEquivalence() {
    auto run = small_run("copy", m_runs.path());
    run.model.dropout = 0.1;  // the RNG state must travel with the checkpoint
    run.data.task.train_size = 640;
    run.train.epochs = 3;
    Recorder straight;
    run.train.max_steps = 24;
    QCOMPARE(train({run, {}, true}, &straight).status, RunStatus::Finished);

    Recorder first, second;
    run.train.max_steps = 13;  // stops mid-epoch (10 steps per epoch)
    const auto interrupted = train({run, {}, true}, &first);
    QCOMPARE(interrupted.steps, std::int64_t{13});
    run.train.max_steps = 24;
    const auto resumed = train({run, interrupted.run_directory, true}, &second);
    QCOMPARE(resumed.status, RunStatus::Finished);
    QCOMPARE(second.losses.size(), size_t{11});
    for (size_t i = 0; i < 13; ++i) QVERIFY(std::abs(first.losses[i] - straight.losses[i]) < 1e-6);
    for (size_t i = 0; i < second.losses.size(); ++i) {
      const double difference = std::abs(second.losses[i] - straight.losses[13 + i]);
      QVERIFY2(difference < 1e-6,
               qPrintable(QString("step %1 differs by %2").arg(14 + i).arg(difference)));
    }
  }

  void stopLeavesCheckpoint() {
    auto run = small_run("copy", m_runs.path());
    run.train.epochs = 50;
    TrainingControl control;
    Recorder recorder;
    recorder.stop_at = 7;
    recorder.control = &control;
    const auto outcome = train({run, {}, true}, &recorder, &control);
    QCOMPARE(outcome.status, RunStatus::Stopped);
    QCOMPARE(outcome.steps, std::int64_t{7});
    std::string error;
    auto state =
        read_checkpoint_state(outcome.run_directory + "/checkpoints/checkpoint_last.pt", &error);
    QVERIFY2(state, error.c_str());
    QCOMPARE(state->step, std::int64_t{7});
  }

  // A stop during an evaluation ends it at once (the window's close waits for
  // this), keeps a checkpoint and says the evaluation is repeated on resume.
  void stopDuringEvaluationKeepsCheckpoint() {
    auto run = small_run("copy", m_runs.path());
    run.train.epochs = 3;
    TrainingControl control;
    Recorder recorder;
    recorder.stop_at_first_evaluation = true;
    recorder.control = &control;
    const auto outcome = train({run, {}, true}, &recorder, &control);
    QCOMPARE(outcome.status, RunStatus::Stopped);
    QVERIFY2(QString::fromStdString(outcome.message.english())
                 .contains("during the evaluation of epoch 1"),
             outcome.message.english().c_str());
    QVERIFY(recorder.epochs.empty());
    std::string error;
    QVERIFY2(
        read_checkpoint_state(outcome.run_directory + "/checkpoints/checkpoint_last.pt", &error),
        error.c_str());
  }

  // Decoding asks before every step whether to go on: an untrained model that
  // never emits <eos> is not decoded to the end once a stop is requested.
  void decodingStopsBetweenSteps() {
    auto run = small_run("copy", m_runs.path());
    auto model = make_model(run.model, Implementation::Scratch, 1);
    model->eval();
    const auto src = torch::full({2, 6}, 5, torch::kLong);
    struct Stop {};
    for (const bool beam : {false, true}) {
      int steps = 0;
      const DecodeStepHook stop_after_three = [&steps] {
        if (++steps > 3) throw Stop{};
      };
      try {
        if (beam)
          beam_decode(*model, src.narrow(0, 0, 1), 3, 0.6, 500, stop_after_three);
        else
          greedy_decode(*model, src, 500, stop_after_three);
      } catch (const Stop&) {
      }
      QCOMPARE(steps, 4);
    }
  }

  void pauseHoldsTheStepCount() {
    auto run = small_run("copy", m_runs.path());
    run.train.epochs = 50;
    TrainingControl control;
    Recorder recorder;
    std::thread worker([&] { train({run, {}, false}, &recorder, &control); });
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() >= 3, 20000);
    control.pause();
    QTest::qWait(300);
    const size_t paused_at = recorder.losses.size();
    QTest::qWait(500);
    QCOMPARE(recorder.losses.size(), paused_at);
    control.resume();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.losses.size() > paused_at + 2, 20000);
    control.stop();
    worker.join();
  }

  void nanStopsWithAdvice() {
    auto run = small_run("copy", m_runs.path());
    run.train.checkpoint_every = 1;
    // The third step's loss reads as NaN (core/src/store/fault_injection.h).
    qputenv("ATTN_FAULT", "nan-loss:3");
    const auto outcome = train({run, {}, true});
    qunsetenv("ATTN_FAULT");
    QCOMPARE(outcome.status, RunStatus::Failed);
    QVERIFY2(QString::fromStdString(outcome.message.english()).contains("lower learning rate"),
             outcome.message.english().c_str());
    QVERIFY(QString::fromStdString(outcome.message.english()).contains("NaN") ||
            QString::fromStdString(outcome.message.english()).contains("infinite"));
    std::string error;
    auto state =
        read_checkpoint_state(outcome.run_directory + "/checkpoints/checkpoint_last.pt", &error);
    QVERIFY2(state, error.c_str());
    QCOMPARE(outcome.steps, std::int64_t{2});
    QCOMPARE(state->step, outcome.steps);  // the last good step, not the failed one
  }

  // Damaged checkpoints give a message, never a crash inside LibTorch: one
  // byte changed anywhere, or the file cut short, is caught by the zip's
  // CRC-32s before LibTorch parses it (its unpickler crashed on such bytes).
  void damagedCheckpointsAreRefused() {
    auto run = small_run("copy", m_runs.path());
    run.train.max_steps = 2;
    const auto outcome = train({run, {}, true});
    QCOMPARE(outcome.status, RunStatus::Finished);
    QFile file(QString::fromStdString(outcome.run_directory + "/checkpoints/checkpoint_last.pt"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray original = file.readAll();
    QTemporaryDir dir;
    const QString damagedPath = dir.filePath("damaged.pt");
    auto write = [&](const QByteArray& bytes) {
      QFile out(damagedPath);
      QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
      out.write(bytes);
    };
    int tried = 0, refused = 0;
    const qsizetype spacing =
        std::max<qsizetype>(1, original.size() / 300);  // 300 places across the file
    for (qsizetype offset = 0; offset < original.size(); offset += spacing) {
      QByteArray damaged = original;
      damaged[offset] = char(damaged[offset] ^ 0x5a);
      write(damaged);
      std::string error;
      ++tried;
      if (!read_checkpoint_state(damagedPath.toStdString(), &error)) {
        ++refused;
        QVERIFY2(QString::fromStdString(error).startsWith(damagedPath), error.c_str());
      }
    }
    // Only bytes no reader looks at (padding, the zip's version fields) may change unnoticed.
    QVERIFY2(refused > tried * 9 / 10,
             qPrintable(QString("%1 of %2 refused").arg(refused).arg(tried)));
    for (qsizetype length :
         {qsizetype(0), qsizetype(100), original.size() / 2, original.size() - 1}) {
      write(original.left(length));
      std::string error;
      QVERIFY(!read_checkpoint_state(damagedPath.toStdString(), &error));
      QVERIFY2(QString::fromStdString(error).contains("damaged"), error.c_str());
      auto model = make_model(run.model, Implementation::Scratch, 1);
      QVERIFY(!load_checkpoint(damagedPath.toStdString(), *model, nullptr, false, &error));
    }
  }

  void badInputFailsCleanly() {
    auto run = small_run("copy", m_runs.path());
    run.train.device = "cuda";
    if (!torch::cuda::is_available()) {
      auto outcome = train({run, {}, false});
      QCOMPARE(outcome.status, RunStatus::Failed);
      QVERIFY(outcome.bad_input);
      QVERIFY(QString::fromStdString(outcome.message.english()).contains("no CUDA device"));
    }
    run.train.device = "cpu";
    run.train.amp = AmpMode::BFloat16;
    auto outcome = train({run, {}, false});
    QVERIFY(outcome.bad_input);
    QVERIFY2(QString::fromStdString(outcome.message.english())
                 .contains("amp: mixed precision needs a CUDA device"),
             outcome.message.english().c_str());
    run.train.amp = AmpMode::Off;
    outcome = train({run, (m_runs.path() + "/missing").toStdString(), false});
    QVERIFY(outcome.bad_input);
    QVERIFY(QString::fromStdString(outcome.message.english()).contains("no such run directory"));
  }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
