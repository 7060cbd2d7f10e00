#pragma once

#include <memory>
#include <string>

#include "attn/tokenizer.h"
#include "sentencepiece_backend.h"

namespace attn {

// Subword units (BPE or unigram) learned by SentencePiece on the training
// split, with our four special tokens at ids 0..3.
class SentencePieceTokenizer : public Tokenizer {
 public:
  // Throw std::invalid_argument when SentencePiece cannot train or load.
  static std::unique_ptr<SentencePieceTokenizer> train(const std::vector<std::string_view>& texts,
                                                       int vocab_size, bool bpe);
  static std::unique_ptr<SentencePieceTokenizer> from_model(const std::string& serialized);

  TokenizerKind kind() const override { return TokenizerKind::SentencePiece; }
  std::vector<int> encode(const std::string& text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string normalize(const std::string& text) const override;
  int vocab_size() const override;
  std::string piece(int id) const override;
  std::string save() const override;

 private:
  explicit SentencePieceTokenizer(std::unique_ptr<SentencePieceBackend> backend);
  std::unique_ptr<SentencePieceBackend> backend_;
};

}  // namespace attn
