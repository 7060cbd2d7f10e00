#include "attn/model_config.h"

#include <nlohmann/json.hpp>

#include "config/json_fields.h"

namespace attn {
namespace {

// Limits that keep a desktop session sane; the paper's largest model is well inside.
constexpr int kMaxVocab = 1'000'000;
constexpr int kMaxWidth = 16384;
constexpr int kMaxLayers = 64;
constexpr int kMaxLength = 65536;

void check_range(std::vector<ConfigError>& errors, const char* field, long long value,
                 long long low, long long high) {
  if (value < low || value > high) {
    errors.push_back(
        {field,
         Text{kConfigTextContext,
              ATTN_TRANSLATABLE("attn::Config", "%1: %2 is outside the allowed range %3..%4"),
              {field, std::to_string(value), std::to_string(low), std::to_string(high)}}});
  }
}

}  // namespace

bool ModelConfig::operator==(const ModelConfig& o) const {
  return src_vocab_size == o.src_vocab_size && tgt_vocab_size == o.tgt_vocab_size &&
         shared_vocab == o.shared_vocab && d_model == o.d_model && heads == o.heads &&
         enc_layers == o.enc_layers && dec_layers == o.dec_layers && d_ff == o.d_ff &&
         dropout == o.dropout && max_len == o.max_len && norm == o.norm &&
         activation == o.activation && tie_embeddings == o.tie_embeddings &&
         positions == o.positions && scale_embedding == o.scale_embedding &&
         output_bias == o.output_bias;
}

std::vector<ConfigError> validate(const ModelConfig& c) {
  std::vector<ConfigError> errors;
  // A vocabulary needs <pad>, <bos>, <eos>, <unk> and at least one symbol.
  check_range(errors, "src_vocab_size", c.src_vocab_size, 5, kMaxVocab);
  check_range(errors, "tgt_vocab_size", c.tgt_vocab_size, 5, kMaxVocab);
  check_range(errors, "d_model", c.d_model, 2, kMaxWidth);
  check_range(errors, "heads", c.heads, 1, kMaxWidth);
  check_range(errors, "enc_layers", c.enc_layers, 1, kMaxLayers);
  check_range(errors, "dec_layers", c.dec_layers, 1, kMaxLayers);
  check_range(errors, "d_ff", c.d_ff, 1, 8 * kMaxWidth);
  // <bos>, one token and <eos> must fit.
  check_range(errors, "max_len", c.max_len, 3, kMaxLength);
  if (c.d_model > 0 && c.heads > 0 && c.d_model % c.heads != 0) {
    errors.push_back({"heads", Text{kConfigTextContext,
                                    ATTN_TRANSLATABLE("attn::Config",
                                                      "heads: d_model %1 is not divisible by %2 "
                                                      "heads; choose a divisor of d_model "
                                                      "(§3.2.2: d_k = d_model / h)"),
                                    {std::to_string(c.d_model), std::to_string(c.heads)}}});
  }
  if (!(c.dropout >= 0.0 && c.dropout < 1.0)) {
    errors.push_back(
        {"dropout", Text{kConfigTextContext,
                         ATTN_TRANSLATABLE("attn::Config", "dropout: %1 is outside [0, 1)"),
                         {decimal(c.dropout)}}});
  }
  if (c.shared_vocab && c.src_vocab_size != c.tgt_vocab_size) {
    errors.push_back(
        {"shared_vocab",
         Text{kConfigTextContext,
              ATTN_TRANSLATABLE("attn::Config",
                                "shared_vocab: source and target vocabularies differ (%1 vs "
                                "%2); a shared vocabulary needs equal sizes"),
              {std::to_string(c.src_vocab_size), std::to_string(c.tgt_vocab_size)}}});
  }
  return errors;
}

std::string joined_messages(const std::vector<ConfigError>& errors) {
  std::string joined;
  for (const auto& error : errors) {
    if (!joined.empty()) joined += "; ";
    joined += error.message.english();
  }
  return joined;
}

std::string validation_message(const ModelConfig& config) {
  return joined_messages(validate(config));
}

std::string to_string(NormPlacement norm) { return norm == NormPlacement::Pre ? "pre" : "post"; }
std::string to_string(Activation activation) {
  switch (activation) {
    case Activation::GELU:
      return "gelu";
    case Activation::SiLU:
      return "silu";
    case Activation::ReLU:
      break;
  }
  return "relu";
}
std::string to_string(PositionLayout layout) {
  return layout == PositionLayout::Split ? "split" : "interleaved";
}
std::string to_string(Implementation implementation) {
  switch (implementation) {
    case Implementation::Library:
      return "library";
    case Implementation::Both:
      return "both";
    case Implementation::Scratch:
      break;
  }
  return "scratch";
}

std::vector<Implementation> implementations_to_train(Implementation choice) {
  if (choice == Implementation::Both) return {Implementation::Scratch, Implementation::Library};
  return {choice};
}

std::optional<NormPlacement> parse_norm_placement(const std::string& text) {
  if (text == "post") return NormPlacement::Post;
  if (text == "pre") return NormPlacement::Pre;
  return std::nullopt;
}
std::optional<Activation> parse_activation(const std::string& text) {
  if (text == "relu") return Activation::ReLU;
  if (text == "gelu") return Activation::GELU;
  if (text == "silu" || text == "swish") return Activation::SiLU;
  return std::nullopt;
}
std::optional<PositionLayout> parse_position_layout(const std::string& text) {
  if (text == "interleaved") return PositionLayout::Interleaved;
  if (text == "split") return PositionLayout::Split;
  return std::nullopt;
}
std::optional<Implementation> parse_implementation(const std::string& text) {
  if (text == "scratch") return Implementation::Scratch;
  if (text == "library") return Implementation::Library;
  if (text == "both") return Implementation::Both;
  return std::nullopt;
}

std::string to_json(const ModelConfig& c) {
  nlohmann::json j = {{"src_vocab_size", c.src_vocab_size},
                      {"tgt_vocab_size", c.tgt_vocab_size},
                      {"shared_vocab", c.shared_vocab},
                      {"d_model", c.d_model},
                      {"heads", c.heads},
                      {"enc_layers", c.enc_layers},
                      {"dec_layers", c.dec_layers},
                      {"d_ff", c.d_ff},
                      {"dropout", c.dropout},
                      {"max_len", c.max_len},
                      {"norm", to_string(c.norm)},
                      {"activation", to_string(c.activation)},
                      {"tie_embeddings", c.tie_embeddings},
                      {"positions", to_string(c.positions)},
                      {"scale_embedding", c.scale_embedding},
                      {"output_bias", c.output_bias}};
  return j.dump(2);
}

std::optional<ModelConfig> model_config_from_json(const std::string& text, std::string* error,
                                                  UnknownFields unknown) {
  ModelConfig c;
  try {
    const auto document = parse_json_strictly(text);
    JsonFields fields(document, "");
    fields.integer("src_vocab_size", c.src_vocab_size);
    fields.integer("tgt_vocab_size", c.tgt_vocab_size);
    fields.boolean("shared_vocab", c.shared_vocab);
    fields.integer("d_model", c.d_model);
    fields.integer("heads", c.heads);
    fields.integer("enc_layers", c.enc_layers);
    fields.integer("dec_layers", c.dec_layers);
    fields.integer("d_ff", c.d_ff);
    fields.number("dropout", c.dropout);
    fields.integer("max_len", c.max_len);
    fields.boolean("tie_embeddings", c.tie_embeddings);
    fields.boolean("scale_embedding", c.scale_embedding);
    fields.boolean("output_bias", c.output_bias);
    std::string text_value = to_string(c.norm);
    fields.text("norm", text_value);
    auto norm = parse_norm_placement(text_value);
    if (!norm)
      throw std::invalid_argument("norm: expected \"post\" or \"pre\", got \"" + text_value + "\"");
    c.norm = *norm;
    text_value = to_string(c.activation);
    fields.text("activation", text_value);
    auto activation = parse_activation(text_value);
    if (!activation)
      throw std::invalid_argument("activation: expected \"relu\", \"gelu\" or \"silu\", got \"" +
                                  text_value + "\"");
    c.activation = *activation;
    text_value = to_string(c.positions);
    fields.text("positions", text_value);
    auto positions = parse_position_layout(text_value);
    if (!positions)
      throw std::invalid_argument("positions: expected \"interleaved\" or \"split\", got \"" +
                                  text_value + "\"");
    c.positions = *positions;
    if (unknown == UnknownFields::Refuse) fields.finish();
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  return c;
}

}  // namespace attn
