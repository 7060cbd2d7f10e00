// What a run refuses before it allocates anything: the device it asks for,
// and a longest pair that the model or the machine's memory cannot hold.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include "tiny_run.h"
#include "train/early_stopping.h"
#include "train/preflight.h"

using namespace attn;

namespace {

// Data whose longest pair has `tokens` tokens on the longer side, from a
// corpus (with the line of that pair) or a task.
PreparedData dataWithLongest(std::size_t tokens, bool corpus) {
  PreparedData data;
  data.name = corpus ? "pairs.tsv" : "copy";
  data.stats.max_source_tokens = tokens;
  data.stats.max_target_tokens = tokens / 2;
  if (corpus) data.stats.longest_pair_at = "pairs.tsv:812";
  TokenizerConfig tokenizer;
  data.tokenizers = train_tokenizers(tokenizer, {{"abc", "abd"}});
  return data;
}

}  // namespace

class TestPreflight : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void deviceRefusals() {
    TrainConfig train;
    Text refusal;
    train.device = "cuda";
    QVERIFY(!choose_device(train, /*cuda_available=*/false, &refusal));
    QVERIFY2(refusal.english().find("device: cuda was asked for") == 0, refusal.english().c_str());
    refusal = {};
    train.device = "cpu";
    train.amp = AmpMode::Float16;
    QVERIFY(!choose_device(train, false, &refusal));
    QVERIFY2(refusal.english().find("amp: mixed precision needs a CUDA device") == 0,
             refusal.english().c_str());
    train.amp = AmpMode::Off;
    train.device = "auto";
    const auto choice = choose_device(train, false, &refusal);
    QVERIFY(choice);
    QVERIFY(choice->device.is_cpu());
    QCOMPARE(choice->description, std::string("cpu"));
    QVERIFY(!choice->loss_scaling);
  }

  // cuda:N names a GPU; plain cuda (and auto with GPUs) is the local rank's,
  // so that the processes of one machine never share a device.
  void cudaDeviceNumbers() {
    TrainConfig train;
    Text refusal;
    train.device = "cuda:1";
    QVERIFY(!choose_device(train, /*cuda_devices=*/1, &refusal));
    QCOMPARE(refusal.english(), std::string("device: cuda:1 is GPU number 1, but this machine has "
                                            "1 CUDA device(s), numbered from 0"));
    auto choice = choose_device(train, 2, &refusal);
    QVERIFY(choice);
    QCOMPARE(choice->device.str(), std::string("cuda:1"));
    QCOMPARE(choice->description, std::string("cuda:1"));
    train.device = "cuda";
    choice = choose_device(train, 2, &refusal, /*local_rank=*/1);
    QVERIFY(choice);
    QCOMPARE(choice->device.str(), std::string("cuda:1"));
    refusal = {};
    QVERIFY(!choose_device(train, 2, &refusal, /*local_rank=*/2));
    QCOMPARE(refusal.english(), std::string("device: cuda (local rank 2) is GPU number 2, but this "
                                            "machine has 2 CUDA device(s), numbered from 0"));
    train.device = "auto";
    choice = choose_device(train, 4, &refusal, 3);
    QVERIFY(choice);
    QCOMPARE(choice->device.str(), std::string("cuda:3"));
    train.amp = AmpMode::BFloat16;
    choice = choose_device(train, 1, &refusal);
    QVERIFY(choice);
    QCOMPARE(choice->description, std::string("cuda:0 (bf16 autocast)"));

    QCOMPARE(cuda_index_of("cuda"), -1);
    QCOMPARE(cuda_index_of("cuda:0"), 0);
    QCOMPARE(cuda_index_of("cuda:12"), 12);
    for (const char* bad : {"cuda:", "cuda:x", "cuda:-1", "cuda:1000", "gpu", "cuda0", "CUDA"}) {
      QVERIFY2(cuda_index_of(bad) == -2, bad);
      TrainConfig wrong;
      wrong.device = bad;
      const auto errors = validate(wrong);
      QVERIFY2(errors.size() == 1 && errors[0].field == "device", bad);
      QVERIFY(errors[0].message.english().find("expected auto, cpu, cuda or cuda:N") !=
              std::string::npos);
    }
  }

  // max_len grows to the longest sequence with <bos> and <eos>, and says so.
  void modelGrowsToTheData() {
    RunConfig config = tiny_task_run("copy", 10, 2);
    config.model.max_len = 20;
    const PreparedData data = dataWithLongest(30, false);
    const ModelFit fit = fit_model_to_data(config, data, 1e12);
    QVERIFY(fit.refusal.empty());
    QCOMPARE(config.model.max_len, 32);
    QCOMPARE(config.model.src_vocab_size, data.tokenizers.source->vocab_size());
    QCOMPARE(fit.notes.size(), std::size_t{1});
    QCOMPARE(fit.notes[0], std::string("max_len raised from 20 to 32 to fit the longest sequence "
                                       "(+ <bos>/<eos>)"));
    // Long enough already: nothing to say.
    QVERIFY(fit_model_to_data(config, data, 1e12).notes.empty());
  }

  void longestPairRefusals_data() {
    QTest::addColumn<int>("tokens");
    QTest::addColumn<bool>("corpus");
    QTest::addColumn<double>("memory");
    QTest::addColumn<QString>("says");
    QTest::newRow("more positions than a model may have, corpus")
        << 70000 << true << 1e15
        << "pairs.tsv:812: the longest pair needs 70002 positions, more than the 65536 a model "
           "may have; drop long pairs with --max-length";
    QTest::newRow("more positions than a model may have, task")
        << 70000 << false << 1e15
        << "the copy task: the longest pair needs 70002 positions, more than the 65536";
    // tiny: 2 + 2 layers, 4 heads, batch 64: 3·4·64·4·6·1002² bytes ≈ 18.5 GB.
    QTest::newRow("attention larger than memory, corpus")
        << 1000 << true << 8e9
        << "pairs.tsv:812: the longest pair needs 1002 positions; a batch of 64 at that length "
           "needs about 18.5 GB for attention alone, more than this machine's 8.0 GB";
    QTest::newRow("attention larger than memory, task")
        << 1000 << false << 8e9 << "the copy task: the longest pair needs 1002 positions; a batch";
    QTest::newRow("fits") << 1000 << false << 64e9 << "";
  }

  void longestPairRefusals() {
    QFETCH(int, tokens);
    QFETCH(bool, corpus);
    QFETCH(double, memory);
    QFETCH(QString, says);
    RunConfig config = tiny_task_run("copy", 10, 2);
    config.data.use_corpus = corpus;
    config.train.batch_size = 64;
    const ModelFit fit =
        fit_model_to_data(config, dataWithLongest(std::size_t(tokens), corpus), memory);
    const QString refusal = QString::fromStdString(fit.refusal.english());
    if (says.isEmpty()) {
      QVERIFY2(refusal.isEmpty(), qPrintable(refusal));
    } else {
      QVERIFY2(refusal.startsWith(says), qPrintable(refusal));
    }
  }

  // Early stopping counts evaluations since the best, and a checkpoint's
  // values carry on where they were.
  void earlyStoppingCountsEvaluations() {
    EarlyStopping stopping(/*patience=*/2);
    QVERIFY(!stopping.has_best());
    QCOMPARE(stopping.best(), 0.0);
    QVERIFY(stopping.record(3.0));
    QVERIFY(!stopping.record(3.0));  // equal is no improvement
    QVERIFY(!stopping.exhausted());
    QVERIFY(stopping.record(2.5));
    QCOMPARE(stopping.evaluations_without_improvement(), 0);
    QVERIFY(!stopping.record(2.6));
    QVERIFY(!stopping.record(std::nan("")));
    QVERIFY(stopping.exhausted());
    EarlyStopping resumed(2);
    resumed.restore(stopping.best(), 1);
    QCOMPARE(resumed.best(), 2.5);
    QVERIFY(!resumed.record(2.7));
    QVERIFY(resumed.exhausted());
    EarlyStopping never(0);
    for (int i = 0; i < 10; ++i) never.record(5.0 + i);
    QVERIFY(!never.exhausted());
  }
};

QTEST_APPLESS_MAIN(TestPreflight)
#include "tst_preflight.moc"
