// Batching: padding, masks, teacher-forcing shift, seeded order.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <set>

#include "attn/tokenizer.h"
#include "data/batcher.h"

using namespace attn;

class TestBatcher : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void handWrittenBatch() {
    const std::vector<EncodedExample> examples = {
        {{5, 6, 7}, {8, 9}},
        {{10}, {11, 12, 13, 14}},
    };
    Batcher batcher(examples, 2, false, 1);
    const Batch batch = batcher.make_batch({0, 1}, torch::kCPU);
    // Sources end with <eos> and are padded with 0.
    QVERIFY(torch::equal(
        batch.src, torch::tensor({{5, 6, 7, kEosToken}, {10, kEosToken, 0, 0}}, torch::kLong)));
    // Decoder input: <bos> + target; labels: target + <eos>.
    QVERIFY(torch::equal(
        batch.tgt_in,
        torch::tensor({{kBosToken, 8, 9, 0, 0}, {kBosToken, 11, 12, 13, 14}}, torch::kLong)));
    QVERIFY(torch::equal(
        batch.tgt_out,
        torch::tensor({{8, 9, kEosToken, 0, 0}, {11, 12, 13, 14, kEosToken}}, torch::kLong)));
    QVERIFY(torch::equal(batch.src_padding, torch::tensor({{false, false, false, false},
                                                           {false, false, true, true}})));
    QVERIFY(torch::equal(batch.tgt_padding, torch::tensor({{false, false, false, true, true},
                                                           {false, false, false, false, false}})));
    QCOMPARE(batch.target_tokens, int64_t{3 + 5});
    // Causal mask: 0 on and below the diagonal, -inf above.
    QCOMPARE(batch.causal.sizes().vec(), (std::vector<int64_t>{5, 5}));
    QCOMPARE(batch.causal[2][2].item<float>(), 0.0f);
    QCOMPARE(batch.causal[2][1].item<float>(), 0.0f);
    QVERIFY(std::isinf(batch.causal[2][3].item<float>()) && batch.causal[2][3].item<float>() < 0);
  }

  void epochOrderIsSeeded() {
    std::vector<EncodedExample> examples;
    for (int i = 0; i < 103; ++i) examples.push_back({std::vector<int>(1 + i % 17, 5), {6}});
    Batcher a(examples, 10, false, 7), b(examples, 10, false, 7), c(examples, 10, false, 8);
    QCOMPARE(a.epoch_batches(0), b.epoch_batches(0));
    QVERIFY(a.epoch_batches(0) != a.epoch_batches(1));
    QVERIFY(a.epoch_batches(0) != c.epoch_batches(0));
    // Every example exactly once per epoch; the last batch holds the rest.
    const auto batches = a.epoch_batches(3);
    QCOMPARE(batches.size(), size_t{11});
    QCOMPARE(batches.back().size(), size_t{3});
    std::set<size_t> seen;
    for (const auto& batch : batches) seen.insert(batch.begin(), batch.end());
    QCOMPARE(seen.size(), size_t{103});
  }

  void bucketingReducesPadding() {
    std::vector<EncodedExample> examples;
    for (int i = 0; i < 400; ++i) examples.push_back({std::vector<int>(1 + (i * 37) % 50, 5), {6}});
    auto padding = [&](bool bucket) {
      Batcher batcher(examples, 16, bucket, 3);
      int64_t pads = 0;
      for (const auto& indices : batcher.epoch_batches(0)) {
        pads += batcher.make_batch(indices, torch::kCPU).src_padding.sum().item<int64_t>();
      }
      return pads;
    };
    QVERIFY(padding(true) * 3 < padding(false));
    Batcher bucketed(examples, 16, true, 3);
    std::set<size_t> seen;
    for (const auto& batch : bucketed.epoch_batches(2)) seen.insert(batch.begin(), batch.end());
    QCOMPARE(seen.size(), size_t{400});
  }
};

QTEST_GUILESS_MAIN(TestBatcher)
#include "tst_batcher.moc"
