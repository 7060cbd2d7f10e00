// The hand-written CPU kernels against LibTorch: the batched small matrix
// product (values and gradients, any shape and stride), dropout with
// regenerated masks (distribution, scaling, repeatability, backward = forward),
// the fused masked softmax and its exponential, the post-norm residual
// connection, the activation summary of the probe and the per-parameter passes. Each kernel is
// compiled for two instruction sets; the tests that matter run both.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include "attn/snapshot.h"
#include "kernels/activation_summary.h"
#include "kernels/isa.h"
#include "kernels/parameter_kernels.h"
#include "kernels/softmax_kernel.h"
#include "model/attention_mask.h"
#include "model/attention_softmax.h"
#include "model/batched_matmul.h"
#include "model/dropout.h"
#include "model/residual_norm.h"

using namespace attn;

namespace {

// Values and both gradients of batched_matmul(a, b) against torch::matmul,
// through the same upstream gradient.
void expect_same_as_matmul(const torch::Tensor& a_source, const torch::Tensor& b_source,
                           const std::function<torch::Tensor(const torch::Tensor&)>& view_a,
                           const std::function<torch::Tensor(const torch::Tensor&)>& view_b) {
  auto a1 = a_source.clone().requires_grad_(), b1 = b_source.clone().requires_grad_();
  auto a2 = a_source.clone().requires_grad_(), b2 = b_source.clone().requires_grad_();
  const auto ours = batched_matmul(view_a(a1), view_b(b1));
  const auto theirs = torch::matmul(view_a(a2), view_b(b2));
  QCOMPARE(ours.sizes(), theirs.sizes());
  QVERIFY2(
      torch::allclose(ours, theirs, 1e-5, 1e-5),
      qPrintable(QString("max difference %1").arg((ours - theirs).abs().max().item<double>())));
  const auto upstream = torch::randn(theirs.sizes());
  ours.backward(upstream);
  theirs.backward(upstream);
  QVERIFY(torch::allclose(a1.grad(), a2.grad(), 1e-5, 1e-5));
  QVERIFY(torch::allclose(b1.grad(), b2.grad(), 1e-5, 1e-5));
}

torch::Tensor same(const torch::Tensor& t) { return t; }
torch::Tensor transposed(const torch::Tensor& t) { return t.transpose(-2, -1); }

double correlation(const torch::Tensor& x, const torch::Tensor& y) {
  const auto xc = x - x.mean(), yc = y - y.mean();
  return ((xc * yc).sum() / (xc.norm() * yc.norm())).item<double>();
}

}  // namespace

class TestKernels : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { torch::manual_seed(0); }

  void productMatchesMatmul_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("k");
    // Whole 4×16 tiles, partial tiles in rows and columns, vectors and scalars.
    QTest::newRow("16x16x16") << 12 << 16 << 16 << 16;
    QTest::newRow("odd sizes") << 5 << 7 << 13 << 9;
    QTest::newRow("wide") << 3 << 5 << 41 << 6;
    QTest::newRow("one row") << 4 << 1 << 24 << 8;
    QTest::newRow("one column") << 4 << 9 << 1 << 8;
    QTest::newRow("k = 1") << 2 << 6 << 10 << 1;
    QTest::newRow("64x64x64") << 2 << 64 << 64 << 64;
  }

  void productMatchesMatmul() {
    QFETCH(int, batch);
    QFETCH(int, m);
    QFETCH(int, n);
    QFETCH(int, k);
    for (const bool baseline : {false, true}) {
      kernels::force_baseline_isa(baseline);
      expect_same_as_matmul(torch::randn({batch, m, k}), torch::randn({batch, k, n}), same, same);
      // Operands stored transposed, as the backward pass reads them.
      expect_same_as_matmul(torch::randn({batch, k, m}), torch::randn({batch, n, k}), transposed,
                            transposed);
    }
    kernels::force_baseline_isa(false);
  }

  void attentionLayouts() {
    // [B, T, 3·D] fused projections split into heads: q, k, v are strided
    // views [B, H, T, d_k] over two batch dimensions with unrelated strides.
    const int64_t batch = 3, length = 11, heads = 4, head_dim = 8, d = heads * head_dim;
    const auto heads_of = [&](int part) {
      return [=](const torch::Tensor& qkv) {
        return qkv.narrow(-1, part * d, d).view({batch, length, heads, head_dim}).transpose(1, 2);
      };
    };
    const auto key_transposed = [&](const torch::Tensor& qkv) {
      return heads_of(1)(qkv).transpose(-2, -1);
    };
    expect_same_as_matmul(torch::randn({batch, length, 3 * d}),
                          torch::randn({batch, length, 3 * d}), heads_of(0), key_transposed);
    expect_same_as_matmul(torch::randn({batch, heads, length, length}),
                          torch::randn({batch, length, 3 * d}), same, heads_of(2));
  }

  void emptyAndFallbackShapes() {
    // k = 0 gives zeros; broadcasting and doubles go through torch::matmul.
    QVERIFY(torch::equal(batched_matmul(torch::randn({2, 3, 0}), torch::randn({2, 0, 4})),
                         torch::zeros({2, 3, 4})));
    QCOMPARE(batched_matmul(torch::randn({2, 0, 5}), torch::randn({2, 5, 4})).sizes(),
             (torch::IntArrayRef{2, 0, 4}));
    const auto a = torch::randn({2, 3, 5}), b = torch::randn({5, 4});
    QVERIFY(torch::allclose(batched_matmul(a, b), torch::matmul(a, b)));
    const auto ad = torch::randn({2, 3, 5}, torch::kFloat64),
               bd = torch::randn({2, 5, 4}, torch::kFloat64);
    QVERIFY(torch::equal(batched_matmul(ad, bd), torch::matmul(ad, bd)));
  }

  void sameResultWithTwoThreads() {
    const auto a = torch::randn({64, 16, 16}), b = torch::randn({64, 16, 16});
    at::set_num_threads(1);
    const auto one = batched_matmul(a, b);
    at::set_num_threads(2);
    const auto two = batched_matmul(a, b);
    at::set_num_threads(1);
    QVERIFY(torch::equal(one, two));
  }

  void dropoutKeepsOneMinusPScaled() {
    const double p = 0.1;
    Dropout dropout(p);
    const auto x = torch::rand({1000, 1000}) + 0.5;  // no zeros among the inputs
    const auto y = dropout(x);
    const auto kept = y.ne(0);
    const double kept_fraction = kept.to(torch::kFloat64).mean().item<double>();
    // 10^6 Bernoulli(0.9) draws: standard deviation 3·10^-4.
    QVERIFY2(std::abs(kept_fraction - (1 - p)) < 0.002, qPrintable(QString::number(kept_fraction)));
    QVERIFY(torch::allclose(y.masked_select(kept), x.masked_select(kept) / (1 - p), 1e-6, 0));
    // Rows and columns alike: no position is favoured.
    const auto per_column = kept.to(torch::kFloat64).mean(0);
    QVERIFY(per_column.min().item<double>() > 0.85 && per_column.max().item<double>() < 0.95);
  }

  void dropoutMasksAreIndependent() {
    Dropout dropout(0.5);
    const auto ones = torch::ones({200000});
    const auto first = dropout(ones).ne(0).to(torch::kFloat64),
               second = dropout(ones).ne(0).to(torch::kFloat64);
    QVERIFY(!torch::equal(first, second));
    // Consecutive calls, neighbouring elements: no correlation beyond noise (σ ≈ 0.0022).
    QVERIFY(std::abs(correlation(first, second)) < 0.012);
    QVERIFY(std::abs(correlation(first.narrow(0, 0, 199999), first.narrow(0, 1, 199999))) < 0.012);
  }

  void dropoutRepeatsUnderTheSameSeed() {
    // The same mask whatever the thread count and instruction set.
    Dropout dropout(0.3);
    const auto x = torch::randn({100000});
    torch::manual_seed(5);
    at::set_num_threads(1);
    const auto one_thread = dropout(x);
    torch::manual_seed(5);
    at::set_num_threads(2);
    const auto two_threads = dropout(x);
    at::set_num_threads(1);
    torch::manual_seed(5);
    kernels::force_baseline_isa(true);
    const auto baseline = dropout(x);
    kernels::force_baseline_isa(false);
    QVERIFY(torch::equal(one_thread, two_threads));
    QVERIFY(torch::equal(one_thread, baseline));
  }

  void dropoutGradientUsesTheForwardMask() {
    const double p = 0.25;
    Dropout dropout(p);
    const auto x = (torch::rand({37, 53}) + 0.5).requires_grad_();
    const auto y = dropout(x.transpose(0, 1));  // a non-contiguous input too
    const auto upstream = torch::randn(y.sizes());
    y.backward(upstream);
    const auto mask = y.ne(0).to(torch::kFloat32).transpose(0, 1);
    QVERIFY(torch::allclose(x.grad(), upstream.transpose(0, 1) * mask / (1 - p), 1e-6, 1e-7));
  }

  void reluDropoutIsReluThenDropout() {
    // The fused FFN step against the two steps under the same seed: the same
    // values and, from its output alone, the same gradient.
    Dropout dropout(0.2);
    const auto source = torch::randn({33, 70});
    auto fused_input = source.clone().requires_grad_(),
         plain_input = source.clone().requires_grad_();
    torch::manual_seed(9);
    const auto fused = dropout_of_relu(*dropout, fused_input);
    torch::manual_seed(9);
    const auto plain = dropout(torch::relu(plain_input));
    QVERIFY(torch::equal(fused, plain));
    const auto upstream = torch::randn(fused.sizes());
    fused.backward(upstream);
    plain.backward(upstream);
    QVERIFY(torch::equal(fused_input.grad(), plain_input.grad()));
    // Evaluation: ReLU alone.
    dropout->eval();
    QVERIFY(torch::equal(dropout_of_relu(*dropout, source), torch::relu(source)));
  }

  void dropoutIsTheIdentityInEvaluation() {
    Dropout dropout(0.5);
    dropout->eval();
    const auto x = torch::randn({10, 10});
    QVERIFY(torch::equal(dropout(x), x));
    Dropout none(0.0);
    QVERIFY(torch::equal(none(x), x));
  }

  void sumOfSquaresMatchesTorch() {
    for (const bool baseline : {false, true}) {
      kernels::force_baseline_isa(baseline);
      for (const int64_t count : {0, 1, 15, 16, 17, 5000, 100003}) {
        const auto x = torch::randn({count});
        const double expected = x.to(torch::kFloat64).pow(2).sum().item<double>();
        const double ours = kernels::sum_of_squares(x.data_ptr<float>(), count);
        QVERIFY2(std::abs(ours - expected) <= 1e-6 * expected + 1e-12,
                 qPrintable(QString::number(count)));
      }
    }
    kernels::force_baseline_isa(false);
  }

  void adamUpdateMatchesTheFormula() {
    // Step 3 of Adam(0.9, 0.98, 1e-9) on 1,003 values, written out with tensor operations.
    const double beta1 = 0.9, beta2 = 0.98, eps = 1e-9, lr = 0.01;
    const auto p0 = torch::randn({1003}), g = torch::randn({1003}), m0 = torch::randn({1003}) * 0.1,
               v0 = torch::rand({1003}) * 0.1;
    const double correction1 = 1 - std::pow(beta1, 3), correction2 = 1 - std::pow(beta2, 3);
    const auto m = m0 * beta1 + g * (1 - beta1);
    const auto v = v0 * beta2 + g * g * (1 - beta2);
    const auto expected = p0 - (lr / correction1) * m / (v.sqrt() / std::sqrt(correction2) + eps);
    const kernels::AdamCoefficients coefficients{0.9f,
                                                 0.98f,
                                                 static_cast<float>(1 - beta1),
                                                 static_cast<float>(1 - beta2),
                                                 static_cast<float>(lr / correction1),
                                                 static_cast<float>(std::sqrt(correction2)),
                                                 1e-9f};
    for (const bool baseline : {false, true}) {
      kernels::force_baseline_isa(baseline);
      auto p = p0.clone(), m_state = m0.clone(), v_state = v0.clone();
      kernels::adam_update(p.data_ptr<float>(), g.data_ptr<float>(), m_state.data_ptr<float>(),
                           v_state.data_ptr<float>(), 1003, coefficients);
      QVERIFY(torch::allclose(p, expected, 1e-6, 1e-7));
      QVERIFY(torch::allclose(m_state, m, 1e-6, 1e-8));
      QVERIFY(torch::allclose(v_state, v, 1e-6, 1e-8));
    }
    kernels::force_baseline_isa(false);
  }

  void activationSummaryMatchesTorch() {
    // [3 examples, 5 positions, 67 units] after ReLU, the last positions
    // padding; 67 = eight groups of eight lanes and a partial group.
    const auto hidden = torch::relu(torch::randn({3, 5, 67}));
    const auto real =
        torch::tensor({1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}).to(torch::kBool).view({3, 5});
    const int bins = kFfnHistogramBins;
    const auto selected = hidden.index({real});  // [9, 67]
    const auto histogram =
        torch::histc(selected.reshape({-1}), bins) / static_cast<double>(selected.numel());
    for (const bool baseline : {false, true}) {
      kernels::force_baseline_isa(baseline);
      std::vector<float> out(static_cast<std::size_t>(5 + bins));
      kernels::summarize_activations(hidden.data_ptr<float>(), 15, 67, 67,
                                     real.contiguous().data_ptr<bool>(), bins, out.data());
      QVERIFY(std::abs(out[0] - selected.mean().item<float>()) < 1e-6);
      QVERIFY(std::abs(out[1] - selected.std(/*unbiased=*/false).item<float>()) < 1e-5);
      QCOMPARE(out[2], selected.max().item<float>());
      QVERIFY(std::abs(out[3] - selected.le(0).to(torch::kFloat64).mean().item<float>()) < 1e-6);
      QCOMPARE(out[4], selected.min().item<float>());
      for (int b = 0; b < bins; ++b)
        QVERIFY(std::abs(out[5 + b] - histogram[b].item<float>()) < 1e-6);
    }
    kernels::force_baseline_isa(false);
  }

  void activationSummaryEdgeCases() {
    std::vector<float> out(7);
    // One constant value: torch.histc's [v − 1, v + 1] range puts it in the middle bin.
    const std::vector<float> constant(8, 2.0f);
    const bool all[2] = {true, true};
    kernels::summarize_activations(constant.data(), 2, 4, 4, all, 2, out.data());
    QCOMPARE(out[0], 2.0f);
    QCOMPARE(out[1], 0.0f);
    QCOMPARE(out[5], 0.0f);
    QCOMPARE(out[6], 1.0f);
    // Nothing selected: zeros. An infinite value: statistics, no histogram.
    const bool none[2] = {false, false};
    kernels::summarize_activations(constant.data(), 2, 4, 4, none, 2, out.data());
    QVERIFY(std::all_of(out.begin(), out.end(), [](float v) { return v == 0.0f; }));
    std::vector<float> diverged = constant;
    diverged[3] = std::numeric_limits<float>::infinity();
    kernels::summarize_activations(diverged.data(), 2, 4, 4, all, 2, out.data());
    QVERIFY(std::isinf(out[2]));
    QCOMPARE(out[5] + out[6], 0.0f);
  }

  void expOfNonpositiveIsAccurate() {
    for (const bool baseline : {false, true}) {
      kernels::force_baseline_isa(baseline);
      double worst = 0;
      for (int i = 0; i <= 200000; ++i) {
        const float x = -87.0f * static_cast<float>(i) / 200000.0f;
        const double exact = std::exp(static_cast<double>(x));
        worst = std::max(worst, std::abs(kernels::exp_of_nonpositive(x) - exact) / exact);
      }
      // Two units in the last place of a float are at most 2^-22 ≈ 2.4e-7 relative.
      QVERIFY2(worst < 2.4e-7, qPrintable(QString("relative error %1").arg(worst)));
      QCOMPARE(kernels::exp_of_nonpositive(0.0f), 1.0f);
      QCOMPARE(kernels::exp_of_nonpositive(-88.0f), 0.0f);
      QCOMPARE(kernels::exp_of_nonpositive(-std::numeric_limits<float>::infinity()), 0.0f);
      QVERIFY(std::isnan(kernels::exp_of_nonpositive(std::numeric_limits<float>::quiet_NaN())));
    }
    kernels::force_baseline_isa(false);
  }

  void maskedSoftmaxMatchesTorch_data() {
    QTest::addColumn<int>("queries");
    QTest::addColumn<int>("keys");
    QTest::addColumn<bool>("causal");
    QTest::addColumn<bool>("padding");
    // Whole groups of eight keys, partial groups, a single key; each mask alone and both.
    QTest::newRow("16 keys, no mask") << 16 << 16 << false << false;
    QTest::newRow("16 keys, causal") << 16 << 16 << true << false;
    QTest::newRow("13 keys, padding") << 7 << 13 << false << true;
    QTest::newRow("33 keys, both") << 33 << 33 << true << true;
    QTest::newRow("64 keys, padding") << 5 << 64 << false << true;
    QTest::newRow("1 key") << 3 << 1 << false << false;
  }

  // Values and gradients of the fused step against LibTorch's operations:
  // scale, add the causal mask, fill padded keys with −inf, softmax.
  void maskedSoftmaxMatchesTorch() {
    QFETCH(int, queries);
    QFETCH(int, keys);
    QFETCH(bool, causal);
    QFETCH(bool, padding);
    const int64_t batch = 3, heads = 2;
    const double scale = 0.25;
    const auto scores = torch::randn({batch, heads, queries, keys}) * 4;
    torch::Tensor attn_mask, key_padding;
    if (causal) attn_mask = causal_mask(queries, torch::TensorOptions());
    if (padding) {
      // Each example keeps at least its first key, so no row is all excluded.
      key_padding = torch::rand({batch, keys}).lt(0.3);
      key_padding.select(1, 0).fill_(false);
    }
    auto z = scores.clone().requires_grad_();
    auto expected = z * scale;
    if (causal) expected = expected + attn_mask;
    if (padding) expected = expected.masked_fill(key_padding.unsqueeze(1).unsqueeze(2), -INFINITY);
    expected = torch::softmax(expected, -1);
    const auto upstream = torch::randn(expected.sizes());
    expected.backward(upstream);
    for (const bool baseline : {false, true}) {
      kernels::force_baseline_isa(baseline);
      auto s = scores.clone().requires_grad_();
      const auto ours = attention_softmax(s, scale, key_padding, attn_mask);
      QVERIFY2(torch::allclose(ours, expected, 1e-6, 1e-6),
               qPrintable(
                   QString("max difference %1").arg((ours - expected).abs().max().item<double>())));
      ours.backward(upstream);
      QVERIFY2(torch::allclose(s.grad(), z.grad(), 1e-5, 1e-6),
               qPrintable(QString("gradient differs by %1")
                              .arg((s.grad() - z.grad()).abs().max().item<double>())));
      // Without autograd (the probe pass) the same values.
      torch::NoGradGuard no_grad;
      QVERIFY(
          torch::equal(attention_softmax(scores, scale, key_padding, attn_mask), ours.detach()));
    }
    kernels::force_baseline_isa(false);
  }

  void maskedSoftmaxOfExcludedRowIsZero() {
    // Every key of example 1 padded: zero weights, not NaN; example 0 is a softmax.
    const auto scores = torch::randn({2, 1, 3, 5});
    auto key_padding = torch::zeros({2, 5}, torch::kBool);
    key_padding[1].fill_(true);
    const auto weights = attention_softmax(scores, 1.0, key_padding, {});
    QVERIFY(torch::equal(weights[1], torch::zeros({1, 3, 5})));
    QVERIFY(torch::allclose(weights[0].sum(-1), torch::ones({1, 3})));
    // Types the kernel does not take go through LibTorch's operations.
    const auto doubles = scores.to(torch::kFloat64);
    QVERIFY(torch::allclose(attention_softmax(doubles, 0.5, {}, {}),
                            torch::softmax(doubles * 0.5, -1)));
  }

  void postNormResidualMatchesTheSeparateLayers_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("p");
    QTest::addColumn<bool>("training");
    for (const bool baseline : {false, true}) {
      const QString isa = baseline ? "baseline" : "avx2";
      QTest::newRow(qPrintable("256 wide, dropout 0.1, " + isa)) << 256 << 0.1 << true;
      QTest::newRow(qPrintable("13 wide, dropout 0.3, " + isa)) << 13 << 0.3 << true;
      QTest::newRow(qPrintable("64 wide, dropout 0, " + isa)) << 64 << 0.0 << true;
      QTest::newRow(qPrintable("40 wide, evaluation, " + isa)) << 40 << 0.1 << false;
    }
  }

  // LayerNorm(x + dropout(y)) as one node: the output and the gradients of x,
  // y, γ and β equal those of LibTorch's layer_norm after our dropout and the
  // sum, with the same mask for the same seed. γ and β are not 1 and 0.
  void postNormResidualMatchesTheSeparateLayers() {
    QFETCH(int, width);
    QFETCH(double, p);
    QFETCH(bool, training);
    kernels::force_baseline_isa(QString(QTest::currentDataTag()).endsWith("baseline"));
    torch::nn::LayerNorm norm(torch::nn::LayerNormOptions({width}));
    {
      torch::NoGradGuard no_grad;
      norm->weight.copy_(torch::rand({width}) + 0.5);
      norm->bias.copy_(torch::randn({width}));
    }
    Dropout dropout(p);
    dropout->train(training);
    const auto x = (torch::randn({3, 7, width}) * 3 + 1).requires_grad_();
    const auto y = torch::randn({3, 7, width}).requires_grad_();
    const auto upstream = torch::randn({3, 7, width});
    QVERIFY(post_norm_residual_fusable(*norm, x, y));
    const auto run = [&](bool fused) {
      for (const auto& t : {x, y, norm->weight, norm->bias}) t.mutable_grad() = torch::Tensor();
      torch::manual_seed(42);  // the same dropout key for both
      const auto output = fused ? post_norm_residual(*norm, *dropout, x, y) : norm(x + dropout(y));
      output.backward(upstream);
      return std::vector<torch::Tensor>{output.detach(), x.grad(), y.grad(), norm->weight.grad(),
                                        norm->bias.grad()};
    };
    const auto separate = run(false), fused = run(true);
    kernels::force_baseline_isa(false);
    const char* names[] = {"output", "x gradient", "y gradient", "gamma gradient", "beta gradient"};
    for (std::size_t i = 0; i < separate.size(); ++i) {
      const double gap = (separate[i] - fused[i]).abs().max().item<double>();
      QVERIFY2(gap < 1e-5, qPrintable(QString("%1: %2").arg(names[i]).arg(gap)));
    }
    // With dropout in training some of y's gradient is exactly zero, as much as expected.
    if (training && p > 0) {
      const double dropped = fused[2].eq(0).to(torch::kFloat64).mean().item<double>();
      QVERIFY2(std::abs(dropped - p) < 0.1, qPrintable(QString::number(dropped)));
    }
  }

  // Shapes or types the kernel does not take go through the separate layers.
  void postNormResidualDeclinesWhatItCannotRead() {
    torch::nn::LayerNorm norm(torch::nn::LayerNormOptions({8}));
    const auto x = torch::randn({2, 8});
    QVERIFY(!post_norm_residual_fusable(*norm, x, torch::randn({2, 1, 8})));
    QVERIFY(!post_norm_residual_fusable(*norm, x.to(torch::kFloat64), x.to(torch::kFloat64)));
    QVERIFY(!post_norm_residual_fusable(*norm, torch::randn({2, 4}), torch::randn({2, 4})));
    torch::nn::LayerNorm plain(torch::nn::LayerNormOptions({8}).elementwise_affine(false));
    QVERIFY(!post_norm_residual_fusable(*plain, x, x));
  }
};

QTEST_APPLESS_MAIN(TestKernels)
#include "tst_kernels.moc"
