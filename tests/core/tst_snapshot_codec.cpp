// history.sqlite's snapshot blobs: what is written decodes to the same
// values, and a blob describing a snapshot no model makes is refused with
// the reason, before any view indexes into it.

#include <QtTest/QtTest>

#include <functional>

#include "attn/history.h"

using namespace attn;

namespace {

AttentionHeads uniform(int heads, int queries, int keys) {
  AttentionHeads map;
  map.heads = heads;
  map.queries = queries;
  map.keys = keys;
  map.weights.assign(static_cast<std::size_t>(heads * queries * keys), 1.0f / float(keys));
  return map;
}

LayerStats layerStats(int heads, bool decoder) {
  LayerStats stats;
  stats.self_attention = {std::vector<float>(heads, 1.f), std::vector<float>(heads, 2.f),
                          std::vector<float>(heads, 3.f)};
  if (decoder) stats.cross_attention = stats.self_attention;
  stats.ffn.histogram.assign(kFfnHistogramBins, 1.0f / kFfnHistogramBins);
  stats.residual_norms.assign(decoder ? 3 : 2, 5.f);
  return stats;
}

// Two examples of a 2 + 2-layer, 4-head model: 5 source and 6 target tokens.
Snapshot wellFormed() {
  Snapshot snapshot;
  snapshot.step = 40;
  snapshot.epoch = 2;
  for (int e = 0; e < 2; ++e) {
    ExampleAttention example;
    example.src_tokens = {1, 7, 8, 9, 2};
    example.tgt_tokens = {1, 9, 8, 7, 5, 2};
    for (int layer = 0; layer < 2; ++layer) {
      example.encoder_self.push_back(uniform(4, 5, 5));
      example.decoder_self.push_back(uniform(4, 6, 6));
      example.cross.push_back(uniform(4, 6, 5));
    }
    example.ideal_alignment = {{}, {3}, {2}, {1}, {}, {}};
    snapshot.examples.push_back(example);
  }
  snapshot.encoder = {layerStats(4, false), layerStats(4, false)};
  snapshot.decoder = {layerStats(4, true), layerStats(4, true)};
  snapshot.embeddings.dim = 3;
  snapshot.embeddings.tokens = {4, 5};
  snapshot.embeddings.vectors = {1, 2, 3, 4, 5, 6};
  return snapshot;
}

const SnapshotShape kModel{/*heads=*/4, /*encoder_layers=*/2, /*decoder_layers=*/2,
                           /*source_vocabulary=*/12, /*target_vocabulary=*/12};

}  // namespace

Q_DECLARE_METATYPE(std::function<void(Snapshot&)>)

class TestSnapshotCodec : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void roundTrip() {
    const Snapshot snapshot = wellFormed();
    QCOMPARE(QString::fromStdString(snapshot_problem(snapshot, kModel)), QString());
    std::string problem;
    const auto decoded = decode_snapshot(encode_snapshot(snapshot), &problem);
    QVERIFY2(decoded, problem.c_str());
    QCOMPARE(decoded->step, qint64(40));
    QCOMPARE(decoded->examples.size(), std::size_t{2});
    QCOMPARE(decoded->examples[1].cross[1].weights, snapshot.examples[1].cross[1].weights);
    QCOMPARE(decoded->decoder[1].residual_norms, snapshot.decoder[1].residual_norms);
    QCOMPARE(decoded->embeddings.vectors, snapshot.embeddings.vectors);
  }

  // Each row damages one thing; the decoder (without knowing the model) or
  // the model's shape refuses it, and the reason names where.
  void impossibleShapesAreRefused_data() {
    QTest::addColumn<std::function<void(Snapshot&)>>("damage");
    QTest::addColumn<bool>("decoderRefuses");  // else only the model's shape does
    QTest::addColumn<QString>("reason");
    using Damage = std::function<void(Snapshot&)>;
    // The fault testing found: heads and queries −1, keys the weights' count,
    // whose product wraps around to the count in unsigned arithmetic.
    QTest::newRow("negative sizes") << Damage([](Snapshot& s) {
      auto& map = s.examples[0].encoder_self[0];
      map.keys = int(map.weights.size());
      map.heads = map.queries = -1;
    }) << true << "example 1, encoder self-attention, layer 1: -1 heads × -1 queries × 100 keys";
    QTest::newRow("zero heads") << Damage([](Snapshot& s) {
      s.examples[0].cross[1].heads = 0;
      s.examples[0].cross[1].weights.clear();
    }) << true << "cross-attention, layer 2: 0 heads";
    QTest::newRow("fewer weights than the sizes")
        << Damage([](Snapshot& s) { s.examples[1].decoder_self[0].weights.pop_back(); }) << true
        << "example 2, decoder self-attention, layer 1: 4 × 6 × 6 weights expected, 143 stored";
    QTest::newRow("a map longer than its tokens")
        << Damage([](Snapshot& s) { s.examples[0].src_tokens.pop_back(); }) << true
        << "5 queries × 5 keys for 4 × 4 tokens";
    QTest::newRow("one layer with other heads")
        << Damage([](Snapshot& s) { s.examples[0].decoder_self[1] = uniform(2, 6, 6); }) << true
        << "decoder self-attention, layer 2: 2 heads where other maps have 4";
    QTest::newRow("cross and decoder layers differ")
        << Damage([](Snapshot& s) { s.examples[0].cross.pop_back(); }) << true
        << "2 decoder self-attention layers but 1 cross-attention layers";
    QTest::newRow("examples with other layers")
        << Damage([](Snapshot& s) { s.examples[1].encoder_self.pop_back(); }) << true
        << "example 2, layers differ from example 1's";
    QTest::newRow("negative token id")
        << Damage([](Snapshot& s) { s.examples[0].tgt_tokens[2] = -5; }) << true
        << "example 1, target token 3 is id -5";
    QTest::newRow("alignment outside the source")
        << Damage([](Snapshot& s) { s.examples[0].ideal_alignment[1] = {9}; }) << true
        << "the ideal alignment of target 2 names source position 9 of 5";
    QTest::newRow("norms for other heads")
        << Damage([](Snapshot& s) { s.decoder[0].cross_attention.k.push_back(1.f); }) << true
        << "decoder layer 1: 5 Q/K/V norms for 4 heads";
    QTest::newRow("statistics for other layers")
        << Damage([](Snapshot& s) { s.encoder.pop_back(); }) << true
        << "encoder statistics for 1 layers, maps for 2";
    QTest::newRow("histogram bins")
        << Damage([](Snapshot& s) { s.encoder[1].ffn.histogram.resize(7); }) << true
        << "encoder layer 2: 7 FFN histogram bins; expected 40";
    QTest::newRow("embedding sizes") << Damage([](Snapshot& s) { s.embeddings.dim = -2; }) << true
                                     << "embeddings: -2 dimensions × 2 tokens for 6 numbers";
    QTest::newRow("more heads than the model") << Damage([](Snapshot& s) {
      for (auto& example : s.examples) {
        for (auto* kind : {&example.encoder_self, &example.decoder_self, &example.cross})
          for (auto& map : *kind) map = uniform(8, map.queries, map.keys);
      }
      for (auto* stats : {&s.encoder, &s.decoder})
        for (auto& layer : *stats) layer = layerStats(8, stats == &s.decoder);
    }) << false << "encoder self-attention, layer 1: 8 heads; the model has 4";
    QTest::newRow("more layers than the model") << Damage([](Snapshot& s) {
      for (auto& example : s.examples) example.encoder_self.push_back(uniform(4, 5, 5));
      s.encoder.push_back(layerStats(4, false));
    }) << false << "3 encoder and 2 decoder layers; the model has 2 and 2";
    QTest::newRow("a token beyond the vocabulary")
        << Damage([](Snapshot& s) { s.examples[1].src_tokens[1] = 12; }) << false
        << "example 2, source token 2 is id 12; the vocabulary has 12";
  }

  void impossibleShapesAreRefused() {
    QFETCH(std::function<void(Snapshot&)>, damage);
    QFETCH(bool, decoderRefuses);
    QFETCH(QString, reason);
    Snapshot snapshot = wellFormed();
    damage(snapshot);
    std::string problem;
    const auto decoded = decode_snapshot(encode_snapshot(snapshot), &problem);
    if (decoderRefuses) {
      QVERIFY(!decoded);
    } else {
      QVERIFY2(decoded, problem.c_str());
      problem = snapshot_problem(*decoded, kModel);
    }
    QVERIFY2(QString::fromStdString(problem).contains(reason), problem.c_str());
  }

  // Cut anywhere, a blob is refused, never read past its end.
  void truncatedBlobsAreRefused() {
    const std::string blob = encode_snapshot(wellFormed());
    for (std::size_t length = 0; length < blob.size(); length += 7) {
      std::string problem;
      QVERIFY(!decode_snapshot(blob.substr(0, length), &problem));
      QVERIFY(!problem.empty());
    }
  }
};

QTEST_APPLESS_MAIN(TestSnapshotCodec)
#include "tst_snapshot_codec.moc"
