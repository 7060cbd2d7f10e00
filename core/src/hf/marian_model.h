#pragma once
// Opening a MarianMT folder as save_pretrained writes it: config.json,
// model.safetensors (or pytorch_model.bin), source.spm, target.spm,
// vocab.json and, where present, generation_config.json. No Python.

#include <optional>
#include <string>

#include "attn/tokenizer.h"
#include "hf/marian_config.h"
#include "model/seq2seq_model.h"

namespace attn {

struct MarianFolder {
  MarianConfig config;
  TokenizerPair tokenizers;
  Seq2SeqModel model;        // our own Transformer (Implementation::Scratch), in eval mode
  std::string weights_file;  // the file the weights came from
};

// True where `path` is a folder whose config.json names a model_type (a
// Hugging Face model; our own --export's config.json has none).
bool is_hugging_face_folder(const std::string& path);

// The folder's model with Marian's weights renumbered to our token ids
// (marian_tokenizer.h). Every file problem is one line in *error naming the
// file and what was expected: a missing file, a refused config field, a
// tensor missing, unexpected or of the wrong shape, a damaged safetensors file.
std::optional<MarianFolder> open_marian_folder(const std::string& directory, std::string* error);

}  // namespace attn
