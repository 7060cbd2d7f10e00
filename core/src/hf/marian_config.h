#pragma once
// A MarianMT model's config.json (Hugging Face Transformers' MarianConfig) as
// our ModelConfig, and the token ids the model was trained with. Torch-free.
//
// MarianMT (Helsinki-NLP/opus-mt-*) is the paper's Transformer with a few
// choices of its own, each an ordinary ModelConfig option here: the
// sinusoids laid out as [sin | cos] halves (PositionLayout::Split), SiLU
// ("swish") in the feed-forward network, a bias on the output projection
// (final_logits_bias), scale_embedding, and <pad> as the decoder's first token.

#include <optional>
#include <string>

#include "attn/model_config.h"

namespace attn {

struct MarianConfig {
  ModelConfig model;   // vocabulary sizes are Marian's plus one (marian_vocabulary.h)
  int vocab_size = 0;  // Marian's
  int pad_id = 0;
  int eos_id = 0;
  int decoder_start_id = 0;
  // generate()'s settings (config.json, then generation_config.json); where
  // neither sets them, Hugging Face's GenerationConfig defaults.
  int max_length = 20;  // counts the decoder's first token
  int num_beams = 1;
};

// Reads config.json's text. Every field that changes the computation is
// honoured or refused by name: e.g. "normalize_before: true is not supported
// (MarianMT is post-norm)". `file` names the file in messages.
std::optional<MarianConfig> read_marian_config(const std::string& text, const std::string& file,
                                               std::string* error);

}  // namespace attn
