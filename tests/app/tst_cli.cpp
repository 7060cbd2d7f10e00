// attention-train's options and exit codes, through the real executable.

#include <QtTest/QtTest>

#include "cli_options.h"

namespace {

struct Run {
  int exit_code = -1;
  QString out;
  QString err;
};

Run run_train(const QStringList& arguments) {
  QProcess process;
  process.start(QStringLiteral(ATTN_TRAIN_EXE), arguments);
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

  void helpListsOptionsWithDefaults() {
    const Run run = run_train({"--help"});
    QCOMPARE(run.exit_code, 0);
    QVERIFY(run.out.contains("--d-model, --hidden-size N"));
    QVERIFY(run.out.contains("[tiny]"));
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
    QCOMPARE(run.err.trimmed(), "attention-train: " + file.fileName() + ":2: expected 'source<TAB>target' but found no tab");
    const Run skipped = run_train({"--corpus", file.fileName(), "--describe-data", "--skip-bad-lines"});
    QCOMPARE(skipped.exit_code, 2);  // one pair is too few to split
    QVERIFY2(skipped.err.contains("need at least 2"), qPrintable(skipped.err));
  }

  void badUsage_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "unknown option '--frobnicate'";
    QTest::newRow("missing value") << QStringList{"--summary", "--heads"} << "--heads: expected a value";
    QTest::newRow("not a number") << QStringList{"--heads", "four"} << "--heads: expected an integer, got 'four'";
    QTest::newRow("trailing junk") << QStringList{"--d-ff", "12x"} << "--d-ff: expected an integer, got '12x'";
    QTest::newRow("unknown preset") << QStringList{"--preset", "huge"} << "--preset: unknown preset 'huge'";
    QTest::newRow("bad norm") << QStringList{"--norm", "middle"} << "--norm: expected post or pre";
    QTest::newRow("heads do not divide") << QStringList{"--summary", "--heads", "3"} << "not divisible by 3";
    QTest::newRow("dropout out of range") << QStringList{"--summary", "--dropout", "1.5"} << "dropout: 1.5 is outside [0, 1)";
    QTest::newRow("switch with value") << QStringList{"--summary=yes"} << "--summary: takes no value";
    QTest::newRow("unknown task") << QStringList{"--task", "juggle"} << "--task: unknown task 'juggle'";
    QTest::newRow("bad task length") << QStringList{"--describe-data", "--task", "copy", "--max-length", "2"} << "invalid task: max_length: 2 is below min_length 5";
    QTest::newRow("bad tokenizer") << QStringList{"--tokenizer", "bytes"} << "--tokenizer: expected char, word or sentencepiece";
    QTest::newRow("target without source") << QStringList{"--corpus-target", "b.txt"} << "--corpus-target: needs --corpus";
    QTest::newRow("missing corpus") << QStringList{"--describe-data", "--corpus", "/no/such.tsv"} << "/no/such.tsv: no such file";
  }

  void badUsage() {
    QFETCH(QStringList, arguments);
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
