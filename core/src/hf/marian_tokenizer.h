#pragma once
// MarianMT's tokenizer (Hugging Face's MarianTokenizer) over our token ids.
//
// Marian splits text with SentencePiece (source.spm for the encoder,
// target.spm for the decoder) and numbers the pieces with vocab.json; its
// specials are </s> (eos), <unk> and <pad>, which also starts the decoder.
// Our vocabularies keep <pad>, <bos>, <eos>, <unk> at ids 0..3
// (attn/tokenizer.h), so an opened Marian model is renumbered once: ours 0 is
// Marian's <pad>, ours 1 (<bos>, the decoder's first token) is a second copy
// of <pad>, ours 2 its </s>, ours 3 its <unk>, and the other pieces follow in
// Marian's order. The copy's output logit gets a bias of −10⁴, so its
// probability is 0 in float32 and every other probability is Marian's.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attn/tokenizer.h"
#include "hf/marian_config.h"

namespace attn {

class SentencePieceTokenizer;

struct MarianVocabulary {
  std::vector<std::string> pieces;  // by Marian id
  std::vector<int> ours_of_marian;  // Marian id → ours
  std::vector<int> marian_of_ours;  // ours → Marian id (ours 1 → <pad>)
  int unk_id = 0;                   // Marian's
};

// vocab.json's text (piece → id) for a model of `config`; errors name `file`.
std::optional<MarianVocabulary> read_marian_vocabulary(const std::string& text,
                                                       const std::string& file,
                                                       const MarianConfig& config,
                                                       std::string* error);

class MarianTokenizer : public Tokenizer {
 public:
  // `spm_model`: the bytes of source.spm or target.spm. Throws
  // std::invalid_argument when SentencePiece cannot load it.
  MarianTokenizer(std::shared_ptr<const MarianVocabulary> vocabulary, const std::string& spm_model);
  ~MarianTokenizer() override;

  TokenizerKind kind() const override { return TokenizerKind::SentencePiece; }
  // A leading language code (">>kor<<") is one piece, as in MarianTokenizer.
  std::vector<int> encode(const std::string& text) const override;
  std::string decode(const std::vector<int>& ids) const override;
  std::string normalize(const std::string& text) const override;
  int vocab_size() const override;
  std::string piece(int id) const override;
  // Marian's tokenizer lives in the model's folder; this names it.
  std::string save() const override;

 private:
  int ours_of_piece(const std::string& piece) const;

  std::shared_ptr<const MarianVocabulary> vocabulary_;
  std::unique_ptr<SentencePieceTokenizer> spm_;
  std::vector<std::pair<std::string, int>> sorted_pieces_;  // piece → Marian id, for lookups
};

}  // namespace attn
