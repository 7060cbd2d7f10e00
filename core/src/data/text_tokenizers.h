#pragma once
// The character and word tokenizers (the SentencePiece one is separate). Both
// cut text by a fixed rule and look the pieces up in a vocabulary learned from
// the training split; they differ only in how they cut and rejoin.
//
// char: one piece per Unicode code point.
// word: words and punctuation marks. A piece written without a space before it
//       (punctuation after a word, a word after an apostrophe) is stored as
//       "##" + piece, so decoding restores the spacing. Whitespace runs
//       collapse to one space.

#include "attn/tokenizer.h"
#include "data/vocabulary.h"

namespace attn {

class PieceTokenizer : public Tokenizer {
 public:
  // kind is TokenizerKind::Char or TokenizerKind::Word.
  PieceTokenizer(TokenizerKind kind, Vocabulary vocabulary)
      : kind_(kind), vocabulary_(std::move(vocabulary)) {}
  static std::unique_ptr<PieceTokenizer> train(TokenizerKind kind,
                                               const std::vector<std::string_view>& texts,
                                               int vocab_size);
  static std::vector<std::string> split(TokenizerKind kind, std::string_view text);
  static std::string join(TokenizerKind kind, const std::vector<std::string>& pieces);

  TokenizerKind kind() const override { return kind_; }
  std::vector<int> encode(const std::string& text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string normalize(const std::string& text) const override {
    return join(kind_, split(kind_, text));
  }
  int vocab_size() const override { return vocabulary_.size(); }
  std::string piece(int id) const override { return vocabulary_.piece(id); }
  std::string save() const override;

 private:
  TokenizerKind kind_;
  Vocabulary vocabulary_;
};

}  // namespace attn
