#include "attn/tokenizer.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "data/base64.h"
#include "data/sentencepiece_tokenizer.h"
#include "data/text_tokenizers.h"
#include "store/zip_check.h"

namespace attn {

std::string to_string(TokenizerKind kind) {
  switch (kind) {
    case TokenizerKind::Char:
      return "char";
    case TokenizerKind::Word:
      return "word";
    case TokenizerKind::SentencePiece:
      return "sentencepiece";
  }
  return "char";
}

std::optional<TokenizerKind> parse_tokenizer_kind(const std::string& text) {
  if (text == "char") return TokenizerKind::Char;
  if (text == "word") return TokenizerKind::Word;
  if (text == "sentencepiece" || text == "spm") return TokenizerKind::SentencePiece;
  return std::nullopt;
}

std::vector<std::string> Tokenizer::pieces(const std::string& text) const {
  std::vector<std::string> out;
  for (int id : encode(text)) out.push_back(piece(id));
  return out;
}

std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerConfig& config,
                                           const std::vector<std::string>& texts) {
  return train_tokenizer(config, std::vector<std::string_view>(texts.begin(), texts.end()));
}

std::unique_ptr<Tokenizer> train_tokenizer(const TokenizerConfig& config,
                                           const std::vector<std::string_view>& texts) {
  if (config.vocab_size != 0 && config.vocab_size <= kSpecialTokens) {
    throw std::invalid_argument(
        "vocab_size: " + std::to_string(config.vocab_size) +
        " leaves no room beside the 4 special tokens; use 0 (all) or more than 4");
  }
  switch (config.kind) {
    case TokenizerKind::Char:
    case TokenizerKind::Word:
      return PieceTokenizer::train(config.kind, texts, config.vocab_size);
    case TokenizerKind::SentencePiece:
      return SentencePieceTokenizer::train(texts, config.vocab_size, config.sentencepiece_bpe);
  }
  throw std::invalid_argument("tokenizer: unknown kind");
}

std::unique_ptr<Tokenizer> load_tokenizer(const std::string& json, std::string* error) {
  try {
    const auto document = nlohmann::json::parse(json);
    const std::string kind = document.at("kind").get<std::string>();
    if (kind == "char" || kind == "word") {
      auto vocabulary =
          Vocabulary::from_pieces(document.at("pieces").get<std::vector<std::string>>());
      return std::make_unique<PieceTokenizer>(*parse_tokenizer_kind(kind), std::move(vocabulary));
    }
    if (kind == "sentencepiece") {
      auto model = base64_decode(document.at("model").get<std::string>());
      if (!model) throw std::invalid_argument("model: not valid base64");
      // SentencePiece's own parser crashes on some damaged models (found by
      // tests/fuzz/fuzz_sentencepiece), so the model's checksum is checked
      // first; vocabularies of earlier versions have none.
      if (document.contains("model_crc32") &&
          document.at("model_crc32").get<std::uint32_t>() != crc32_of(*model)) {
        throw std::invalid_argument("model: damaged (CRC-32 mismatch)");
      }
      return SentencePieceTokenizer::from_model(*model);
    }
    throw std::invalid_argument("kind: expected char, word or sentencepiece, got '" + kind + "'");
  } catch (const std::exception& e) {
    if (error) *error = std::string("tokenizer: ") + e.what();
    return nullptr;
  }
}

std::string TokenizerPair::save() const {
  nlohmann::json document = {{"shared", shared()},
                             {"source", nlohmann::json::parse(source->save())}};
  if (!shared()) document["target"] = nlohmann::json::parse(target->save());
  return document.dump();
}

std::optional<TokenizerPair> TokenizerPair::load(const std::string& json, std::string* error) {
  try {
    const auto document = nlohmann::json::parse(json);
    TokenizerPair pair;
    pair.source = load_tokenizer(document.at("source").dump(), error);
    if (!pair.source) return std::nullopt;
    if (document.value("shared", true)) {
      pair.target = pair.source;
    } else {
      pair.target = load_tokenizer(document.at("target").dump(), error);
      if (!pair.target) return std::nullopt;
    }
    return pair;
  } catch (const std::exception& e) {
    if (error) *error = std::string("vocabulary: ") + e.what();
    return std::nullopt;
  }
}

TokenizerPair train_tokenizers(const TokenizerConfig& config, const std::vector<Example>& train) {
  // Views, not copies: a corpus can hold millions of pairs.
  std::vector<std::string_view> sources, targets;
  sources.reserve(train.size());
  targets.reserve(train.size());
  for (const auto& example : train) {
    sources.emplace_back(example.source);
    targets.emplace_back(example.target);
  }
  TokenizerPair pair;
  if (config.shared) {
    sources.insert(sources.end(), targets.begin(), targets.end());
    pair.source = train_tokenizer(config, sources);
    pair.target = pair.source;
  } else {
    pair.source = train_tokenizer(config, sources);
    pair.target = train_tokenizer(config, targets);
  }
  return pair;
}

}  // namespace attn
