// attention-train's options and exit codes, through the real executable.

#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>

#include "attn/history.h"
#include "cli_options.h"

namespace {

struct Run {
  int exit_code = -1;
  QString out;
  QString err;
};

// `program` runs the trainer (e.g. `taskset -c 0 attention-train`) when given.
Run run_train(const QStringList& arguments, const QStringList& program = {}) {
  QProcess process;
  if (program.isEmpty())
    process.start(QStringLiteral(ATTN_TRAIN_EXE), arguments);
  else
    process.start(program.first(), program.mid(1) + QStringList{ATTN_TRAIN_EXE} + arguments);
  Run run;
  if (!process.waitForFinished(120000)) return run;
  run.exit_code = process.exitCode();
  run.out = QString::fromUtf8(process.readAllStandardOutput());
  run.err = QString::fromUtf8(process.readAllStandardError());
  return run;
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;

 private Q_SLOTS:
  void summaryPaperBase() {
    const Run run = run_train({"--summary", "--preset", "paper-base"});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.out.trimmed().split('\n').last(), QString("parameters: 63082496"));
  }

  void summaryPaperBigLibrary() {
    const Run run = run_train({"--preset=paper-big", "--summary", "--impl", "library"});
    QCOMPARE(run.exit_code, 0);
    QVERIFY(run.out.contains("TransformerEncoderLayer"));
    QCOMPARE(run.out.trimmed().split('\n').last(), QString("parameters: 214245376"));
  }

  // Flags refine the preset wherever --preset stands.
  void flagsOverridePreset() {
    auto parsed = attn::cli::parse({"--heads", "4", "--preset", "small", "--hidden-size", "128"});
    QVERIFY2(parsed.error.empty(), parsed.error.c_str());
    QCOMPARE(parsed.options.run.model.heads, 4);
    QCOMPARE(parsed.options.run.model.d_model, 128);
    QCOMPARE(parsed.options.run.model.d_ff, 1024);  // from the preset
  }

  void configRoundTrip() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.json");
    Run run = run_train({"--task", "reverse", "--d-model", "32", "--heads", "2", "--epochs", "7",
                         "--save-config", path});
    QCOMPARE(run.exit_code, 0);
    auto parsed = attn::cli::parse({"--config", path.toStdString(), "--epochs", "9"});
    QVERIFY2(parsed.error.empty(), parsed.error.c_str());
    QCOMPARE(parsed.options.run.data.task.name, std::string("reverse"));
    QCOMPARE(parsed.options.run.model.d_model, 32);
    QCOMPARE(parsed.options.run.train.epochs, 9);  // the flag refines the file
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"train\": {\"epochs\": \"many\"}}");
    file.close();
    run = run_train({"--config", path});
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains("train.epochs: expected an integer"), qPrintable(run.err));
  }

  // --amp alone means auto; a mode may follow it or be given with "=";
  // configurations say "amp": "bf16" and older ones true or false.
  void ampModes() {
    using attn::AmpMode;
    const auto amp_of = [](const std::vector<std::string>& arguments) {
      const auto parsed = attn::cli::parse(arguments);
      return parsed.error.empty() ? parsed.options.run.train.amp : AmpMode::Off;
    };
    QVERIFY(amp_of({}) == AmpMode::Off);
    QVERIFY(amp_of({"--amp"}) == AmpMode::Auto);
    QVERIFY(amp_of({"--amp", "--epochs", "3"}) == AmpMode::Auto);
    QVERIFY(amp_of({"--amp", "fp16", "--epochs", "3"}) == AmpMode::Float16);
    QVERIFY(amp_of({"--amp=bf16"}) == AmpMode::BFloat16);
    QVERIFY(amp_of({"--amp", "bf16", "--amp=off"}) == AmpMode::Off);

    attn::RunConfig config;
    config.train.amp = AmpMode::Float16;
    std::string error;
    const auto reread = attn::run_config_from_json(attn::to_json(config), &error);
    QVERIFY2(reread, error.c_str());
    QVERIFY(reread->train.amp == AmpMode::Float16);
    QVERIFY(attn::to_json(config).find("\"amp\": \"fp16\"") != std::string::npos);
    const auto with_amp = [&](const std::string& value) {
      error.clear();
      const auto read = attn::run_config_from_json("{\"train\": {\"amp\": " + value + "}}", &error);
      return read ? read->train.amp : AmpMode::Off;
    };
    QVERIFY(with_amp("true") == AmpMode::Auto);
    QVERIFY(with_amp("false") == AmpMode::Off);
    QVERIFY(with_amp("\"bf16\"") == AmpMode::BFloat16);
    with_amp("2");
    QVERIFY2(error.find("train.amp: expected off, auto, bf16 or fp16") != std::string::npos,
             error.c_str());
    with_amp("\"half\"");
    QVERIFY2(error.find("got 'half'") != std::string::npos, error.c_str());
  }

  void helpListsOptionsWithDefaults() {
    const Run run = run_train({"--help"});
    QCOMPARE(run.exit_code, 0);
    QVERIFY(run.out.contains("--d-model, --hidden-size N"));
    QVERIFY(run.out.contains("[tiny]"));
  }

  // --version names the LibTorch, what it was compiled with and the BLAS.
  void versionSaysWhichLibTorch() {
    const Run run = run_train({"--version"});
    QCOMPARE(run.exit_code, 0);
    const QStringList lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith("attention-train "), qPrintable(run.out));
    QVERIFY2(QRegularExpression(QStringLiteral("^LibTorch \\d+\\.\\d+\\.\\d+\\S* \\((CPU only|CUDA "
                                               "\\d+\\.\\d+)(, NCCL)?(, Gloo)?\\) · BLAS: \\S"))
                 .match(lines[1])
                 .hasMatch(),
             qPrintable(lines[1]));
    QVERIFY2(!lines[1].endsWith("unknown"), qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith("device cpu") || lines[2].startsWith("device cuda"),
             qPrintable(lines[2]));
  }

  void describeData() {
    const Run run = run_train({"--task", "dates", "--train-size", "2000", "--describe-data"});
    QCOMPARE(run.exit_code, 0);
    QVERIFY(run.out.contains("pairs: 2000 train, 200 eval"));
    QVERIFY(run.out.contains("first 5 training pairs:"));
    QCOMPARE(run.out.count(" -> "), 10);  // five pairs, as text and as pieces
  }

  void corpusErrorsExitTwo() {
    QTemporaryDir dir;
    QFile file(dir.filePath("pairs.tsv"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("good\tgut\nbad line\n");
    file.close();
    const Run run = run_train({"--corpus", file.fileName(), "--describe-data"});
    QCOMPARE(run.exit_code, 2);
    QCOMPARE(run.err.trimmed(), "attention-train: " + file.fileName() +
                                    ":2: expected 'source<TAB>target' but found no tab");
    const Run skipped =
        run_train({"--corpus", file.fileName(), "--describe-data", "--skip-bad-lines"});
    QCOMPARE(skipped.exit_code, 2);  // one pair is too few to split
    QVERIFY2(skipped.err.contains("need at least 2"), qPrintable(skipped.err));
  }

  void trainLeavesRunDirectory() {
    QTemporaryDir runs;
    // With the Inspector's live copies asked for as the app does (here every
    // 20 ms): the log says what they cost.
    const Run run =
        run_train({"--task", "copy", "--epochs", "2", "--train-size", "300", "--eval-size", "40",
                   "--out", runs.path(), "--live-copies-every", "0.02"});
    QCOMPARE(run.exit_code, 0);
    QVERIFY2(run.out.contains("finished after"), qPrintable(run.out));
    const QStringList directories = QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(directories.size(), 1);
    const QDir directory(runs.filePath(directories.first()));
    for (const char* file : {"run.json", "metrics.csv", "history.sqlite", "logs/train.log",
                             "checkpoints/best_model.pt", "checkpoints/checkpoint_epoch_2.pt"}) {
      QVERIFY2(directory.exists(file), file);
    }
    QFile log(directory.filePath("logs/train.log"));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString logText = QString::fromUtf8(log.readAll());
    QVERIFY2(logText.contains(QRegularExpression(
                 "live weights handed to the inspector \\d+ times: [0-9.]+ ms in all")),
             qPrintable(logText));
    QFile metrics(directory.filePath("metrics.csv"));
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(metrics.readAll()).trimmed().split('\n');
    QVERIFY(rows.first().startsWith("kind,implementation,step,epoch,loss"));
    QCOMPARE(rows.filter(QRegularExpression("^eval,")).size(), 2);
    QCOMPARE(rows.filter(QRegularExpression("^step,")).size(),
             10);  // 300 pairs / 64 per batch, 2 epochs
  }

  // --export writes a model PyTorch loads from torch.nn's own layers
  // (strict=True), which translates as ours does and gives the same
  // probabilities (1e-4), for both implementations, post- and pre-norm, tied
  // and untied embeddings.
  void exportForPython_data() {
    QTest::addColumn<QStringList>("flags");
    QTest::newRow("scratch post-norm ReLU tied") << QStringList{};
    QTest::newRow("library pre-norm GELU untied")
        << QStringList{"--impl", "library", "--norm", "pre", "--activation", "gelu", "--untied"};
  }
  void exportForPython() {
    QFETCH(QStringList, flags);
    if (QProcess::execute("/usr/bin/python3", {"-c", "import torch"}) != 0)
      QSKIP("Debian's python3-torch is not installed");
    QTemporaryDir work;
    const Run trained =
        run_train(QStringList{"--task", "reverse", "--epochs", "6", "--train-size", "600",
                              "--eval-size", "20", "--quiet", "--out", work.filePath("runs")} +
                  flags);
    QVERIFY2(trained.exit_code == 0, qPrintable(trained.err));
    const QString run =
        QDir(work.filePath("runs"))
            .absoluteFilePath(
                QDir(work.filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).first());
    const QString folder = work.filePath("exported");
    const Run exported = run_train({"--export", run, "--checkpoint", "last", "--to", folder});
    QVERIFY2(exported.exit_code == 0, qPrintable(exported.err));
    for (const char* file :
         {"pytorch_model.bin", "config.json", "vocabulary.json", "load_model.py"})
      QVERIFY2(QFile::exists(QDir(folder).filePath(file)), file);
    QVERIFY(QFileInfo(QDir(folder).filePath("pytorch_model.bin")).size() <
            QFileInfo(QDir(run).filePath("checkpoints/checkpoint_last.pt")).size());

    for (const QString& text : {QStringLiteral("abcdef"), QStringLiteral("hgfedcba")}) {
      const QString json = work.filePath("inspection.json");
      const Run ours =
          run_train({"--inspect", run, "--checkpoint", "last", "--input", text, "--json", json});
      QVERIFY2(ours.exit_code == 0, qPrintable(ours.err));
      QFile file(json);
      QVERIFY(file.open(QIODevice::ReadOnly));
      const QJsonObject greedy =
          QJsonDocument::fromJson(file.readAll()).object()["greedy"].toObject();

      QProcess python;
      python.start("/usr/bin/python3",
                   {QDir(folder).filePath("load_model.py"), folder, text, "--logits"});
      QVERIFY(python.waitForFinished(120000));
      const QString err = QString::fromUtf8(python.readAllStandardError());
      QVERIFY2(python.exitCode() == 0, qPrintable(err));
      const QStringList lines = QString::fromUtf8(python.readAllStandardOutput()).split('\n');
      QCOMPARE(lines.value(0), greedy["text"].toString());
      // Each output token's probability, from PyTorch's logits at its position.
      const QJsonArray logits = QJsonDocument::fromJson(lines.value(1).toUtf8()).array();
      const QJsonArray tokens = greedy["tokens"].toArray();
      QVERIFY(!tokens.isEmpty());
      for (int t = 0; t < tokens.size() && t < logits.size(); ++t) {
        const QJsonArray row = logits[t].toArray();
        double top = -1e300, sum = 0;
        for (const auto& v : row) top = std::max(top, v.toDouble());
        for (const auto& v : row) sum += std::exp(v.toDouble() - top);
        const int id = tokens[t].toObject()["id"].toInt();
        const double probability = std::exp(row[id].toDouble() - top) / sum;
        const double ours_p = tokens[t].toObject()["p"].toDouble();
        QVERIFY2(std::abs(probability - ours_p) < 1e-4,
                 qPrintable(QStringLiteral("%1, token %2: PyTorch %3, ours %4")
                                .arg(text)
                                .arg(t)
                                .arg(probability)
                                .arg(ours_p)));
      }
    }
    // Bad requests: one line, exit 2.
    const Run nowhere = run_train({"--export", work.filePath("nowhere"), "--to", folder});
    QCOMPARE(nowhere.exit_code, 2);
    QVERIFY2(nowhere.err.contains("nowhere"), qPrintable(nowhere.err));
    const Run noFolder = run_train({"--export", run});
    QCOMPARE(noFolder.exit_code, 2);
    QVERIFY2(noFolder.err.contains("--to"), qPrintable(noFolder.err));
  }

  // --inspect reads a sentence with a run's checkpoint (and --json keeps every
  // stage), with an untrained model, and refuses bad requests in one line.
  void inspect() {
    QTemporaryDir runs;
    const Run trained = run_train({"--task", "copy", "--epochs", "1", "--train-size", "200",
                                   "--eval-size", "20", "--quiet", "--out", runs.path()});
    QCOMPARE(trained.exit_code, 0);
    const QString directory =
        runs.filePath(QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).first());
    const QString json = runs.filePath("inspection.json");
    const Run run =
        run_train({"--inspect", directory, "--input", "abcd", "--checkpoint", "last", "--kind",
                   "cross", "--layer", "2", "--head", "3", "--token", "2", "--json", json});
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    for (const char* expected :
         {"model: checkpoint_last.pt", "greedy: ", "beam: ", "data flow:", "Encoder 1 → Encoder 2",
          "decoder.1.cross.softmax", "decoder.1.self.masked", "output.softmax"})
      QVERIFY2(run.out.contains(expected), qPrintable(expected + QStringLiteral("\n") + run.out));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto document = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(document.value("format").toString(), QStringLiteral("attention-studio-inspection"));
    QCOMPARE(document.value("source_pieces").toArray().size(), 5);  // a b c d <eos>
    QVERIFY(document.value("stages").toArray().size() > 30);
    QCOMPARE(document.value("attention").toObject().value("cross").toArray().size(), 2);

    const Run untrained = run_train({"--inspect", "untrained", "--preset", "tiny", "--task",
                                     "dates", "--input", "March 3, 2021"});
    QVERIFY2(untrained.exit_code == 0, qPrintable(untrained.err));
    QVERIFY(untrained.out.contains("model: untrained"));

    const QList<QPair<QStringList, QString>> bad = {
        {{"--inspect", directory}, "--inspect needs --input TEXT"},
        {{"--inspect", directory, "--input", ""}, "nothing to inspect"},
        {{"--inspect", runs.filePath("nowhere"), "--input", "ab"}, "nowhere: no such run"},
        {{"--inspect", directory, "--input", "ab", "--checkpoint", "epoch:7"},
         "checkpoint_epoch_7.pt: no such checkpoint"},
        {{"--inspect", directory, "--input", "ab", "--layer", "9"}, "--layer 9: the model has 2"},
        {{"--inspect", directory, "--input", "ab", "--head", "0"}, "count from 1"},
        {{"--inspect", directory, "--input", "ab", "--kind", "sideways"}, "--kind sideways"},
        {{"--input", "ab"}, "belong to --inspect"},
        {{"--checkpoint", "last"}, "--checkpoint belongs to --inspect or --export"},
        {{"--to", "x"}, "--to belongs to --export"},
        {{"--inspect", directory, "--input", "ab", "--device", "cuda:x"},
         "device: expected auto, cpu, cuda or cuda:N"},
    };
    for (const auto& [arguments, message] : bad) {
      const Run refused = run_train(arguments);
      QCOMPARE(refused.exit_code, 2);
      QVERIFY2(refused.err.contains(message), qPrintable(arguments.join(' ') + ": " + refused.err));
      QCOMPARE(refused.err.count('\n'), 1);
    }
  }

  // --debug logs the first steps' stages from the inspector's code path: the
  // model's own forward pass, residual and LayerNorm included.
  void debugLogsTheRealStages() {
    QTemporaryDir runs;
    const Run run = run_train({"--task", "copy", "--max-steps", "2", "--train-size", "100",
                               "--eval-size", "10", "--debug", "--out", runs.path()});
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    QCOMPARE(run.out.count(QStringLiteral("debug, step ")), 2);
    for (const char* stage : {"encoder.0.self.masked", "encoder.0.self.residual",
                              "encoder.0.self.norm", "encoder.0.ffn.activation",
                              "decoder.0.self.masked", "decoder.0.cross.softmax", "output.logits"})
      QVERIFY2(run.out.contains(stage), stage);
  }

  // A run killed mid-epoch leaves a history that opens and a checkpoint that resumes.
  void sigkillLeavesUsableRun() {
    QTemporaryDir runs;
    QProcess process;
    process.start(QStringLiteral(ATTN_TRAIN_EXE),
                  {"--task", "copy", "--epochs", "1000", "--checkpoint-every", "5",
                   "--capture-every", "3", "--out", runs.path(), "--quiet"});
    QVERIFY(process.waitForStarted());
    QString history_path, checkpoint_path;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
          const auto entries = QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
          if (entries.isEmpty()) return false;
          const QDir directory(runs.filePath(entries.first()));
          history_path = directory.filePath("history.sqlite");
          checkpoint_path = directory.filePath("checkpoints/checkpoint_last.pt");
          return QFile::exists(checkpoint_path) &&
                 QFileInfo(checkpoint_path).lastModified().isValid();
        }(),
        60000);
    QTest::qWait(1500);  // let it get further into the run
    process.kill();      // SIGKILL
    QVERIFY(process.waitForFinished(10000));

    std::string error;
    auto history = attn::HistoryReader::open(history_path.toStdString(), &error);
    QVERIFY2(history, error.c_str());
    QVERIFY(history->integrity_ok());
    const auto moments = history->moments();
    QVERIFY(moments.size() >= 2);
    QVERIFY2(history->load(moments.back().step, "scratch", &error), error.c_str());

    const QString directory = QFileInfo(history_path).absolutePath();
    // One more step from wherever it was killed.
    const Run resumed = run_train({"--resume", directory, "--max-steps", "1", "--quiet"});
    QCOMPARE(resumed.exit_code, 0);
  }

  // The benchmark contract: one JSON line with these fields (no timing asserted).
  void benchSmoke() {
    const Run run = run_train({"--bench", "bench-tiny", "--steps", "2", "--capture-every", "1"});
    QCOMPARE(run.exit_code, 0);
    const auto line = QJsonDocument::fromJson(run.out.trimmed().toUtf8()).object();
    for (const char* key :
         {"preset", "impl", "device", "threads", "capture_every", "batch", "src_len", "tgt_len",
          "steps", "step_ms_median", "step_ms_p90", "tokens_per_s", "peak_rss_mb"}) {
      QVERIFY2(line.contains(QLatin1String(key)), key);
    }
    QCOMPARE(line.value("batch").toInt(), 64);
    QCOMPARE(line.value("capture_every").toInt(), 1);
    QVERIFY(line.value("tokens_per_s").toDouble() > 0);
    const Run matmul = run_train({"--bench", "matmul", "--threads", "1"});
    QCOMPARE(matmul.exit_code, 0);
    QVERIFY(QJsonDocument::fromJson(matmul.out.toUtf8()).object().value("gflops").toDouble() > 0);
    const Run bandwidth = run_train({"--bench", "bandwidth", "--threads", "1"});
    QCOMPARE(bandwidth.exit_code, 0);
    QVERIFY(QJsonDocument::fromJson(bandwidth.out.toUtf8()).object().value("gb_per_s").toDouble() >
            0);
    // The roofline's intensity: FLOPs over an estimate of bytes, both positive.
    QVERIFY(line.value("flop_per_byte").toDouble() > 0);
    QVERIFY(line.value("estimated_gb_per_step").toDouble() > 0);
    const Run scaled = run_train(
        {"--bench", "bench-tiny", "--steps", "1", "--bench-length", "8", "--bench-d-model", "32"});
    QCOMPARE(scaled.exit_code, 0);
    const auto scaledLine = QJsonDocument::fromJson(scaled.out.trimmed().toUtf8()).object();
    QCOMPARE(scaledLine.value("src_len").toInt(), 8);
    QCOMPARE(scaledLine.value("d_model").toInt(), 32);
    QVERIFY(scaledLine.value("attention_flop_share").toDouble() > 0);
    QVERIFY(scaledLine.value("attention_core_ms").toDouble() > 0);
    QVERIFY(scaledLine.value("attention_time_share").toDouble() > 0);
    const Run tooShort = run_train({"--bench", "bench-tiny", "--bench-length", "1"});
    QCOMPARE(tooShort.exit_code, 2);
    QVERIFY2(tooShort.err.contains("--bench-length: 1 is outside"), qPrintable(tooShort.err));
    const Run bad = run_train({"--bench", "bench-huge"});
    QCOMPARE(bad.exit_code, 2);
    QVERIFY(bad.err.contains("unknown preset 'bench-huge'"));
  }

  // --threads N is obeyed; the automatic choice respects CPU affinity (a run
  // allowed one processor never starts a second thread); --background-load
  // starts and stops its busy processes. The choice logic itself is in tst_threads.
  void threadChoice() {
    const QStringList small = {"--task", "copy",        "--epochs", "1",      "--train-size",
                               "200",    "--eval-size", "20",       "--quiet"};
    const auto run_json = [](const QString& runs) {
      const QStringList found = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
      if (found.size() != 1) return QJsonObject();
      QFile file(QDir(runs).filePath(found.first() + "/run.json"));
      if (!file.open(QIODevice::ReadOnly)) return QJsonObject();
      return QJsonDocument::fromJson(file.readAll()).object();
    };
    {
      QTemporaryDir runs;
      const Run fixed = run_train(small + QStringList{"--threads", "1", "--out", runs.path()});
      QCOMPARE(fixed.exit_code, 0);
      const auto json = run_json(runs.path());
      QCOMPARE(json.value("threads").toInt(), 1);
      QCOMPARE(json.value("threads_automatic").toBool(), false);
    }
    const Run bench = run_train(
        {"--bench", "bench-tiny", "--steps", "2", "--threads", "1", "--background-load", "1"});
    QCOMPARE(bench.exit_code, 0);
    const auto line = QJsonDocument::fromJson(bench.out.trimmed().toUtf8()).object();
    QCOMPARE(line.value("threads").toInt(), 1);
    QCOMPARE(line.value("threads_automatic").toBool(), false);
    QCOMPARE(line.value("background_load").toInt(), 1);
    const Run negative = run_train({"--bench", "bench-tiny", "--background-load", "-1"});
    QCOMPARE(negative.exit_code, 2);
    QVERIFY2(negative.err.contains("--background-load: expected 0–256"), qPrintable(negative.err));

    const QString taskset = QStandardPaths::findExecutable("taskset");
    if (taskset.isEmpty()) QSKIP("taskset (util-linux) not found");
    const auto run_on_one_processor = [&](const QStringList& arguments) {
      return run_train(arguments, {taskset, "-c", "0"});
    };
    {
      QTemporaryDir runs;
      const Run automatic = run_on_one_processor(small + QStringList{"--out", runs.path()});
      QCOMPARE(automatic.exit_code, 0);
      const auto json = run_json(runs.path());
      QCOMPARE(json.value("threads").toInt(), 1);
      QCOMPARE(json.value("threads_automatic").toBool(), true);
      QFile log(
          QDir(runs.path())
              .filePath(QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).first() +
                        "/logs/train.log"));
      QVERIFY(log.open(QIODevice::ReadOnly));
      const QString text = QString::fromUtf8(log.readAll());
      QVERIFY2(text.contains("1 thread (automatic)"), qPrintable(text));
      QVERIFY2(!text.contains("threads: 2"), qPrintable(text));
    }
    const Run tooMany = run_on_one_processor({"--bench", "bench-tiny", "--threads", "2"});
    QCOMPARE(tooMany.exit_code, 2);
    QVERIFY2(tooMany.err.contains("--threads: 2 is more than the 1 processors"),
             qPrintable(tooMany.err));
  }

  // --deterministic: the same seed and settings write the same metrics.csv,
  // byte for byte, with the automatic thread count (fixed for the run, and
  // the same while another program keeps a processor busy); run.json says so.
  // Without it, the clock's columns are filled.
  void deterministicRunsRepeatExactly() {
    const QStringList settings = {"--task",       "copy", "--epochs",        "2",
                                  "--train-size", "300",  "--eval-size",     "20",
                                  "--seed",       "7",    "--deterministic", "--quiet"};
    QStringList metrics;
    for (const QStringList& extra : {QStringList{}, QStringList{"--background-load", "1"}}) {
      QTemporaryDir runs;
      const Run run = run_train(settings + extra + QStringList{"--out", runs.path()});
      QVERIFY2(run.exit_code == 0, qPrintable(run.err));
      const QString directory =
          QDir(runs.path())
              .filePath(QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).value(0));
      QFile csv(QDir(directory).filePath("metrics.csv"));
      QVERIFY(csv.open(QIODevice::ReadOnly));
      metrics << QString::fromUtf8(csv.readAll());
      QFile json(QDir(directory).filePath("run.json"));
      QVERIFY(json.open(QIODevice::ReadOnly));
      const QJsonObject document = QJsonDocument::fromJson(json.readAll()).object();
      QCOMPARE(document.value("deterministic").toBool(), true);
      QCOMPARE(document.value("threads_automatic").toBool(), false);
    }
    QCOMPARE(metrics[0].count(QLatin1Char(10)), 1 + 10 + 2);  // header, 2 × 5 steps, 2 evaluations
    QVERIFY(metrics[0].contains(QStringLiteral("\nstep,scratch,10,2,")));
    QCOMPARE(metrics[1], metrics[0]);
    QTemporaryDir runs;
    QStringList plain = settings;
    plain.removeAll("--deterministic");
    QCOMPARE(run_train(plain + QStringList{"--out", runs.path()}).exit_code, 0);
    QFile csv(
        QDir(runs.path())
            .filePath(QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).value(0) +
                      "/metrics.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(csv.readAll()).split('\n');
    QVERIFY2(!rows.value(1).endsWith(','), qPrintable(rows.value(1)));  // seconds filled
  }

  // Every field's type and range is checked, with its JSON path; unknown and
  // repeated keys are refused. One line on stderr, exit 2, nothing trained.
  void badConfigFile_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("negative seed") << R"({"data": {"seed": -1}})"
                                   << "data.seed: expected an integer from 0";
    QTest::newRow("seed of 2^64") << R"({"data": {"seed": 18446744073709551616}})"
                                  << "data.seed: expected an integer";
    QTest::newRow("negative max_examples")
        << R"({"data": {"corpus": {"max_examples": -1}}})"
        << "data.corpus.max_examples: expected an integer from 0";
    QTest::newRow("negative max_steps") << R"({"train": {"max_steps": -1}})"
                                        << "train.max_steps: -1 must be at least 0";
    QTest::newRow("train is an array") << R"({"train": []})"
                                       << "train: expected an object of fields, got an array";
    QTest::newRow("data is a number") << R"({"data": 5})"
                                      << "data: expected an object of fields, got the integer 5";
    QTest::newRow("huge lr") << R"({"train": {"lr": 1e308}})"
                             << "train.lr: must be greater than 0 and at most 10";
    QTest::newRow("duplicate key") << R"({"train": {"epochs": 1, "batch_size": 8, "epochs": 2}})"
                                   << "train.epochs: appears twice";
    QTest::newRow("unknown key") << R"({"model": {"d_modle": 64}})"
                                 << "model.d_modle: unknown field";
    QTest::newRow("unknown section") << R"({"trian": {}})"
                                     << "trian: unknown field";
    QTest::newRow("threads") << R"({"train": {"threads": 5000}})"
                             << "train.threads: 5000 must be at most 1024";
    QTest::newRow("epochs past int") << R"({"train": {"epochs": 2147483648}})"
                                     << "train.epochs: expected an integer";
    QTest::newRow("beam") << R"({"train": {"beam_size": 100000}})"
                          << "train.beam_size: 100000 must be at most 64";
    QTest::newRow("absurd train_size")
        << R"({"data": {"task": {"train_size": 2147483647}}})"
        << "is more than 5000000, the most a built-in task generates";
    QTest::newRow("absurd eval_size") << R"({"data": {"task": {"eval_size": 100000000}}})"
                                      << "is more than 5000000";
  }

  void badConfigFile() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QFile file(dir.filePath("config.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json.toUtf8());
    file.close();
    const Run run =
        run_train({"--config", file.fileName(), "--epochs", "1", "--out", m_runs.path()});
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY(QDir(m_runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
  }

  // A pipe is read to its end (the file check must not swallow its start).
  void corpusFromAPipe() {
    QTemporaryDir dir;
    QFile file(dir.filePath("pairs.tsv"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 3000; ++i)
      file.write(QStringLiteral("source %1 words\ttarget %1\n").arg(i).toUtf8());
    file.close();
    const Run direct = run_train({"--corpus", file.fileName(), "--describe-data"});
    QCOMPARE(direct.exit_code, 0);
    QProcess shell;
    shell.start("/bin/bash", {"-c", QStringLiteral("'%1' --corpus <(cat '%2') --describe-data")
                                        .arg(ATTN_TRAIN_EXE, file.fileName())});
    QVERIFY(shell.waitForFinished(120000));
    QCOMPARE(shell.exitCode(), 0);
    const QString piped = QString::fromUtf8(shell.readAllStandardOutput());
    const QRegularExpression pairs("pairs: (\\d+) train, (\\d+) eval");
    QVERIFY(pairs.match(direct.out).hasMatch());
    QCOMPARE(pairs.match(piped).captured(0), pairs.match(direct.out).captured(0));
  }

  // Sizes that cannot work are refused at once, naming the file and line.
  void absurdRequestsRefusedAtOnce() {
    QTemporaryDir dir;
    // 50 short pairs, then one whose source has `characters` characters (line 51).
    auto corpus_with_long_line = [&](const QString& name, int characters) {
      QFile file(dir.filePath(name));
      if (!file.open(QIODevice::WriteOnly)) return QString();
      for (int i = 0; i < 50; ++i) file.write("ab cd\tef gh\n");
      file.write(QByteArray(characters, 'x') + "\ty\n");
      return file.fileName();
    };
    const QString longest = corpus_with_long_line("long.tsv", 200000);
    const Run run = run_train({"--corpus", longest, "--max-steps", "1", "--out", m_runs.path()});
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains(longest + ":51: the longest pair needs 200002 positions"),
             qPrintable(run.err));
    // Within the model's positions, but attention for one batch would not fit in memory.
    const QString wide = corpus_with_long_line("wide.tsv", 30000);
    const Run memory = run_train({"--corpus", wide, "--max-steps", "1", "--out", m_runs.path()});
    QCOMPARE(memory.exit_code, 2);
    QVERIFY2(memory.err.contains(wide + ":51: the longest pair needs 30002 positions") &&
                 memory.err.contains("GB for attention alone"),
             qPrintable(memory.err));
    const Run threads = run_train({"--threads", "4096", "--epochs", "1", "--out", m_runs.path()});
    QCOMPARE(threads.exit_code, 2);
    QVERIFY2(threads.err.contains("threads: 4096 must be at most 1024"), qPrintable(threads.err));
    QVERIFY(QDir(m_runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
  }

  // SentencePiece's own check text, in the terms of our options.
  void sentencePieceVocabularyTooSmall() {
    QTemporaryDir dir;
    QFile file(dir.filePath("pairs.tsv"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 200; ++i) file.write("the quick brown fox\tder schnelle braune Fuchs\n");
    file.close();
    const Run vocabulary = run_train({"--corpus", file.fileName(), "--tokenizer", "sentencepiece",
                                      "--vocab-size", "5", "--describe-data"});
    if (vocabulary.err.contains("not available in a build with AddressSanitizer")) {
      QSKIP("the SentencePiece plug-in cannot be opened under AddressSanitizer");
    }
    QCOMPARE(vocabulary.exit_code, 2);
    QVERIFY2(vocabulary.err.contains("vocab_size: 5 is too small for this text") &&
                 vocabulary.err.contains("use --vocab-size"),
             qPrintable(vocabulary.err));
  }

  void badUsage_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown option")
        << QStringList{"--frobnicate"} << "unknown option '--frobnicate'";
    QTest::newRow("missing value")
        << QStringList{"--summary", "--heads"} << "--heads needs a value";
    QTest::newRow("value is the next option")
        << QStringList{"--epochs", "--out", "x"} << "--epochs needs a value (N)";
    QTest::newRow("no live copies every 0 s")
        << QStringList{"--task", "copy", "--live-copies-every", "0"}
        << "--live-copies-every: expected seconds";
    QTest::newRow("not a number") << QStringList{"--heads", "four"}
                                  << "--heads: expected an integer, got 'four'";
    QTest::newRow("trailing junk")
        << QStringList{"--d-ff", "12x"} << "--d-ff: expected an integer, got '12x'";
    QTest::newRow("unknown preset")
        << QStringList{"--preset", "huge"} << "--preset: unknown preset 'huge'";
    QTest::newRow("bad norm") << QStringList{"--norm", "middle"} << "--norm: expected post or pre";
    QTest::newRow("heads do not divide")
        << QStringList{"--summary", "--heads", "3"} << "not divisible by 3";
    QTest::newRow("dropout out of range")
        << QStringList{"--summary", "--dropout", "1.5"} << "dropout: 1.5 is outside [0, 1)";
    QTest::newRow("switch with value")
        << QStringList{"--summary=yes"} << "--summary: takes no value";
    QTest::newRow("unknown task") << QStringList{"--task", "juggle"}
                                  << "--task: unknown task 'juggle'";
    QTest::newRow("bad task length")
        << QStringList{"--describe-data", "--task", "copy", "--max-length", "2"}
        << "invalid task: max_length: 2 is below min_length 5";
    QTest::newRow("bad tokenizer") << QStringList{"--tokenizer", "bytes"}
                                   << "--tokenizer: expected char, word or sentencepiece";
    QTest::newRow("target without source")
        << QStringList{"--corpus-target", "b.txt"} << "--corpus-target: needs --corpus";
    QTest::newRow("missing corpus") << QStringList{"--describe-data", "--corpus", "/no/such.tsv"}
                                    << "/no/such.tsv: no such file";
    QTest::newRow("train on missing corpus")
        << QStringList{"--corpus", "/no/such.tsv", "--epochs", "1"} << "/no/such.tsv: no such file";
    QTest::newRow("zero epochs") << QStringList{"--epochs", "0"}
                                 << "invalid training setting: epochs: 0 must be at least 1";
    QTest::newRow("negative batch")
        << QStringList{"--batch-size", "-4"} << "batch_size: -4 must be at least 1";
    QTest::newRow("bad device")
        << QStringList{"--device", "tpu"}
        << "device: expected auto, cpu, cuda or cuda:N (N from 0), got 'tpu'";
    QTest::newRow("bad device number")
        << QStringList{"--device", "cuda:one"} << "device: expected auto, cpu, cuda or cuda:N";
    QTest::newRow("amp on cpu") << QStringList{"--device", "cpu", "--amp", "--epochs", "1"}
                                << "amp: mixed precision needs a CUDA device";
    QTest::newRow("graphs on cpu")
        << QStringList{"--device", "cpu", "--cuda-graphs", "--epochs", "1"}
        << "cuda_graphs: CUDA graphs need a CUDA device";
    QTest::newRow("graphs benchmark on cpu")
        << QStringList{"--bench", "bench-tiny", "--device", "cpu", "--cuda-graphs"}
        << "cuda_graphs: CUDA graphs need a CUDA device";
    QTest::newRow("graphs with ranks")
        << QStringList{"--nproc", "2", "--cuda-graphs"} << "cuda_graphs: one process only";
    QTest::newRow("fp16 on cpu") << QStringList{"--device", "cpu", "--amp", "fp16", "--epochs", "1"}
                                 << "amp: mixed precision needs a CUDA device";
    QTest::newRow("bf16 on cpu") << QStringList{"--device=cpu", "--amp=bf16", "--epochs", "1"}
                                 << "amp: mixed precision needs a CUDA device";
    QTest::newRow("bad amp") << QStringList{"--amp", "half"}
                             << "--amp: expected bf16, fp16, auto or off, got 'half'";
    QTest::newRow("bad smoothing")
        << QStringList{"--label-smoothing", "1.5"} << "label_smoothing: 1.5 is outside [0, 1)";
    QTest::newRow("bad lr") << QStringList{"--lr", "-1"} << "lr: must be greater than 0";
    QTest::newRow("bad schedule") << QStringList{"--schedule", "cosine"}
                                  << "--schedule: expected noam or constant";
    QTest::newRow("bad impl") << QStringList{"--impl", "keras"}
                              << "--impl: expected scratch, library or both";
    QTest::newRow("resume missing")
        << QStringList{"--resume", "/no/such/run"} << "/no/such/run: no such run directory";
    QTest::newRow("missing config")
        << QStringList{"--config", "/no/such.json"} << "--config: cannot read '/no/such.json'";
  }

  void badUsage() {
    QFETCH(QStringList, arguments);
    arguments = QStringList{"--out", m_runs.path()} + arguments;
    QFETCH(QString, message);
    const Run run = run_train(arguments);
    QCOMPARE(run.exit_code, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QCOMPARE(run.err.count('\n'), 1);  // one line
    QVERIFY(run.out.isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
