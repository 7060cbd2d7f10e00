#pragma once
// Tokenizers: characters, words (whitespace and punctuation), SentencePiece.
// Every vocabulary starts with the same four special tokens.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attn/example.h"

namespace attn {

constexpr int kPadToken = 0;
constexpr int kBosToken = 1;
constexpr int kEosToken = 2;
constexpr int kUnkToken = 3;
constexpr int kSpecialTokens = 4;

enum class TokenizerKind { Char, Word, SentencePiece };
std::string to_string(TokenizerKind kind);
std::optional<TokenizerKind> parse_tokenizer_kind(const std::string& text);

struct TokenizerConfig {
  TokenizerKind kind = TokenizerKind::Char;
  // Largest vocabulary, specials included; 0 keeps every character/word seen
  // (SentencePiece needs a size and uses 1000 when this is 0).
  int vocab_size = 0;
  bool shared = true;              // one vocabulary for source and target
  bool sentencepiece_bpe = false;  // BPE instead of unigram
};

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  virtual TokenizerKind kind() const = 0;
  // Ids without <bos>/<eos>; unknown pieces become <unk>.
  virtual std::vector<int> encode(const std::string& text) const = 0;
  // Specials are skipped (except <unk>, which decodes as "<unk>").
  virtual std::string decode(const std::vector<int>& ids) const = 0;
  // The text encode() aims to reproduce: whitespace runs collapse for the word
  // tokenizer; SentencePiece applies its normalisation.
  virtual std::string normalize(const std::string& text) const = 0;
  virtual int vocab_size() const = 0;
  virtual std::string piece(int id) const = 0;
  // Pieces of encode(text), for previews.
  std::vector<std::string> pieces(const std::string& text) const;
  // A JSON document that load_tokenizer() reads back.
  virtual std::string save() const = 0;
};

// Learns a vocabulary from `texts` (the training split). Throws
// std::invalid_argument with a readable message (e.g. SentencePiece asked for
// more pieces than the text allows).
std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerConfig& config,
                                           const std::vector<std::string_view>& texts);
std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerConfig& config,
                                           const std::vector<std::string>& texts);
std::unique_ptr<Tokenizer> load_tokenizer(const std::string& json, std::string* error);

// Source and target tokenizers (the same object when shared).
struct TokenizerPair {
  std::shared_ptr<Tokenizer> source;
  std::shared_ptr<Tokenizer> target;
  bool shared() const { return source == target; }
  std::string save() const;
  static std::optional<TokenizerPair> load(const std::string& json, std::string* error);
};

TokenizerPair train_tokenizers(const TokenizerConfig& config, const std::vector<Example>& train);

}  // namespace attn
