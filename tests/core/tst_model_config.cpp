#include <QtTest/QtTest>

#include "attn/model_config.h"
#include "attn/model_summary.h"

using attn::ModelConfig;

class TestModelConfig : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void defaultIsValid() { QVERIFY(attn::validate(ModelConfig{}).empty()); }

  void presetsAreValid() {
    for (const auto& name : attn::model_preset_names()) {
      auto preset = attn::model_preset(name);
      QVERIFY2(preset.has_value(), name.c_str());
      QVERIFY2(attn::validate(*preset).empty(), attn::validation_message(*preset).c_str());
      QVERIFY(!attn::model_preset_description(name).empty());
    }
    QVERIFY(!attn::model_preset("no-such-preset").has_value());
  }

  void paperShapes() {
    auto base = *attn::model_preset("paper-base");
    QCOMPARE(base.d_model, 512);
    QCOMPARE(base.heads, 8);
    QCOMPARE(base.d_ff, 2048);
    QCOMPARE(base.enc_layers, 6);
    QCOMPARE(base.tgt_vocab_size, 37000);
    auto big = *attn::model_preset("paper-big");
    QCOMPARE(big.d_model, 1024);
    QCOMPARE(big.heads, 16);
    QCOMPARE(big.d_ff, 4096);
    QCOMPARE(big.dropout, 0.3);
  }

  void invalidConfig_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("expectedField");
    QTest::addColumn<QString>("expectedText");
    QTest::newRow("heads do not divide d_model") << "heads" << 3 << "heads"
                                                 << "not divisible by 3";
    QTest::newRow("zero heads") << "heads" << 0 << "heads"
                                << "heads: 0 is outside";
    QTest::newRow("negative d_model") << "d_model" << -8 << "d_model"
                                      << "d_model: -8 is outside";
    QTest::newRow("zero encoder layers") << "enc_layers" << 0 << "enc_layers"
                                         << "enc_layers: 0";
    QTest::newRow("zero decoder layers") << "dec_layers" << 0 << "dec_layers"
                                         << "dec_layers: 0";
    QTest::newRow("zero d_ff") << "d_ff" << 0 << "d_ff"
                               << "d_ff: 0";
    QTest::newRow("max_len too small") << "max_len" << 2 << "max_len"
                                       << "max_len: 2";
    QTest::newRow("vocab too small") << "tgt_vocab_size" << 4 << "tgt_vocab_size"
                                     << "tgt_vocab_size: 4";
  }

  void invalidConfig() {
    QFETCH(QString, field);
    QFETCH(int, value);
    QFETCH(QString, expectedField);
    QFETCH(QString, expectedText);
    ModelConfig config;
    if (field == "heads") config.heads = value;
    if (field == "d_model") config.d_model = value;
    if (field == "enc_layers") config.enc_layers = value;
    if (field == "dec_layers") config.dec_layers = value;
    if (field == "d_ff") config.d_ff = value;
    if (field == "max_len") config.max_len = value;
    if (field == "tgt_vocab_size") config.tgt_vocab_size = config.src_vocab_size = value;
    const auto errors = attn::validate(config);
    QVERIFY(!errors.empty());
    bool found = false;
    for (const auto& error : errors) {
      if (QString::fromStdString(error.field) == expectedField &&
          QString::fromStdString(error.message.english()).contains(expectedText)) {
        found = true;
      }
    }
    QVERIFY2(found, attn::validation_message(config).c_str());
  }

  void dropoutOutsideRange_data() {
    QTest::addColumn<double>("dropout");
    QTest::newRow("negative") << -0.1;
    QTest::newRow("one") << 1.0;
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN();
  }

  void dropoutOutsideRange() {
    QFETCH(double, dropout);
    ModelConfig config;
    config.dropout = dropout;
    const auto errors = attn::validate(config);
    QCOMPARE(errors.size(), size_t{1});
    QCOMPARE(errors.front().field, std::string("dropout"));
    QVERIFY(QString::fromStdString(errors.front().message.english()).contains("outside [0, 1)"));
  }

  void sharedVocabNeedsEqualSizes() {
    ModelConfig config;
    config.src_vocab_size = 40;
    config.tgt_vocab_size = 50;
    const auto errors = attn::validate(config);
    QCOMPARE(errors.size(), size_t{1});
    QCOMPARE(errors.front().field, std::string("shared_vocab"));
    config.shared_vocab = false;
    QVERIFY(attn::validate(config).empty());
  }

  void jsonRoundTrip() {
    ModelConfig config = *attn::model_preset("small");
    config.norm = attn::NormPlacement::Pre;
    config.activation = attn::Activation::GELU;
    config.tie_embeddings = false;
    config.dropout = 0.25;
    config.positions = attn::PositionLayout::Split;
    config.scale_embedding = false;
    config.output_bias = true;
    std::string error;
    auto back = attn::model_config_from_json(attn::to_json(config), &error);
    QVERIFY2(back.has_value(), error.c_str());
    QVERIFY(*back == config);
  }

  void marianOptionsParse() {
    QCOMPARE(attn::parse_activation("swish"), std::optional(attn::Activation::SiLU));
    QCOMPARE(attn::parse_activation("silu"), std::optional(attn::Activation::SiLU));
    QCOMPARE(attn::to_string(attn::Activation::SiLU), std::string("silu"));
    QVERIFY(!attn::parse_position_layout("halves").has_value());
    std::string error;
    QVERIFY(!attn::model_config_from_json(R"({"positions": "halves"})", &error).has_value());
    QVERIFY2(error.find("positions") != std::string::npos, error.c_str());
    QVERIFY(!attn::model_config_from_json(R"({"output_bias": 1})", &error).has_value());
    QVERIFY2(error.find("output_bias") != std::string::npos, error.c_str());
    // A configuration written before these options reads as the paper's model.
    const auto old = attn::model_config_from_json(R"({"d_model": 64})", &error);
    QVERIFY(old.has_value());
    QVERIFY(old->positions == attn::PositionLayout::Interleaved);
    QVERIFY(old->scale_embedding && !old->output_bias);
  }

  void jsonErrorsNameTheField() {
    std::string error;
    QVERIFY(!attn::model_config_from_json("{\"heads\": \"eight\"}", &error));
    QVERIFY2(QString::fromStdString(error).startsWith("heads:"), error.c_str());
    QVERIFY(!attn::model_config_from_json("{\"norm\": \"middle\"}", &error));
    QVERIFY2(QString::fromStdString(error).contains("\"post\" or \"pre\""), error.c_str());
    QVERIFY(!attn::model_config_from_json("{not json", &error));
    QVERIFY2(QString::fromStdString(error).startsWith("not valid JSON"), error.c_str());
  }

  // §5.1/Table 3 shapes with a 37000 shared vocabulary and tied embeddings.
  void analyticParameterCount() {
    QCOMPARE(attn::count_parameters(*attn::model_preset("paper-base")), int64_t{63082496});
    QCOMPARE(attn::count_parameters(*attn::model_preset("paper-big")), int64_t{214245376});
  }
};

QTEST_GUILESS_MAIN(TestModelConfig)
#include "tst_model_config.moc"
