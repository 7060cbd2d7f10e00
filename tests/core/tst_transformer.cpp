// The from-scratch Transformer against the paper's definitions.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>

#include "attn/model_summary.h"
#include "attn/tokenizer.h"
#include "model/attention_mask.h"
#include "model/model_factory.h"
#include "model/multi_head_attention.h"
#include "model/positional_encoding.h"
#include "random_batch.h"
#include "train/decoding.h"
#include "train/optimization.h"

using namespace attn;

namespace {

ModelConfig small_config() {
  ModelConfig c;
  c.src_vocab_size = c.tgt_vocab_size = 50;
  c.d_model = 32;
  c.heads = 4;
  c.enc_layers = 2;
  c.dec_layers = 3;
  c.d_ff = 64;
  c.dropout = 0.1;
  c.max_len = 64;
  return c;
}

Seq2SeqModel eval_model(const ModelConfig& config, Implementation impl = Implementation::Scratch,
                        uint64_t seed = 7) {
  auto model = make_model(config, impl, seed);
  model->eval();
  return model;
}

}  // namespace

class TestTransformer : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void logitsShape() {
    auto config = small_config();
    auto model = eval_model(config);
    auto src = test::random_tokens({7, 5, 3}, 50, 1);
    auto tgt = test::random_tokens({4, 6, 2}, 50, 2);
    auto logits = model->forward(src, tgt);
    QCOMPARE(logits.sizes().vec(), (std::vector<int64_t>{3, 6, 50}));
    auto memory = model->encode(src, nullptr);
    QCOMPARE(memory.sizes().vec(), (std::vector<int64_t>{3, 7, 32}));
  }

  void attentionRowsSumToOne_data() {
    QTest::addColumn<int>("implementation");
    QTest::newRow("scratch") << static_cast<int>(Implementation::Scratch);
    QTest::newRow("library") << static_cast<int>(Implementation::Library);
  }

  void attentionRowsSumToOne() {
    QFETCH(int, implementation);
    auto model = eval_model(small_config(), static_cast<Implementation>(implementation));
    auto src = test::random_tokens({7, 5, 3}, 50, 3);
    auto tgt = test::random_tokens({4, 6, 2}, 50, 4);
    ModelTrace trace;
    torch::NoGradGuard no_grad;
    model->forward(src, tgt, &trace);
    QCOMPARE(trace.encoder.size(), size_t{2});
    QCOMPARE(trace.decoder.size(), size_t{3});
    auto check = [](const torch::Tensor& weights) {
      const double error = (weights.sum(-1) - 1).abs().max().item<double>();
      QVERIFY2(error < 1e-5, qPrintable(QString::number(error)));
      QVERIFY(weights.ge(0).all().item<bool>());
    };
    for (const auto& layer : trace.encoder) check(layer.self_attention.weights);
    for (const auto& layer : trace.decoder) {
      check(layer.self_attention.weights);
      check(layer.cross_attention.weights);
    }
    // Padded keys receive no weight: example 2 has 3 real source tokens of 7.
    auto to_padding = trace.encoder[0].self_attention.weights[2].narrow(-1, 3, 4);
    QCOMPARE(to_padding.abs().max().item<float>(), 0.0f);
    // §3.2.3: nothing above the diagonal in the decoder's self-attention.
    auto upper = trace.decoder[1].self_attention.weights.triu(1);
    QCOMPARE(upper.abs().max().item<float>(), 0.0f);
  }

  // §3.2.3: position i depends only on target positions ≤ i.
  void futureTargetsDoNotLeak() {
    auto model = eval_model(small_config());
    auto src = test::random_tokens({6, 6}, 50, 5);
    auto tgt = test::random_tokens({8, 8}, 50, 6);
    torch::NoGradGuard no_grad;
    auto before = model->forward(src, tgt);
    auto changed = tgt.clone();
    changed.narrow(1, 5, 3).fill_(9);
    auto after = model->forward(src, changed);
    const double unchanged =
        (before.narrow(1, 0, 5) - after.narrow(1, 0, 5)).abs().max().item<double>();
    QVERIFY2(unchanged < 1e-6, qPrintable(QString::number(unchanged)));
    const double later =
        (before.narrow(1, 5, 3) - after.narrow(1, 5, 3)).abs().max().item<double>();
    QVERIFY(later > 1e-3);  // the change itself is visible
  }

  // Incremental decoding (decoder_cache.h): reading the target one token at a
  // time, with each layer's keys and values kept, gives the full pass's logits
  // at every position, and greedy decoding the tokens of a loop that reads the
  // whole prefix at every step.
  void incrementalDecodingMatchesTheFullPass_data() {
    QTest::addColumn<int>("implementation");
    QTest::addColumn<int>("norm");
    QTest::addColumn<int>("activation");
    QTest::newRow("scratch post-norm ReLU")
        << int(Implementation::Scratch) << int(NormPlacement::Post) << int(Activation::ReLU);
    QTest::newRow("scratch pre-norm GELU")
        << int(Implementation::Scratch) << int(NormPlacement::Pre) << int(Activation::GELU);
    QTest::newRow("library post-norm ReLU")
        << int(Implementation::Library) << int(NormPlacement::Post) << int(Activation::ReLU);
    QTest::newRow("library pre-norm GELU")
        << int(Implementation::Library) << int(NormPlacement::Pre) << int(Activation::GELU);
  }
  void incrementalDecodingMatchesTheFullPass() {
    QFETCH(int, implementation);
    QFETCH(int, norm);
    QFETCH(int, activation);
    auto config = small_config();
    config.norm = static_cast<NormPlacement>(norm);
    config.activation = static_cast<Activation>(activation);
    auto model = eval_model(config, static_cast<Implementation>(implementation));
    torch::NoGradGuard no_grad;
    auto src = test::random_tokens({7, 5, 3}, 50, 11);
    auto tgt = test::random_tokens({9, 9, 9}, 50, 12);
    tgt.select(1, 0).fill_(kBosToken);
    const auto full = model->forward(src, tgt);
    const auto memory = model->encode(src, nullptr);
    DecoderCache cache;
    for (int64_t t = 0; t < tgt.size(1); ++t) {
      const auto step = model->decode_next(tgt.narrow(1, t, 1), memory, src, cache);
      const double error = (step - full.select(1, t)).abs().max().item<double>();
      QVERIFY2(error < 1e-5, qPrintable(QStringLiteral("position %1: %2").arg(t).arg(error)));
    }
    QCOMPARE(cache.length(), tgt.size(1));

    // Rows reordered and repeated midway (beam search's surviving hypotheses)
    // continue from their own states.
    DecoderCache reordered;
    for (int64_t t = 0; t < 4; ++t) model->decode_next(tgt.narrow(1, t, 1), memory, src, reordered);
    const auto rows = torch::tensor(std::vector<int64_t>{2, 0, 2}, torch::kLong);
    reordered.select_rows(rows);
    const auto src2 = src.index_select(0, rows), tgt2 = tgt.index_select(0, rows);
    const auto full2 = model->forward(src2, tgt2);
    for (int64_t t = 4; t < tgt.size(1); ++t) {
      const auto step =
          model->decode_next(tgt2.narrow(1, t, 1), memory.index_select(0, rows), src2, reordered);
      const double error = (step - full2.select(1, t)).abs().max().item<double>();
      QVERIFY2(error < 1e-5,
               qPrintable(QStringLiteral("reordered, position %1: %2").arg(t).arg(error)));
    }

    // Greedy: the same tokens as reading the whole prefix at every step.
    const int max_length = 12;
    auto prefix = torch::full({src.size(0), 1}, kBosToken, torch::kLong);
    for (int t = 0; t < max_length; ++t) {
      const auto logits = model->forward(src, prefix);
      prefix = torch::cat({prefix, logits.select(1, t).argmax(-1).unsqueeze(1)}, 1);
    }
    const auto greedy = greedy_decode(*model, src, max_length);
    for (int64_t row = 0; row < src.size(0); ++row) {
      std::vector<int> expected;
      for (int64_t t = 1; t < prefix.size(1); ++t) {
        const int token = static_cast<int>(prefix[row][t].item<int64_t>());
        if (token == kEosToken) break;
        expected.push_back(token);
      }
      QCOMPARE(greedy[static_cast<std::size_t>(row)], expected);
    }
    // Beam search keeps each hypothesis's state in its row: a beam of one is greedy.
    QCOMPARE(beam_decode(*model, src.narrow(0, 0, 1), 1, 0.0, max_length), greedy.front());
  }

  // Key-padding masks: whatever sits in padded source positions is ignored.
  void paddedSourceIsIgnored_data() { attentionRowsSumToOne_data(); }
  void paddedSourceIsIgnored() {
    QFETCH(int, implementation);
    auto model = eval_model(small_config(), static_cast<Implementation>(implementation));
    auto src = test::random_tokens({7, 4}, 50, 7);
    auto tgt = test::random_tokens({5, 5}, 50, 8);
    torch::NoGradGuard no_grad;
    auto before = model->forward(src, tgt);
    // Row 1 padded to length 7 must give what row 1 gives alone, unpadded.
    auto row = src.narrow(0, 1, 1).narrow(1, 0, 4);
    auto alone = model->forward(row, tgt.narrow(0, 1, 1));
    const double error = (before[1] - alone[0]).abs().max().item<double>();
    QVERIFY2(error < 1e-5, qPrintable(QString::number(error)));
  }

  // Whatever vectors sit at masked key positions, the attention output of
  // the real positions is the same.
  void maskedKeyContentIsIgnored() {
    torch::manual_seed(17);
    MultiHeadAttention attention(MultiHeadAttentionOptions(32, 4));
    attention->eval();
    auto query = torch::randn({2, 5, 32});
    auto memory = torch::randn({2, 6, 32});
    auto padding = torch::zeros({2, 6}, torch::kBool);
    padding[0].narrow(0, 4, 2).fill_(true);
    torch::NoGradGuard no_grad;
    auto before = attention->forward(query, memory, padding, {});
    auto changed = memory.clone();
    changed[0].narrow(0, 4, 2).normal_(0, 100);
    auto after = attention->forward(query, changed, padding, {});
    QVERIFY((before - after).abs().max().item<double>() < 1e-6);
  }

  // §3.5 at chosen (pos, i).
  // LibTorch 2.x's fused attention (what CUDA steps that record nothing run)
  // computes the explicit softmax(QKᵀ/√d_k + masks)V of §3.2.1, with the
  // causal mask and padded keys, forward and backward, within 1e-5 in fp32.
  void fusedAttentionMatchesTheExplicitOne_data() {
    QTest::addColumn<bool>("self");
    QTest::newRow("decoder self-attention: causal and padded") << true;
    QTest::newRow("cross-attention: padded source") << false;
  }
  void fusedAttentionMatchesTheExplicitOne() {
    QFETCH(bool, self);
    torch::manual_seed(7);
    const int64_t batch = 3, heads = 4, queries = 6, keys = self ? 6 : 9, head_dim = 8;
    const auto make = [&](int64_t length) {
      return torch::randn({batch, heads, length, head_dim}, torch::requires_grad());
    };
    const auto q = make(queries), k = make(keys), v = make(keys);
    auto padded = torch::zeros({batch, keys}, torch::kBool);
    padded[0].narrow(0, keys - 2, 2).fill_(true);  // the first example's last two keys
    padded[2][keys - 1] = true;
    const auto causal = self ? causal_mask(queries, torch::kFloat32) : torch::Tensor();
    const auto fused = fused_scaled_dot_product_attention(q, k, v, padded, causal, 0.0);
    if (!fused.defined()) QSKIP("this LibTorch (before 2.0) has no fused attention operator");

    Dropout none(0.0);
    const auto explicit_context =
        scaled_dot_product_attention(q, k, v, padded, causal, none, nullptr);
    QCOMPARE(fused.sizes(), explicit_context.sizes());
    QVERIFY2(torch::allclose(fused, explicit_context, 1e-5, 1e-5),
             qPrintable(QString::number((fused - explicit_context).abs().max().item<double>())));

    const auto upstream = torch::randn_like(fused);
    const auto gradients = [&](const torch::Tensor& context) {
      return torch::autograd::grad({context}, {q, k, v}, {upstream});
    };
    const auto fused_gradients = gradients(fused);
    const auto explicit_gradients = gradients(explicit_context);
    for (size_t i = 0; i < 3; ++i) {
      QVERIFY2(torch::allclose(fused_gradients[i], explicit_gradients[i], 1e-5, 1e-5),
               qPrintable(QString::number(
                   (fused_gradients[i] - explicit_gradients[i]).abs().max().item<double>())));
    }
  }

  void positionalEncodingFormula_data() {
    QTest::addColumn<int>("pos");
    QTest::addColumn<int>("column");
    QTest::newRow("pos 0 sin") << 0 << 0;
    QTest::newRow("pos 0 cos") << 0 << 1;
    QTest::newRow("pos 1 col 0") << 1 << 0;
    QTest::newRow("pos 7 col 5") << 7 << 5;
    QTest::newRow("pos 50 col 10") << 50 << 10;
    QTest::newRow("pos 99 col 63") << 99 << 63;
  }

  void positionalEncodingFormula() {
    QFETCH(int, pos);
    QFETCH(int, column);
    const int d_model = 64;
    PositionalEncoding encoding(100, d_model);
    const int i = column / 2;
    const double angle = pos / std::pow(10000.0, 2.0 * i / d_model);
    const double expected = column % 2 == 0 ? std::sin(angle) : std::cos(angle);
    const double actual = encoding->table[pos][column].item<double>();
    QVERIFY2(std::abs(actual - expected) < 1e-6,
             qPrintable(QString("%1 vs %2").arg(actual).arg(expected)));
  }

  // MarianMT's layout: the d/2 sines first, then the cosines of the same
  // frequencies; an odd width has one sine more.
  void splitPositionsFormula() {
    for (const int d_model : {64, 7}) {
      const auto split = sinusoidal_table(50, d_model, PositionLayout::Split);
      const int sines = (d_model + 1) / 2;
      for (int pos : {0, 1, 13, 49}) {
        for (int column = 0; column < d_model; ++column) {
          const int i = column < sines ? column : column - sines;
          const double angle = pos / std::pow(10000.0, 2.0 * i / d_model);
          const double expected = column < sines ? std::sin(angle) : std::cos(angle);
          QVERIFY(std::abs(split[pos][column].item<double>() - expected) < 1e-12);
        }
      }
    }
  }

  // scale_embedding off: the table's rows are added to the positions as they are;
  // output_bias: logits = h Wᵀ + b, and the training loss goes through it.
  void unscaledEmbeddingAndOutputBias() {
    auto config = small_config();
    config.scale_embedding = false;
    config.output_bias = true;
    auto model = eval_model(config);
    torch::NoGradGuard no_grad;
    auto tokens = torch::tensor({{5, 9, 11}}, torch::kLong);
    auto embedded = model->embeddings()->embed_source(tokens);
    auto expected = model->embeddings()->source_weight().index_select(0, tokens[0]) +
                    sinusoidal_table(3, 32).to(torch::kFloat32);
    QVERIFY((embedded[0] - expected).abs().max().item<double>() < 1e-6);
    auto bias = model->embeddings()->output_bias();
    QVERIFY(bias.defined());
    QCOMPARE(bias.size(0), static_cast<int64_t>(config.tgt_vocab_size));
    QCOMPARE(count_module_parameters(*model), count_parameters(config));
    bias.uniform_(-2, 2);
    auto states = torch::randn({2, 3, 32});
    auto logits = model->embeddings()->project(states);
    auto by_hand = torch::matmul(states, model->embeddings()->output_weight().t()) + bias;
    QVERIFY((logits - by_hand).abs().max().item<double>() < 1e-5);
    auto labels = torch::tensor({{5, 6, 0}, {7, 8, 9}}, torch::kLong);
    auto loss = output_loss_sum(*model->embeddings(), states, labels, 0.1);
    auto expected_loss = label_smoothed_loss_sum(by_hand, labels, 0.1);
    QVERIFY(std::abs(loss.item<double>() - expected_loss.item<double>()) < 1e-4);
  }

  // §3.4: embeddings scaled by sqrt(d_model) and PE added, before dropout.
  void embeddingScaleAndPositions() {
    auto config = small_config();
    auto model = eval_model(config);
    auto tokens = torch::tensor({{5, 9, 11}}, torch::kLong);
    torch::NoGradGuard no_grad;
    auto embedded = model->embeddings()->embed_source(tokens);
    auto table = model->embeddings()->source_weight();
    auto expected = table.index_select(0, tokens[0]) * std::sqrt(32.0) +
                    sinusoidal_table(3, 32).to(torch::kFloat32);
    QVERIFY((embedded[0] - expected).abs().max().item<double>() < 1e-5);
  }

  void initialLossNearUniform() {
    // With N(0, d^-1/2) embeddings, tied logits start near unit scale: the
    // initial cross-entropy is close to ln(V), not tens of nats.
    auto config = *model_preset("paper-base");
    config.enc_layers = config.dec_layers = 1;
    auto model = eval_model(config);
    auto src = test::random_tokens({10, 10}, config.tgt_vocab_size, 11);
    auto tgt = test::random_tokens({10, 10}, config.tgt_vocab_size, 12);
    torch::NoGradGuard no_grad;
    auto logits = model->forward(src, tgt);
    auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}),
                                                     tgt.reshape({-1}))
                    .item<double>();
    QVERIFY2(loss < std::log(37000.0) + 3.0, qPrintable(QString::number(loss)));
  }

  void sameSeedSameOutputs() {
    auto config = small_config();
    auto src = test::random_tokens({6, 4}, 50, 13);
    auto tgt = test::random_tokens({5, 3}, 50, 14);
    torch::NoGradGuard no_grad;
    auto a = eval_model(config, Implementation::Scratch, 42)->forward(src, tgt);
    auto b = eval_model(config, Implementation::Scratch, 42)->forward(src, tgt);
    auto c = eval_model(config, Implementation::Scratch, 43)->forward(src, tgt);
    QVERIFY(torch::equal(a, b));
    QVERIFY(!torch::allclose(a, c));
  }

  void dropoutOnlyInTraining() {
    auto config = small_config();
    config.dropout = 0.5;
    auto model = make_model(config, Implementation::Scratch, 1);
    auto src = test::random_tokens({6}, 50, 15);
    auto tgt = test::random_tokens({5}, 50, 16);
    model->train();
    QVERIFY(!torch::equal(model->forward(src, tgt), model->forward(src, tgt)));
    model->eval();
    QVERIFY(torch::equal(model->forward(src, tgt), model->forward(src, tgt)));
  }

  // Post-norm residual norms are taken before the LayerNorm: after it every
  // position would have norm √d_model (unit gain, zero bias at initialisation)
  // and the residual dock would show flat lines.
  void postNormResidualIsTakenBeforeLayerNorm() {
    auto config = small_config();
    auto model = eval_model(config);
    auto src = test::random_tokens({6, 4}, 50, 31);
    auto tgt = test::random_tokens({5, 7}, 50, 32);
    torch::NoGradGuard no_grad;
    ModelTrace trace;
    model->forward(src, tgt, &trace);
    const double root_d = std::sqrt(static_cast<double>(config.d_model));
    double farthest = 0;
    for (const auto* stack : {&trace.encoder, &trace.decoder}) {
      for (const auto& layer : *stack) {
        for (const auto& norms : layer.residual) {
          farthest = std::max(farthest, (norms - root_d).abs().max().item<double>());
        }
      }
    }
    QVERIFY2(farthest > 0.5,
             qPrintable(QString("every tap within %1 of sqrt(d_model)").arg(farthest)));
  }

  void preNormHasFinalNorms() {
    auto config = small_config();
    config.norm = NormPlacement::Pre;
    auto model = eval_model(config);
    const auto names = model->named_parameters().keys();
    QVERIFY(std::find(names.begin(), names.end(), "encoder_norm.weight") != names.end());
    QVERIFY(std::find(names.begin(), names.end(), "decoder_norm.weight") != names.end());
    QCOMPARE(count_module_parameters(*model), count_parameters(config));
  }

  void tiedAndUntiedParameters() {
    auto config = small_config();
    auto tied = eval_model(config);
    QVERIFY(tied->embeddings()->output_weight().is_same(tied->embeddings()->source_weight()));
    config.tie_embeddings = false;
    auto untied = eval_model(config);
    QVERIFY(!untied->embeddings()->output_weight().is_same(untied->embeddings()->target_weight()));
    QCOMPARE(count_module_parameters(*untied) - count_module_parameters(*tied),
             int64_t{2} * 50 * 32);
  }

  // Table 3 shapes: exact counts with tied embeddings and no extra final norms.
  void paperParameterCounts_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<qint64>("parameters");
    QTest::newRow("paper-base") << "paper-base" << qint64{63082496};
    QTest::newRow("paper-big") << "paper-big" << qint64{214245376};
  }

  void paperParameterCounts() {
    QFETCH(QString, preset);
    QFETCH(qint64, parameters);
    auto config = *model_preset(preset.toStdString());
    for (auto impl : {Implementation::Scratch, Implementation::Library}) {
      auto model = make_model(config, impl, 0);
      QCOMPARE(static_cast<qint64>(count_module_parameters(*model)), parameters);
    }
  }

  void invalidConfigThrowsReadableError() {
    auto config = small_config();
    config.heads = 5;
    try {
      make_model(config, Implementation::Scratch, 0);
      QFAIL("expected an error");
    } catch (const std::invalid_argument& e) {
      QVERIFY2(QString(e.what()).contains("heads: d_model 32 is not divisible by 5"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestTransformer)
#include "tst_transformer.moc"
