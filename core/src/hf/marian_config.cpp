#include "hf/marian_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace attn {
namespace {

struct Refused {
  std::string message;
};

// The fields of a JSON object, read with their types checked.
class ConfigFields {
 public:
  explicit ConfigFields(const nlohmann::json& document) : document_(document) {}

  int integer(const char* key, std::optional<int> fallback = std::nullopt) const {
    const auto found = document_.find(key);
    if (found == document_.end() || found->is_null()) {
      if (fallback) return *fallback;
      throw Refused{std::string(key) + ": missing (expected an integer)"};
    }
    if (!found->is_number_integer() || found->get<long long>() < 0 ||
        found->get<long long>() > 100'000'000)
      throw Refused{std::string(key) + ": expected a non-negative integer, got " + found->dump()};
    return found->get<int>();
  }
  double number(const char* key, double fallback) const {
    const auto found = document_.find(key);
    if (found == document_.end() || found->is_null()) return fallback;
    if (!found->is_number()) throw Refused{std::string(key) + ": expected a number"};
    return found->get<double>();
  }
  bool boolean(const char* key, bool fallback) const {
    const auto found = document_.find(key);
    if (found == document_.end() || found->is_null()) return fallback;
    if (!found->is_boolean())
      throw Refused{std::string(key) + ": expected true or false, got " + found->dump()};
    return found->get<bool>();
  }
  std::string text(const char* key, const std::string& fallback) const {
    const auto found = document_.find(key);
    if (found == document_.end() || found->is_null()) return fallback;
    if (!found->is_string())
      throw Refused{std::string(key) + ": expected a string, got " + found->dump()};
    return found->get<std::string>();
  }

 private:
  const nlohmann::json& document_;
};

// Options of the BART family that MarianConfig inherits in older files; a
// value other than MarianMT's would change the computation.
void refuse_unless(const ConfigFields& fields, const char* key, bool expected,
                   const std::string& why) {
  if (fields.boolean(key, expected) != expected) {
    throw Refused{std::string(key) + ": " + (expected ? "false" : "true") + " is not supported (" +
                  why + ")"};
  }
}

}  // namespace

std::optional<MarianConfig> read_marian_config(const std::string& text, const std::string& file,
                                               std::string* error) {
  try {
    nlohmann::json document;
    try {
      document = nlohmann::json::parse(text);
    } catch (const std::exception& e) {
      throw Refused{std::string("not valid JSON (") + e.what() + ")"};
    }
    if (!document.is_object()) throw Refused{"expected a JSON object"};
    const ConfigFields fields(document);
    const std::string type = fields.text("model_type", "");
    if (type != "marian") {
      throw Refused{"model_type: \"" + type +
                    "\" is not supported (expected \"marian\": MarianMT translation models)"};
    }
    MarianConfig config;
    auto& model = config.model;
    config.vocab_size = fields.integer("vocab_size");
    const int decoder_vocab = fields.integer("decoder_vocab_size", config.vocab_size);
    if (decoder_vocab != config.vocab_size)
      throw Refused{"decoder_vocab_size: " + std::to_string(decoder_vocab) + " differs from " +
                    "vocab_size " + std::to_string(config.vocab_size) +
                    "; separate decoder vocabularies are not supported yet"};
    if (!fields.boolean("share_encoder_decoder_embeddings", true))
      throw Refused{
          "share_encoder_decoder_embeddings: false is not supported yet (one "
          "vocabulary shared by encoder and decoder)"};
    model.d_model = fields.integer("d_model");
    model.enc_layers = fields.integer("encoder_layers");
    model.dec_layers = fields.integer("decoder_layers");
    model.heads = fields.integer("encoder_attention_heads");
    if (fields.integer("decoder_attention_heads") != model.heads)
      throw Refused{"decoder_attention_heads: differs from encoder_attention_heads (" +
                    std::to_string(model.heads) + "); one head count for both stacks is supported"};
    model.d_ff = fields.integer("encoder_ffn_dim");
    if (fields.integer("decoder_ffn_dim") != model.d_ff)
      throw Refused{"decoder_ffn_dim: differs from encoder_ffn_dim (" + std::to_string(model.d_ff) +
                    "); one feed-forward width for both stacks is supported"};
    model.max_len = fields.integer("max_position_embeddings");
    const std::string activation = fields.text("activation_function", "gelu");
    const auto parsed = parse_activation(activation);
    if (!parsed)
      throw Refused{"activation_function: \"" + activation +
                    "\" is not supported (expected swish, silu, relu or gelu)"};
    model.activation = *parsed;
    model.scale_embedding = fields.boolean("scale_embedding", false);
    model.tie_embeddings = fields.boolean("tie_word_embeddings", true);
    model.dropout = fields.number("dropout", 0.1);
    model.norm = NormPlacement::Post;
    model.positions = PositionLayout::Split;
    model.output_bias = true;  // final_logits_bias
    refuse_unless(fields, "normalize_before", false, "MarianMT is post-norm");
    refuse_unless(fields, "add_final_layer_norm", false, "MarianMT has no final LayerNorm");
    refuse_unless(fields, "normalize_embedding", false,
                  "MarianMT has no LayerNorm on the embeddings");
    refuse_unless(fields, "add_bias_logits", false, "MarianMT's logits bias is final_logits_bias");
    refuse_unless(fields, "static_position_embeddings", true,
                  "MarianMT's positions are the fixed sinusoids");
    if (fields.number("encoder_layerdrop", 0) != 0 || fields.number("decoder_layerdrop", 0) != 0)
      throw Refused{"encoder_layerdrop/decoder_layerdrop: LayerDrop is not supported"};
    config.pad_id = fields.integer("pad_token_id", config.vocab_size - 1);
    config.eos_id = fields.integer("eos_token_id", 0);
    config.decoder_start_id = fields.integer("decoder_start_token_id", config.pad_id);
    for (const auto& [key, id] : {std::pair<const char*, int>{"pad_token_id", config.pad_id},
                                  {"eos_token_id", config.eos_id},
                                  {"decoder_start_token_id", config.decoder_start_id}}) {
      if (id >= config.vocab_size)
        throw Refused{std::string(key) + ": " + std::to_string(id) +
                      " is outside the vocabulary (" + std::to_string(config.vocab_size) +
                      " tokens)"};
    }
    if (config.decoder_start_id != config.pad_id)
      throw Refused{"decoder_start_token_id: " + std::to_string(config.decoder_start_id) +
                    " is not supported (MarianMT starts the decoder with <pad>, " +
                    std::to_string(config.pad_id) + ")"};
    if (config.pad_id == config.eos_id) throw Refused{"pad_token_id: equals eos_token_id"};
    config.max_length = std::max(2, fields.integer("max_length", config.max_length));
    config.num_beams = std::max(1, fields.integer("num_beams", config.num_beams));
    // One row more than Marian's: our vocabulary keeps a <bos> of its own.
    model.src_vocab_size = model.tgt_vocab_size = config.vocab_size + 1;
    model.shared_vocab = true;
    if (const auto problems = validation_message(model); !problems.empty())
      throw Refused{"the model it describes is invalid: " + problems};
    return config;
  } catch (const Refused& refused) {
    if (error) *error = file + ": " + refused.message;
  } catch (const std::exception& e) {
    if (error) *error = file + ": " + e.what();
  }
  return std::nullopt;
}

}  // namespace attn
