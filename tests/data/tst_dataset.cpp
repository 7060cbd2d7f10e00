// From a data configuration to encoded splits with statistics.

#include <QtTest/QtTest>

#include "attn/dataset.h"

using namespace attn;

class TestDataset : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void taskData() {
    DataConfig config;
    config.task.name = "reverse";
    config.task.train_size = 200;
    config.task.eval_size = 20;
    const auto result = prepare_data(config);
    QVERIFY2(result.ok(), result.error.english().c_str());
    const auto& data = result.data;
    QCOMPARE(data.train_encoded.size(), size_t{200});
    QCOMPARE(data.eval_encoded.size(), size_t{20});
    QCOMPARE(data.train_alignment.size(), size_t{200});
    QCOMPARE(data.stats.source_vocab, 4 + 10);  // specials + 10 symbols
    QCOMPARE(data.tokenizers.target->decode(data.train_encoded[5].target), data.train[5].target);
    // The histogram counts every training pair once.
    size_t total = 0;
    for (size_t count : data.stats.source_length_histogram) total += count;
    QCOMPARE(total, size_t{200});
    QCOMPARE(data.stats.max_source_tokens, size_t{10});
    QCOMPARE(data.stats.eval_oov_rate, 0.0);
    const QString text = QString::fromStdString(describe_data(data));
    QVERIFY(text.contains("pairs: 200 train, 20 eval"));
    QVERIFY(text.contains("first 5 training pairs"));
  }

  void alignmentDroppedForSubwordTokens() {
    DataConfig config;
    config.task.name = "copy";
    config.task.train_size = 100;
    config.task.eval_size = 10;
    config.tokenizer.kind = TokenizerKind::Word;
    const auto result = prepare_data(config);
    QVERIFY(result.ok());
    QVERIFY(result.data.train_alignment.empty());
  }

  void corpusSplitAndOov() {
    QTemporaryDir dir;
    const QString path = dir.filePath("pairs.tsv");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 100; ++i)
      file.write(QByteArray("word") + QByteArray::number(i % 10) + "\tw" + QByteArray::number(i) +
                 "\n");
    file.close();
    DataConfig config;
    config.use_corpus = true;
    config.corpus.path = path.toStdString();
    config.corpus_eval_size = 50;  // capped at a fifth of the corpus
    config.tokenizer.kind = TokenizerKind::Word;
    const auto result = prepare_data(config);
    QVERIFY2(result.ok(), result.error.english().c_str());
    QCOMPARE(result.data.eval.size(), size_t{20});
    QCOMPARE(result.data.train.size(), size_t{80});
    // Each target word "w<i>" is unique, so every eval target is unknown:
    // 20 of the 40 eval tokens.
    QCOMPARE(result.data.stats.eval_oov_rate, 0.5);
    // Deterministic split.
    const auto again = prepare_data(config);
    QVERIFY(again.data.eval == result.data.eval);
  }

  void errorsAreOneLine() {
    DataConfig config;
    config.use_corpus = true;
    config.corpus.path = "/nonexistent/pairs.tsv";
    auto result = prepare_data(config);
    QCOMPARE(QString::fromStdString(result.error.english()),
             QString("/nonexistent/pairs.tsv: no such file"));
    config.use_corpus = false;
    config.task.name = "copy";
    config.task.max_length = 2;
    result = prepare_data(config);
    QVERIFY2(QString::fromStdString(result.error.english())
                 .contains("max_length: 2 is below min_length 5"),
             result.error.english().c_str());
  }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
