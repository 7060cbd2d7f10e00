// Schedule, label-smoothed loss, accumulation, clipping and the fused Adam.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>
#include <limits>
#include <sstream>

#include "data/batcher.h"
#include "kernels/isa.h"
#include "model/model_factory.h"
#include "random_batch.h"
#include "torch_compat.h"
#include "train/fused_loss.h"
#include "train/mixed_precision.h"
#include "train/optimization.h"

using namespace attn;

class TestOptimization : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void noamSchedule_data() {
    QTest::addColumn<qint64>("step");
    QTest::newRow("1") << qint64{1};
    QTest::newRow("100") << qint64{100};
    QTest::newRow("3999") << qint64{3999};
    QTest::newRow("4000") << qint64{4000};
    QTest::newRow("4001") << qint64{4001};
    QTest::newRow("100000") << qint64{100000};
  }

  // §5.3 with d_model 512 and warmup 4000.
  void noamSchedule() {
    QFETCH(qint64, step);
    const double expected = std::pow(512.0, -0.5) *
                            std::min(std::pow(double(step), -0.5), step * std::pow(4000.0, -1.5));
    QVERIFY(std::abs(noam_learning_rate(step, 512, 1.0, 4000) - expected) < 1e-15);
    QVERIFY(std::abs(noam_learning_rate(step, 512, 2.0, 4000) - 2 * expected) < 1e-15);
  }

  void noamPeaksAtWarmup() {
    const double peak = noam_learning_rate(4000, 512, 1.0, 4000);
    QVERIFY(noam_learning_rate(3999, 512, 1.0, 4000) < peak);
    QVERIFY(noam_learning_rate(4001, 512, 1.0, 4000) < peak);
    QVERIFY(std::abs(peak - 7.0e-4) < 1e-5);  // the paper's schedule peaks near 7e-4
    TrainConfig constant;
    constant.schedule = LrSchedule::Constant;
    constant.lr = 3e-4;
    QCOMPARE(learning_rate(constant, 512, 12345), 3e-4);
  }

  // Two positions, three classes (class 0 is <pad>), ε = 0.1, by hand:
  //   logits (0, 0, 0), label 1 → log p = −ln 3 everywhere: loss = ln 3
  //   logits (0, ln 2, 0), label 1 → p = (1/4, 1/2, 1/4):
  //   0.9·ln 2 + 0.1·(ln 4 + ln 2 + ln 4)/3
  void labelSmoothedLossByHand() {
    auto logits = torch::tensor({{{0.0f, 0.0f, 0.0f}, {0.0f, float(std::log(2.0)), 0.0f}}});
    auto labels = torch::tensor({{1, 1}}, torch::kLong);
    const double expected =
        std::log(3.0) + 0.9 * std::log(2.0) + 0.1 * (std::log(2.0) + 2 * std::log(4.0)) / 3;
    const double actual = label_smoothed_loss_sum(logits, labels, 0.1).item<double>();
    QVERIFY2(std::abs(actual - expected) < 1e-6,
             qPrintable(QString("%1 vs %2").arg(actual).arg(expected)));
    // A position whose label is <pad> adds nothing, whatever its logits.
    auto padded_labels = torch::tensor({{1, 1, 0}}, torch::kLong);
    auto padded_logits = torch::cat({logits, torch::full({1, 1, 3}, 5.0f)}, 1);
    QVERIFY(std::abs(label_smoothed_loss_sum(padded_logits, padded_labels, 0.1).item<double>() -
                     expected) < 1e-6);
  }

  // Same definition as LibTorch's cross_entropy(label_smoothing), pads ignored.
  void matchesLibTorchCrossEntropy() {
    torch::manual_seed(3);
    auto logits = torch::randn({4, 7, 11});
    auto labels = torch::randint(1, 11, {4, 7}, torch::kLong);
    labels[1][6] = 0;
    labels[3][5] = 0;
    const auto count = labels.ne(0).sum().item<double>();
    const double ours = label_smoothed_loss_sum(logits, labels, 0.1).item<double>() / count;
    const double library =
        torch::nn::functional::cross_entropy(
            logits.reshape({-1, 11}), labels.reshape({-1}),
            torch::nn::functional::CrossEntropyFuncOptions().ignore_index(0).label_smoothing(0.1))
            .item<double>();
    QVERIFY2(std::abs(ours - library) < 1e-5,
             qPrintable(QString("%1 vs %2").arg(ours).arg(library)));
  }

  void fusedProjectionLossMatches_data() {
    QTest::addColumn<int>("classes");
    QTest::addColumn<double>("smoothing");
    QTest::addColumn<bool>("baseline");
    for (const bool baseline : {false, true}) {
      const char* isa = baseline ? "baseline" : "avx2";
      QTest::newRow(qPrintable(QString("37 classes, ε 0.1, %1").arg(isa))) << 37 << 0.1 << baseline;
      QTest::newRow(qPrintable(QString("37 classes, ε 0, %1").arg(isa))) << 37 << 0.0 << baseline;
      QTest::newRow(qPrintable(QString("5 classes, ε 0.1, %1").arg(isa))) << 5 << 0.1 << baseline;
      QTest::newRow(qPrintable(QString("1000 classes, ε 0.1, %1").arg(isa)))
          << 1000 << 0.1 << baseline;
    }
  }

  // The fused projection + loss node gives label_smoothed_loss_sum's value and
  // the same gradients for the states and the projection, pads ignored, with
  // an incoming gradient that is not 1 (as 1 / tokens is).
  void fusedProjectionLossMatches() {
    QFETCH(int, classes);
    QFETCH(double, smoothing);
    QFETCH(bool, baseline);
    kernels::force_baseline_isa(baseline);
    torch::manual_seed(classes);
    const auto states = (torch::randn({3, 6, 16}) * 2).requires_grad_();
    const auto weight = (torch::randn({classes, 16}) * 0.5).requires_grad_();
    auto labels = torch::randint(1, classes, {3, 6}, torch::kLong);
    labels[0][5] = 0;
    labels[2][0] = 0;
    QVERIFY(projected_loss_fusable(states, weight));

    const auto expected =
        label_smoothed_loss_sum(torch::nn::functional::linear(states, weight), labels, smoothing);
    (expected * 0.37).backward();
    const auto expected_states = states.grad().clone(), expected_weight = weight.grad().clone();
    states.mutable_grad() = torch::Tensor();
    weight.mutable_grad() = torch::Tensor();

    const auto fused = projected_label_smoothed_loss_sum(states, weight, labels, smoothing);
    (fused * 0.37).backward();
    kernels::force_baseline_isa(false);
    const double loss_gap = std::abs(fused.item<double>() - expected.item<double>());
    QVERIFY2(
        loss_gap < 1e-5 * std::max(1.0, std::abs(expected.item<double>())),
        qPrintable(QString("%1 vs %2").arg(fused.item<double>()).arg(expected.item<double>())));
    const double states_gap = (states.grad() - expected_states).abs().max().item<double>();
    const double weight_gap = (weight.grad() - expected_weight).abs().max().item<double>();
    QVERIFY2(states_gap < 1e-5, qPrintable(QString::number(states_gap)));
    QVERIFY2(weight_gap < 1e-5, qPrintable(QString::number(weight_gap)));
    // A padded position's row has no gradient at all.
    QCOMPARE(states.grad()[0][5].abs().max().item<double>(), 0.0);
  }

  void fusedProjectionLossOfOnlyPadding() {
    const auto states = torch::randn({2, 3, 8}).requires_grad_();
    const auto weight = torch::randn({11, 8}).requires_grad_();
    const auto loss =
        projected_label_smoothed_loss_sum(states, weight, torch::zeros({2, 3}, torch::kLong), 0.1);
    loss.backward();
    QCOMPARE(loss.item<double>(), 0.0);
    QCOMPARE(states.grad().abs().max().item<double>(), 0.0);
    QCOMPARE(weight.grad().abs().max().item<double>(), 0.0);
  }

  // A label outside the vocabulary is refused with its position, not read
  // out of bounds.
  void fusedProjectionLossRefusesBadLabels() {
    const auto states = torch::randn({1, 2, 8});
    const auto weight = torch::randn({11, 8});
    try {
      (void)projected_label_smoothed_loss_sum(states, weight, torch::tensor({{3, 11}}), 0.1);
      QFAIL("accepted label 11 of 11 classes");
    } catch (const c10::Error& error) {
      QVERIFY2(QString(error.what()).contains("label 11 at position 1"), error.what());
    }
  }

  // One optimizer step over two micro-batches equals one step over their union.
  void accumulationEquivalence() {
    ModelConfig config;
    config.src_vocab_size = config.tgt_vocab_size = 30;
    config.d_model = 32;
    config.heads = 4;
    config.d_ff = 64;
    config.dropout = 0.0;
    std::vector<EncodedExample> examples;
    torch::manual_seed(5);
    for (int i = 0; i < 8; ++i) {
      auto source = torch::randint(4, 30, {3 + i % 5}, torch::kLong);
      auto target = torch::randint(4, 30, {2 + i % 4}, torch::kLong);
      examples.push_back({std::vector<int>(source.data_ptr<int64_t>(),
                                           source.data_ptr<int64_t>() + source.numel()),
                          std::vector<int>(target.data_ptr<int64_t>(),
                                           target.data_ptr<int64_t>() + target.numel())});
    }
    Batcher batcher(examples, 8, false, 1);
    TrainConfig train;
    auto step = [&](const std::vector<std::vector<std::size_t>>& groups) {
      auto model = make_model(config, Implementation::Scratch, 11);
      auto optimizer = make_adam(model->parameters(), train, config.d_model);
      set_learning_rate(optimizer, 1e-3);
      std::vector<Batch> micro;
      for (const auto& group : groups) micro.push_back(batcher.make_batch(group, torch::kCPU));
      optimizer.zero_grad();
      const double loss = accumulate_gradients(*model, micro, 0.1).item<double>();
      std::vector<torch::Tensor> gradients;
      for (const auto& p : model->parameters()) gradients.push_back(p.grad().clone());
      optimizer.step();
      return std::make_tuple(loss, model, gradients);
    };
    auto [combined_loss, combined, combined_grads] = step({{0, 1, 2, 3, 4, 5, 6, 7}});
    auto [accumulated_loss, accumulated, accumulated_grads] = step({{0, 1, 2}, {3, 4, 5, 6, 7}});
    QVERIFY(std::abs(combined_loss - accumulated_loss) < 1e-5);
    double gradient_gap = 0;
    for (size_t i = 0; i < combined_grads.size(); ++i) {
      gradient_gap = std::max(
          gradient_gap, (combined_grads[i] - accumulated_grads[i]).abs().max().item<double>());
    }
    QVERIFY2(gradient_gap < 1e-6, qPrintable(QString::number(gradient_gap)));
    // Adam's first step is lr·g/(|g| + ε) ≈ lr·sign(g): for gradients within
    // float rounding of zero the sign is noise, so compare the parameters
    // where the gradient is clearly non-zero.
    auto a = combined->parameters(), b = accumulated->parameters();
    double largest = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      auto clear = combined_grads[i].abs().gt(1e-4);
      largest = std::max(largest, (a[i] - b[i]).abs().masked_select(clear).max().item<double>());
    }
    QVERIFY2(largest < 1e-5, qPrintable(QString::number(largest)));
  }

  void clipping() {
    auto p = torch::zeros({3}, torch::requires_grad());
    p.mutable_grad() = torch::tensor({3.0f, 4.0f, 0.0f});  // norm 5
    clip_gradients({p}, 5.0, 1.0);
    QVERIFY(std::abs(p.grad().norm().item<double>() - 1.0) < 1e-5);
    clip_gradients({p}, 1.0, 2.0);  // below the limit: unchanged
    QVERIFY(std::abs(p.grad().norm().item<double>() - 1.0) < 1e-5);
  }

  void fusedAdamMatchesLibTorchAdam() {
    // Ten steps with fresh gradients and a changing learning rate (Noam's
    // warm-up), a parameter that misses a step, shapes that are not a
    // multiple of the vector width: the same parameters and state as
    // LibTorch's Adam, to float rounding.
    torch::manual_seed(3);
    std::vector<torch::Tensor> ours, theirs;
    for (const auto& shape : std::vector<std::vector<int64_t>>{{37, 11}, {5}, {64, 64}}) {
      const auto initial = torch::randn(shape);
      ours.push_back(initial.clone().requires_grad_());
      theirs.push_back(initial.clone().requires_grad_());
    }
    TrainConfig train;
    FusedAdam fused = make_adam(ours, train, /*d_model=*/512);
    torch::optim::Adam reference(theirs, torch::optim::AdamOptions(1.0)
                                             .betas({train.adam_beta1, train.adam_beta2})
                                             .eps(train.adam_eps));
    for (int step = 1; step <= 10; ++step) {
      const double lr = learning_rate(train, 64, step);
      set_learning_rate(fused, lr);
      set_learning_rate(reference, lr);
      for (size_t i = 0; i < ours.size(); ++i) {
        if (i == 1 && step == 4) {  // no gradient this step: skipped by both
          ours[i].mutable_grad() = torch::Tensor();
          theirs[i].mutable_grad() = torch::Tensor();
          continue;
        }
        const auto gradient = torch::randn(ours[i].sizes()) * 0.1;
        ours[i].mutable_grad() = gradient.clone();
        theirs[i].mutable_grad() = gradient.clone();
      }
      fused.step();
      reference.step();
    }
    for (size_t i = 0; i < ours.size(); ++i) {
      const double gap = (ours[i] - theirs[i]).abs().max().item<double>();
      QVERIFY2(gap < 1e-6, qPrintable(QString("parameter %1: %2").arg(i).arg(gap)));
    }
    // The state is Adam's own: a checkpoint written by one loads into the other.
    std::stringstream saved;
    {
      torch::serialize::OutputArchive archive;
      fused.save(archive);
      archive.save_to(saved);
    }
    torch::optim::Adam reloaded(theirs, torch::optim::AdamOptions(1.0));
    torch::serialize::InputArchive archive;
    archive.load_from(saved);
    reloaded.load(archive);
    const auto& state = static_cast<torch::optim::AdamParamState&>(
        *reloaded.state().at(attn::compat::optimizer_state_key(theirs[0])));
    QCOMPARE(state.step(), int64_t{10});
    const auto& reference_state = static_cast<torch::optim::AdamParamState&>(
        *reference.state().at(attn::compat::optimizer_state_key(theirs[0])));
    QVERIFY(torch::allclose(state.exp_avg_sq(), reference_state.exp_avg_sq(), 1e-5, 1e-12));
  }

  // fp16's dynamic loss scale, on CPU tensors: the gradients are divided by
  // the scale, an inf or NaN anywhere marks the step to be skipped and halves
  // the scale, 2000 finite steps in a row double it (torch.amp.GradScaler).
  void lossScalerUnscalesBacksOffAndGrows() {
    attn::LossScaler scaler(true);
    QCOMPARE(scaler.scale(), 65536.0);
    auto weight = torch::zeros({3}, torch::requires_grad());
    auto bias = torch::zeros({2}, torch::requires_grad());
    const auto set_gradients = [&](torch::Tensor w, torch::Tensor b) {
      weight.mutable_grad() = w;
      bias.mutable_grad() = b;
    };

    set_gradients(torch::tensor({65536.0f, -131072.0f, 0.0f}), torch::tensor({32768.0f, 1.0f}));
    scaler.unscale({weight, bias});
    QVERIFY(torch::equal(weight.grad(), torch::tensor({1.0f, -2.0f, 0.0f})));
    QVERIFY(torch::equal(bias.grad(), torch::tensor({0.5f, 1.0f / 65536.0f})));
    QVERIFY(scaler.gradients_finite());
    scaler.update();
    QCOMPARE(scaler.scale(), 65536.0);

    for (const float bad : {std::numeric_limits<float>::infinity(), std::nanf("")}) {
      set_gradients(torch::ones({3}), torch::tensor({1.0f, bad}));
      scaler.unscale({weight, bias});
      QVERIFY(!scaler.gradients_finite());
      scaler.update();
    }
    QCOMPARE(scaler.scale(), 16384.0);  // backed off twice

    // After an overflow the count of finite steps starts again: 1999 finite
    // steps keep the scale, the 2000th doubles it, and a finite step clears
    // the previous step's overflow.
    for (int step = 1; step <= 2000; ++step) {
      set_gradients(torch::ones({3}), torch::ones({2}));
      scaler.unscale({weight, bias});
      QVERIFY(scaler.gradients_finite());
      scaler.update();
      if (step == 1999) QCOMPARE(scaler.scale(), 16384.0);
    }
    QCOMPARE(scaler.scale(), 32768.0);

    // Disabled (fp32, bf16): nothing is scaled and every step counts.
    attn::LossScaler off(false);
    QVERIFY(!off.scale_tensor().defined());
    set_gradients(torch::full({3}, std::numeric_limits<float>::infinity()), torch::ones({2}));
    off.unscale({weight, bias});
    QVERIFY(off.gradients_finite());
    QCOMPARE(off.scale(), 1.0);
    QVERIFY(torch::equal(bias.grad(), torch::ones({2})));
  }

  void fusedAdamFallsBackForWeightDecay() {
    // Options the fused pass does not cover run LibTorch's step.
    auto p = torch::ones({4}, torch::requires_grad());
    auto q = torch::ones({4}, torch::requires_grad());
    FusedAdam fused({p}, torch::optim::AdamOptions(0.1).weight_decay(0.5));
    torch::optim::Adam reference({q}, torch::optim::AdamOptions(0.1).weight_decay(0.5));
    p.mutable_grad() = torch::full({4}, 0.25);
    q.mutable_grad() = torch::full({4}, 0.25);
    fused.step();
    reference.step();
    QVERIFY(torch::equal(p, q));
  }
};

QTEST_GUILESS_MAIN(TestOptimization)
#include "tst_optimization.moc"
