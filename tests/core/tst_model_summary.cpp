#include <QtTest/QtTest>

#include "attn/model_summary.h"

using namespace attn;

class TestModelSummary : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void paperBaseTable() {
    const auto config = *model_preset("paper-base");
    const auto summary = summarize_model(config, Implementation::Scratch);
    QCOMPARE(summary.total_parameters, int64_t{63082496});
    const QString text = QString::fromStdString(format_summary(summary, config, "paper-base"));
    const QStringList lines = text.trimmed().split('\n');
    QCOMPARE(lines.last(), QString("parameters: 63082496"));
    QVERIFY(text.contains("the paper reports 65M (Table 3)"));
    QVERIFY(text.contains("encoder.5.self_attn"));
    QVERIFY(text.contains("[B, T, 37000]"));
    // Rows of depth 0 add up to the total (the tied projection adds nothing).
    int64_t top_level = 0;
    for (const auto& row : summary.rows) {
      if (row.depth == 0) top_level += row.parameters;
    }
    QCOMPARE(top_level, summary.total_parameters);
  }

  // The analytic count (used live in the UI) equals the built model's count.
  void analyticEqualsBuilt_data() {
    QTest::addColumn<int>("implementation");
    QTest::addColumn<bool>("shared");
    QTest::addColumn<bool>("tied");
    QTest::addColumn<bool>("preNorm");
    for (int impl = 0; impl < 2; ++impl) {
      for (int bits = 0; bits < 8; ++bits) {
        const bool shared = bits & 1, tied = bits & 2, pre = bits & 4;
        const QString name =
            QString("%1 shared=%2 tied=%3 pre=%4").arg(impl).arg(shared).arg(tied).arg(pre);
        QTest::newRow(qPrintable(name)) << impl << shared << tied << pre;
      }
    }
  }

  void analyticEqualsBuilt() {
    QFETCH(int, implementation);
    QFETCH(bool, shared);
    QFETCH(bool, tied);
    QFETCH(bool, preNorm);
    ModelConfig config;
    config.shared_vocab = shared;
    config.src_vocab_size = 40;
    config.tgt_vocab_size = shared ? 40 : 55;
    config.tie_embeddings = tied;
    config.norm = preNorm ? NormPlacement::Pre : NormPlacement::Post;
    config.enc_layers = 1;
    config.dec_layers = 3;
    const auto summary = summarize_model(config, static_cast<Implementation>(implementation));
    QCOMPARE(summary.total_parameters, count_parameters(config));
    QCOMPARE(training_state_bytes(config), count_parameters(config) * 16);
  }
};

QTEST_GUILESS_MAIN(TestModelSummary)
#include "tst_model_summary.moc"
