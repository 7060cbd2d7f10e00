// The from-scratch model and the LibTorch-layers twin compute the same thing.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include "model/library_transformer.h"
#include "model/model_factory.h"
#include "random_batch.h"
#include "tiny_run.h"

using namespace attn;

namespace {

constexpr double kTolerance = 1e-5;

ModelConfig config_for(NormPlacement norm, Activation activation) {
  return comparison_model(norm, activation);
}

// Both implementations with the same weights (the scratch model's, copied
// into the library one), in eval mode.
std::pair<Seq2SeqModel, Seq2SeqModel> twins(const ModelConfig& config) {
  auto scratch = make_model(config, Implementation::Scratch, 1);
  auto library = make_model(config, Implementation::Library, 2);
  copy_weights(*scratch, *library);
  scratch->eval();
  library->eval();
  return {scratch, library};
}

// The twins for the current row of parity_data().
std::pair<Seq2SeqModel, Seq2SeqModel> twins_for_row() {
  QFETCH(int, norm);
  QFETCH(int, activation);
  QFETCH(bool, tied);
  auto config = config_for(static_cast<NormPlacement>(norm), static_cast<Activation>(activation));
  config.tie_embeddings = tied;
  return twins(config);
}

double max_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace

class TestLibraryParity : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void parity_data() {
    QTest::addColumn<int>("norm");
    QTest::addColumn<int>("activation");
    QTest::addColumn<bool>("tied");
    QTest::newRow("post-norm relu tied")
        << int(NormPlacement::Post) << int(Activation::ReLU) << true;
    QTest::newRow("post-norm gelu untied")
        << int(NormPlacement::Post) << int(Activation::GELU) << false;
    QTest::newRow("pre-norm relu tied") << int(NormPlacement::Pre) << int(Activation::ReLU) << true;
    QTest::newRow("pre-norm gelu tied") << int(NormPlacement::Pre) << int(Activation::GELU) << true;
    QTest::newRow("post-norm silu untied")
        << int(NormPlacement::Post) << int(Activation::SiLU) << false;
  }

  // With copied weights, in eval mode, on padded batches: logits and every
  // captured tensor agree within 1e-5.
  void parity() {
    auto [scratch, library] = twins_for_row();

    torch::NoGradGuard no_grad;
    for (uint64_t seed : {3, 4, 5}) {
      auto src = test::random_tokens({9, 4, 7, 1}, 40, seed);
      auto tgt = test::random_tokens({6, 8, 2, 5}, 40, seed + 100);
      const double logits = max_difference(scratch->forward(src, tgt), library->forward(src, tgt));
      QVERIFY2(logits < kTolerance, qPrintable(QString("logits differ by %1").arg(logits)));

      ModelTrace a, b;
      auto captured_a = scratch->forward(src, tgt, &a);
      auto captured_b = library->forward(src, tgt, &b);
      QVERIFY(max_difference(captured_a, captured_b) < kTolerance);
      auto compare = [](const AttentionTrace& x, const AttentionTrace& y, const char* what) {
        QVERIFY2(max_difference(x.weights, y.weights) < kTolerance, what);
        QVERIFY2(max_difference(x.q_norm, y.q_norm) < 1e-4, what);
        QVERIFY2(max_difference(x.k_norm, y.k_norm) < 1e-4, what);
        QVERIFY2(max_difference(x.v_norm, y.v_norm) < 1e-4, what);
      };
      for (size_t i = 0; i < a.encoder.size(); ++i) {
        compare(a.encoder[i].self_attention, b.encoder[i].self_attention, "encoder self");
        QVERIFY(max_difference(a.encoder[i].ffn_hidden, b.encoder[i].ffn_hidden) < 1e-4);
        QCOMPARE(a.encoder[i].residual.size(), size_t{2});
        QCOMPARE(b.encoder[i].residual.size(), size_t{2});
        for (size_t r = 0; r < 2; ++r) {
          QVERIFY(max_difference(a.encoder[i].residual[r], b.encoder[i].residual[r]) < 1e-4);
        }
      }
      for (size_t i = 0; i < a.decoder.size(); ++i) {
        compare(a.decoder[i].self_attention, b.decoder[i].self_attention, "decoder self");
        compare(a.decoder[i].cross_attention, b.decoder[i].cross_attention, "cross");
        QVERIFY(max_difference(a.decoder[i].ffn_hidden, b.decoder[i].ffn_hidden) < 1e-4);
        QCOMPARE(b.decoder[i].residual.size(), size_t{3});
        for (size_t r = 0; r < 3; ++r) {
          QVERIFY(max_difference(a.decoder[i].residual[r], b.decoder[i].residual[r]) < 1e-4);
        }
      }
    }
  }

  // The backward pass too: with copied weights, in eval mode (no dropout), on
  // padded batches, every parameter's gradient of the same loss agrees. This
  // covers the hand-written backward passes (batched products, the fused
  // masked softmax) against LibTorch's autograd of its own modules.
  void gradientsMatchLibrary_data() { parity_data(); }

  void gradientsMatchLibrary() {
    auto [scratch, library] = twins_for_row();
    auto src = test::random_tokens({9, 4, 7, 1}, 40, 21);
    auto tgt = test::random_tokens({6, 8, 2, 5}, 40, 22);
    torch::manual_seed(23);
    const auto upstream = torch::randn({4, 8, 40});
    (scratch->forward(src, tgt) * upstream).sum().backward();
    (library->forward(src, tgt) * upstream).sum().backward();
    const auto theirs = library->named_parameters(/*recurse=*/true);
    int compared = 0;
    for (const auto& ours : scratch->named_parameters(/*recurse=*/true)) {
      const torch::Tensor* match = theirs.find(ours.key());
      QVERIFY2(match != nullptr, ours.key().c_str());
      QVERIFY2(ours.value().grad().defined() && match->grad().defined(), ours.key().c_str());
      const double difference = max_difference(ours.value().grad(), match->grad());
      QVERIFY2(torch::allclose(ours.value().grad(), match->grad(), /*rtol=*/1e-5, /*atol=*/1e-5),
               qPrintable(QString("%1: gradients differ by %2")
                              .arg(QString::fromStdString(ours.key()))
                              .arg(difference)));
      ++compared;
    }
    QVERIFY(compared > 20);
  }

  // The capture path replays the layers' sub-modules; it must equal the
  // layers' own forward.
  void replayEqualsLibraryForward() {
    auto config = config_for(NormPlacement::Post, Activation::ReLU);
    auto model = make_model(config, Implementation::Library, 9);
    model->eval();
    auto* library = dynamic_cast<LibraryTransformerImpl*>(model.get());
    QVERIFY(library != nullptr);
    auto src = test::random_tokens({8, 3}, 40, 10);
    auto tgt = test::random_tokens({4, 7}, 40, 11);
    torch::NoGradGuard no_grad;
    auto own = model->forward(src, tgt);
    library->set_always_replay(true);
    auto replayed = model->forward(src, tgt);
    QVERIFY(max_difference(own, replayed) < kTolerance);
  }

  void copyBothWays() {
    auto config = config_for(NormPlacement::Post, Activation::ReLU);
    auto scratch = make_model(config, Implementation::Scratch, 1);
    auto library = make_model(config, Implementation::Library, 2);
    copy_weights(*library, *scratch);
    scratch->eval();
    library->eval();
    auto src = test::random_tokens({5}, 40, 12);
    auto tgt = test::random_tokens({5}, 40, 13);
    torch::NoGradGuard no_grad;
    QVERIFY(max_difference(scratch->forward(src, tgt), library->forward(src, tgt)) < kTolerance);
  }

  void copyRejectsOtherShapes() {
    auto a =
        make_model(config_for(NormPlacement::Post, Activation::ReLU), Implementation::Scratch, 1);
    auto other = config_for(NormPlacement::Post, Activation::ReLU);
    other.d_ff = 128;
    auto b = make_model(other, Implementation::Library, 1);
    try {
      copy_weights(*a, *b);
      QFAIL("expected an error");
    } catch (const std::invalid_argument& e) {
      QVERIFY2(QString(e.what()).contains("linear1.weight' has another shape"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestLibraryParity)
#include "tst_library_parity.moc"
