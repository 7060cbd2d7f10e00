#pragma once
// Model hyper-parameters, their validation and the named presets.
// Torch-free: the UI and the CLI edit these plain values.

#include <optional>
#include <string>
#include <vector>

#include "attn/config_error.h"

namespace attn {

// Where LayerNorm sits relative to each residual sub-layer.
// Post: LayerNorm(x + Sublayer(x)), as in the paper (§3.1).
// Pre:  x + Sublayer(LayerNorm(x)), with a final LayerNorm on each stack.
enum class NormPlacement { Post, Pre };

// Non-linearity of the position-wise feed-forward network (§3.3 uses ReLU).
// SiLU (x · sigmoid(x), "swish") is what the released MarianMT models use.
enum class Activation { ReLU, GELU, SiLU };

// How the sinusoids of §3.5 are laid out along d_model. Interleaved, as the
// paper writes it: PE(pos, 2i) = sin, PE(pos, 2i+1) = cos. Split: the d_model/2
// sines first, then the cosines of the same frequencies (MarianMT's table).
// The two differ by a fixed permutation of the coordinates.
enum class PositionLayout { Interleaved, Split };

// The two implementations of the same model, and a run configuration's third
// choice: both of them, one after the other on the same data and seed.
enum class Implementation {
  Scratch,  // our own modules, written from the paper
  Library,  // LibTorch's TransformerEncoderLayer / TransformerDecoderLayer
  Both      // a configuration only: Scratch, then Library (implementations_to_train)
};

// The implementations a configuration trains, in order: Both is Scratch then
// Library, anything else itself.
std::vector<Implementation> implementations_to_train(Implementation choice);

struct ModelConfig {
  int src_vocab_size = 32;
  int tgt_vocab_size = 32;
  // Source and target use one vocabulary (and so may share one embedding).
  bool shared_vocab = true;
  int d_model = 64;
  int heads = 4;
  int enc_layers = 2;
  int dec_layers = 2;
  int d_ff = 256;
  double dropout = 0.1;
  // Longest sequence (tokens, including <bos>/<eos>) the positional encoding covers.
  int max_len = 256;
  NormPlacement norm = NormPlacement::Post;
  Activation activation = Activation::ReLU;
  // §3.4: share the target embedding and the pre-softmax projection, and the
  // source embedding too when the vocabulary is shared.
  bool tie_embeddings = true;
  PositionLayout positions = PositionLayout::Interleaved;
  // §3.4: embeddings multiplied by sqrt(d_model); off, they are added to the
  // positions as they are (MarianMT's scale_embedding: false).
  bool scale_embedding = true;
  // A bias on the pre-softmax projection (MarianMT's final_logits_bias); the
  // paper has none.
  bool output_bias = false;

  int head_dim() const { return heads > 0 ? d_model / heads : 0; }
  bool operator==(const ModelConfig&) const;
  bool operator!=(const ModelConfig& other) const { return !(*this == other); }
};

// Every problem with the configuration; empty when it is valid.
std::vector<ConfigError> validate(const ModelConfig& config);

// All messages of validate() joined by "; ", empty when valid.
std::string validation_message(const ModelConfig& config);

// Presets: tiny, small, paper-base, paper-big and the benchmark shapes.
std::vector<std::string> model_preset_names();
std::optional<ModelConfig> model_preset(const std::string& name);
// One sentence for the UI and --help.
std::string model_preset_description(const std::string& name);

std::string to_string(NormPlacement norm);
std::string to_string(Activation activation);
std::string to_string(PositionLayout layout);
std::string to_string(Implementation implementation);
std::optional<NormPlacement> parse_norm_placement(const std::string& text);
// "relu", "gelu", "silu" (also "swish").
std::optional<Activation> parse_activation(const std::string& text);
// "interleaved" or "split".
std::optional<PositionLayout> parse_position_layout(const std::string& text);
// "scratch", "library" or "both".
std::optional<Implementation> parse_implementation(const std::string& text);

// JSON text of the configuration (used by run.json and saved configurations).
std::string to_json(const ModelConfig& config);
// Reads what to_json wrote; fields that are absent keep their defaults.
// On a malformed document or a wrong-typed field, returns nullopt and sets *error.
enum class UnknownFields { Refuse, Ignore };
std::optional<ModelConfig> model_config_from_json(const std::string& text, std::string* error,
                                                  UnknownFields unknown = UnknownFields::Refuse);

}  // namespace attn
