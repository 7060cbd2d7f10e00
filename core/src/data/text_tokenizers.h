#pragma once
// The character and word tokenizers (the SentencePiece one is separate).

#include "attn/tokenizer.h"
#include "data/vocabulary.h"

namespace attn {

// One token per Unicode code point.
class CharTokenizer : public Tokenizer {
 public:
  explicit CharTokenizer(Vocabulary vocabulary) : vocabulary_(std::move(vocabulary)) {}
  static std::unique_ptr<CharTokenizer> train(const std::vector<std::string_view>& texts, int vocab_size);
  static std::vector<std::string> split(std::string_view text);

  TokenizerKind kind() const override { return TokenizerKind::Char; }
  std::vector<int> encode(const std::string& text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string normalize(const std::string& text) const override { return text; }
  int vocab_size() const override { return vocabulary_.size(); }
  std::string piece(int id) const override { return vocabulary_.piece(id); }
  std::string save() const override;

 private:
  Vocabulary vocabulary_;
};

// Words and punctuation marks. A token written without a space before it
// (punctuation after a word, a word after an apostrophe) is stored as "##" +
// token, so decoding restores the spacing. Whitespace runs collapse to one space.
class WordTokenizer : public Tokenizer {
 public:
  explicit WordTokenizer(Vocabulary vocabulary) : vocabulary_(std::move(vocabulary)) {}
  static std::unique_ptr<WordTokenizer> train(const std::vector<std::string_view>& texts, int vocab_size);
  static std::vector<std::string> split(std::string_view text);

  TokenizerKind kind() const override { return TokenizerKind::Word; }
  std::vector<int> encode(const std::string& text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string normalize(const std::string& text) const override;
  int vocab_size() const override { return vocabulary_.size(); }
  std::string piece(int id) const override { return vocabulary_.piece(id); }
  std::string save() const override;

 private:
  Vocabulary vocabulary_;
};

// Joins word pieces as WordTokenizer::decode does.
std::string join_word_pieces(const std::vector<std::string>& pieces);

}  // namespace attn
