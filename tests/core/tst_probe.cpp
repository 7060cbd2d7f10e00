// The probe pass and gradient statistics fill the torch-free structures.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>

#include "model/model_factory.h"
#include "probe/gradient_stats.h"
#include "probe/probe.h"
#include "random_batch.h"

using namespace attn;

namespace {

ModelConfig probe_config() {
  ModelConfig c;
  c.src_vocab_size = c.tgt_vocab_size = 30;
  c.d_model = 32;
  c.heads = 4;
  c.enc_layers = 2;
  c.dec_layers = 3;
  c.d_ff = 64;
  c.max_len = 32;
  return c;
}

}  // namespace

class TestProbe : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void snapshotShapes_data() {
    QTest::addColumn<int>("implementation");
    QTest::newRow("scratch") << int(Implementation::Scratch);
    QTest::newRow("library") << int(Implementation::Library);
  }

  void snapshotShapes() {
    QFETCH(int, implementation);
    auto model = make_model(probe_config(), static_cast<Implementation>(implementation), 3);
    model->train();
    auto src = test::random_tokens({6, 3}, 30, 1);
    auto tgt = test::random_tokens({4, 7}, 30, 2);
    const Snapshot snapshot = capture_snapshot(*model, src, tgt);
    QVERIFY(model->is_training());  // restored

    QCOMPARE(snapshot.examples.size(), size_t{2});
    const auto& second = snapshot.examples[1];
    QCOMPARE(second.src_tokens.size(), size_t{3});
    QCOMPARE(second.tgt_tokens.size(), size_t{7});
    QCOMPARE(second.src_tokens[0], static_cast<int>(src[1][0].item<int64_t>()));
    QCOMPARE(second.encoder_self.size(), size_t{2});
    QCOMPARE(second.decoder_self.size(), size_t{3});
    QCOMPARE(second.cross.size(), size_t{3});
    const AttentionHeads& cross = second.cross[2];
    QCOMPARE(cross.heads, 4);
    QCOMPARE(cross.queries, 7);
    QCOMPARE(cross.keys, 3);
    QCOMPARE(cross.weights.size(), size_t{4 * 7 * 3});
    QCOMPARE(second.encoder_self[0].queries, 3);
    QCOMPARE(second.decoder_self[0].keys, 7);
    // Trimmed rows still sum to 1: nothing fell on the padding.
    for (int h = 0; h < cross.heads; ++h) {
      for (int q = 0; q < cross.queries; ++q) {
        double sum = 0;
        for (int k = 0; k < cross.keys; ++k) sum += cross.at(h, q, k);
        QVERIFY(std::abs(sum - 1.0) < 1e-5);
      }
    }

    QCOMPARE(snapshot.encoder.size(), size_t{2});
    QCOMPARE(snapshot.decoder.size(), size_t{3});
    QCOMPARE(snapshot.encoder[0].self_attention.q.size(), size_t{4});
    QVERIFY(snapshot.encoder[0].cross_attention.q.empty());
    QCOMPARE(snapshot.decoder[1].cross_attention.v.size(), size_t{4});
    QCOMPARE(snapshot.encoder[1].residual_norms.size(), size_t{2});
    QCOMPARE(snapshot.decoder[1].residual_norms.size(), size_t{3});
    const FfnStats& ffn = snapshot.decoder[0].ffn;
    QVERIFY(ffn.dead_fraction > 0.0f && ffn.dead_fraction < 1.0f);  // ReLU kills some units
    QVERIFY(ffn.max >= ffn.mean);
    QVERIFY(ffn.std > 0.0f);
    for (float norm : snapshot.encoder[0].self_attention.k) QVERIFY(norm > 0.0f);
  }

  // The snapshot's numbers are the trace's numbers at the real positions.
  void snapshotValuesMatchTrace() {
    auto model = make_model(probe_config(), Implementation::Scratch, 4);
    model->eval();
    auto src = test::random_tokens({5, 2}, 30, 5);
    auto tgt = test::random_tokens({3, 6}, 30, 6);
    ModelTrace trace;
    torch::NoGradGuard no_grad;
    model->forward(src, tgt, &trace);
    const Snapshot snapshot = snapshot_from_trace(trace, src, tgt);

    auto weights = trace.decoder[1].cross_attention.weights;  // [2, 4, 6, 5]
    const auto& example = snapshot.examples[0];               // 5 source, 3 target tokens
    QCOMPARE(example.cross[1].at(2, 1, 4), weights[0][2][1][4].item<float>());

    // Mean query norm of head 3 in encoder layer 0 over the 7 real positions.
    auto q = trace.encoder[0].self_attention.q_norm;  // [2, 4, 5]
    const double expected =
        (q[0][3].sum().item<double>() + q[1][3].narrow(0, 0, 2).sum().item<double>()) / 7.0;
    QVERIFY(std::abs(snapshot.encoder[0].self_attention.q[3] - expected) < 1e-5);

    // Dead fraction over the 9 real target positions of decoder layer 2.
    auto hidden = trace.decoder[2].ffn_hidden;  // [2, 6, 64]
    auto real = torch::cat({hidden[0].narrow(0, 0, 3), hidden[1]});
    const double dead = real.le(0).to(torch::kFloat64).mean().item<double>();
    QVERIFY(std::abs(snapshot.decoder[2].ffn.dead_fraction - dead) < 1e-6);
  }

  void gradientStats() {
    auto model = make_model(probe_config(), Implementation::Scratch, 8);
    auto src = test::random_tokens({6, 4}, 30, 9);
    auto tgt = test::random_tokens({5, 5}, 30, 10);
    auto logits = model->forward(src, tgt);
    torch::nn::functional::cross_entropy(logits.reshape({-1, 30}), tgt.reshape({-1})).backward();

    const GradientStats stats = gradient_stats(*model);
    double total = 0;
    for (const auto& p : model->parameters()) total += p.grad().pow(2).sum().item<double>();
    QVERIFY(std::abs(stats.global_norm - std::sqrt(total)) < 1e-4 * std::sqrt(total));

    QCOMPARE(stats.encoder.size(), size_t{2});
    QCOMPARE(stats.decoder.size(), size_t{3});
    const auto& layer = *dynamic_cast<torch::nn::Module*>(model.get());
    auto named = layer.named_parameters();
    double ffn = 0;
    for (const char* name : {"decoder.1.linear1.weight", "decoder.1.linear1.bias",
                             "decoder.1.linear2.weight", "decoder.1.linear2.bias"}) {
      ffn += named[name].grad().pow(2).sum().item<double>();
    }
    QVERIFY(std::abs(stats.decoder[1].ffn - std::sqrt(ffn)) < 1e-4 * std::sqrt(ffn) + 1e-9);
    QVERIFY(stats.embedding > 0.0f);
    QVERIFY(stats.decoder[0].attention > 0.0f);
    QVERIFY(stats.decoder[0].grad_to_weight > 0.0f);
  }
};

QTEST_GUILESS_MAIN(TestProbe)
#include "tst_probe.moc"
