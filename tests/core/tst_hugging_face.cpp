// Reading Hugging Face files without Python: the safetensors format with its
// checks, MarianMT's config.json and vocab.json. The comparison with
// transformers itself is tests/hf/marian_fidelity.py.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cstring>
#include <string>

#include "hf/marian_config.h"
#include "hf/marian_tokenizer.h"
#include "hf/safetensors.h"

using namespace attn;

namespace {

std::string little_endian_u64(std::uint64_t value) {
  std::string bytes(8, '\0');
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  return bytes;
}

std::string file_of(const std::string& header, const std::string& data) {
  return little_endian_u64(header.size()) + header + data;
}

template <typename T>
std::string bytes_of(const std::vector<T>& values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// A Marian config.json as save_pretrained writes one, with `extra` fields merged.
std::string marian_config(const std::string& extra = "") {
  return R"({"model_type": "marian", "vocab_size": 10, "decoder_vocab_size": 10,
    "d_model": 16, "encoder_layers": 2, "decoder_layers": 1,
    "encoder_attention_heads": 4, "decoder_attention_heads": 4,
    "encoder_ffn_dim": 32, "decoder_ffn_dim": 32, "max_position_embeddings": 64,
    "activation_function": "swish", "scale_embedding": true, "pad_token_id": 9,
    "eos_token_id": 0, "decoder_start_token_id": 9)" +
         extra + "}";
}

}  // namespace

class TestHuggingFace : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void safetensorsReadsEveryFloatType() {
    const std::vector<float> f32 = {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, -0.5f};
    const auto half = torch::tensor({0.5f, -1.25f}).to(torch::kFloat16);
    const auto bf16 = torch::tensor({2.0f, -3.0f, 0.125f}).to(torch::kBFloat16);
    std::string data = bytes_of(f32);
    data.append(static_cast<const char*>(half.data_ptr()), 4);
    data.append(static_cast<const char*>(bf16.data_ptr()), 6);
    const std::string header =
        R"({"__metadata__": {"format": "pt"},
            "a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
            "b": {"dtype": "F16", "shape": [2], "data_offsets": [24, 28]},
            "c": {"dtype": "BF16", "shape": [3], "data_offsets": [28, 34]}})";
    const std::string file = file_of(header, data);
    std::string error;
    const auto index = parse_safetensors_header(file, &error);
    QVERIFY2(index.has_value(), error.c_str());
    QCOMPARE(index->tensors.size(), std::size_t(3));
    QCOMPARE(index->metadata.at("format"), std::string("pt"));
    const auto a = safetensors_tensor(file, *index, index->tensors[0], &error);
    QVERIFY2(a.has_value(), error.c_str());
    QVERIFY(a->sizes() == torch::IntArrayRef({2, 3}));
    QVERIFY(torch::equal(*a, torch::tensor(f32).reshape({2, 3})));
    const auto b = safetensors_tensor(file, *index, index->tensors[1], &error);
    QVERIFY(b.has_value() && torch::equal(*b, torch::tensor({0.5f, -1.25f})));
    const auto c = safetensors_tensor(file, *index, index->tensors[2], &error);
    QVERIFY(c.has_value() && torch::equal(*c, torch::tensor({2.0f, -3.0f, 0.125f})));
  }

  void safetensorsRefusesDamage_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("expected");
    const std::string data(8, '\0');
    auto row = [&](const char* name, const std::string& file, const char* expected) {
      QTest::newRow(name) << QByteArray(file.data(), static_cast<int>(file.size()))
                          << QString(expected);
    };
    row("shorter than the length", "abc", "shorter than the 8-byte");
    row("header past the end", little_endian_u64(1000) + "{}", "header claims 1000 bytes");
    row("not JSON", file_of("{\"a\": ", data), "not valid JSON");
    row("not an object", file_of("[1, 2]", data), "not a JSON object");
    row("offsets past the data",
        file_of(R"({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", data),
        "outside the data");
    row("size does not fit the shape",
        file_of(R"({"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})", data),
        "8 bytes for a shape of 3 F32");
    row("overlap",
        file_of(R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                    "b": {"dtype": "F16", "shape": [2], "data_offsets": [4, 8]}})",
                data),
        "overlap");
    row("unknown dtype",
        file_of(R"({"a": {"dtype": "F31", "shape": [2], "data_offsets": [0, 8]}})", data),
        "unknown dtype \"F31\"");
    row("negative dimension",
        file_of(R"({"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})", data),
        "non-negative integers");
    row("huge shape",
        file_of(
            R"({"a": {"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}})",
            data),
        "more elements than the file has bytes");
    row("metadata not strings", file_of(R"({"__metadata__": {"a": 1}})", data), "not a string");
  }

  void safetensorsRefusesDamage() {
    QFETCH(QByteArray, file);
    QFETCH(QString, expected);
    std::string error;
    const auto index =
        parse_safetensors_header(std::string_view(file.constData(), file.size()), &error);
    QVERIFY(!index.has_value());
    QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
  }

  void safetensorsNamesAnUnreadDtype() {
    const std::string file = file_of(
        R"({"ids": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}})", std::string(8, '\0'));
    std::string error;
    const auto index = parse_safetensors_header(file, &error);
    QVERIFY(index.has_value());
    QVERIFY(!safetensors_tensor(file, *index, index->tensors[0], &error).has_value());
    QVERIFY2(error.find("\"ids\": dtype I64 is not read") != std::string::npos, error.c_str());
  }

  void marianConfigBecomesOurOptions() {
    std::string error;
    const auto config = read_marian_config(marian_config(), "config.json", &error);
    QVERIFY2(config.has_value(), error.c_str());
    QCOMPARE(config->model.d_model, 16);
    QCOMPARE(config->model.enc_layers, 2);
    QCOMPARE(config->model.dec_layers, 1);
    QCOMPARE(config->model.heads, 4);
    QCOMPARE(config->model.d_ff, 32);
    QCOMPARE(config->model.max_len, 64);
    QVERIFY(config->model.activation == Activation::SiLU);
    QVERIFY(config->model.positions == PositionLayout::Split);
    QVERIFY(config->model.output_bias && config->model.scale_embedding);
    QVERIFY(config->model.tie_embeddings && config->model.shared_vocab);
    QCOMPARE(config->model.tgt_vocab_size, 11);  // Marian's 10 and our own <bos>
    QCOMPARE(config->pad_id, 9);
  }

  void marianConfigRefusesByName_data() {
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pre-norm") << R"(, "normalize_before": true)"
                              << "normalize_before: true";
    QTest::newRow("bias logits") << R"(, "add_bias_logits": true)"
                                 << "add_bias_logits: true";
    QTest::newRow("embedding norm") << R"(, "normalize_embedding": true)"
                                    << "normalize_embedding: true";
    QTest::newRow("learned positions") << R"(, "static_position_embeddings": false)"
                                       << "static_position_embeddings: false";
    QTest::newRow("separate vocabularies") << R"(, "share_encoder_decoder_embeddings": false)"
                                           << "share_encoder_decoder_embeddings";
    QTest::newRow("activation") << R"(, "activation_function": "gelu_new")"
                                << "activation_function: \"gelu_new\"";
    QTest::newRow("start token") << R"(, "decoder_start_token_id": 3)"
                                 << "decoder_start_token_id";
    QTest::newRow("pad outside") << R"(, "pad_token_id": 10)"
                                 << "pad_token_id: 10 is outside";
    QTest::newRow("heads") << R"(, "decoder_attention_heads": 2)"
                           << "decoder_attention_heads";
    QTest::newRow("width") << R"(, "d_model": 18)"
                           << "not divisible";
    QTest::newRow("type") << R"(, "d_model": "16")"
                          << "d_model: expected a non-negative integer";
  }

  void marianConfigRefusesByName() {
    QFETCH(QString, extra);
    QFETCH(QString, expected);
    // The later key wins in nlohmann's parser, so `extra` overrides.
    std::string text = marian_config(extra.toStdString());
    std::string error;
    QVERIFY(!read_marian_config(text, "m/config.json", &error).has_value());
    QVERIFY2(QString::fromStdString(error).startsWith("m/config.json: "), error.c_str());
    QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
    QVERIFY(!read_marian_config(R"({"model_type": "bart"})", "c", &error).has_value());
    QVERIFY2(error.find("model_type: \"bart\"") != std::string::npos, error.c_str());
  }

  // Ours: <pad>, <bos> (a copy of <pad>), </s>, <unk>, then Marian's order.
  void marianVocabularyRenumbers() {
    std::string error;
    const auto config = read_marian_config(marian_config(), "config.json", &error);
    QVERIFY(config.has_value());
    const auto vocabulary = read_marian_vocabulary(
        R"({"</s>": 0, "<unk>": 1, "▁a": 2, "b": 3, "c": 4, "d": 5, "e": 6, "f": 7, "g": 8,
            "<pad>": 9})",
        "vocab.json", *config, &error);
    QVERIFY2(vocabulary.has_value(), error.c_str());
    QVERIFY(vocabulary->marian_of_ours == std::vector<int>({9, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
    QCOMPARE(vocabulary->ours_of_marian[9], kPadToken);
    QCOMPARE(vocabulary->ours_of_marian[0], kEosToken);
    QCOMPARE(vocabulary->ours_of_marian[1], kUnkToken);
    QCOMPARE(vocabulary->ours_of_marian[2], 4);
    QVERIFY(!read_marian_vocabulary(R"({"<unk>": 1, "x": 12})", "v.json", *config, &error));
    QVERIFY2(error.find("v.json: \"x\": id 12 is outside") != std::string::npos, error.c_str());
    QVERIFY(!read_marian_vocabulary(R"({"a": 2})", "v.json", *config, &error));
    QVERIFY2(error.find("no \"<unk>\"") != std::string::npos, error.c_str());
  }
};

QTEST_APPLESS_MAIN(TestHuggingFace)
#include "tst_hugging_face.moc"
