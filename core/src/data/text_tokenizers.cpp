#include "data/text_tokenizers.h"

#include <nlohmann/json.hpp>

#include "data/utf8.h"

namespace attn {
namespace {

const std::string kAttached = "##";

bool is_special(int id) { return id >= 0 && id < kSpecialTokens && id != kUnkToken; }

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> pieces;
  std::string word;
  bool after_space = true;  // the first piece is never "attached"
  auto flush = [&]() {
    if (word.empty()) return;
    pieces.push_back(after_space ? word : kAttached + word);
    word.clear();
    after_space = false;
  };
  for (const auto& point : utf8::code_points(text)) {
    const char32_t c = utf8::decode(point);
    if (utf8::is_space(c)) {
      flush();
      after_space = true;
    } else if (utf8::is_punctuation(c)) {
      flush();
      word = point;
      flush();
    } else {
      word += point;
    }
  }
  flush();
  return pieces;
}

std::string join_words(const std::vector<std::string>& pieces) {
  std::string text;
  for (const auto& piece : pieces) {
    if (piece.compare(0, kAttached.size(), kAttached) == 0 && piece.size() > kAttached.size()) {
      text += piece.substr(kAttached.size());
    } else {
      if (!text.empty()) text += ' ';
      text += piece;
    }
  }
  return text;
}

}  // namespace

std::vector<std::string> PieceTokenizer::split(TokenizerKind kind, std::string_view text) {
  return kind == TokenizerKind::Word ? split_words(text) : utf8::code_points(text);
}

std::string PieceTokenizer::join(TokenizerKind kind, const std::vector<std::string>& pieces) {
  if (kind == TokenizerKind::Word) return join_words(pieces);
  std::string text;
  for (const auto& piece : pieces) text += piece;
  return text;
}

std::unique_ptr<PieceTokenizer> PieceTokenizer::train(TokenizerKind kind,
                                                      const std::vector<std::string_view>& texts,
                                                      int vocab_size) {
  std::unordered_map<std::string, std::size_t> counts;
  for (const auto& text : texts) {
    for (const auto& piece : split(kind, text)) ++counts[piece];
  }
  return std::make_unique<PieceTokenizer>(kind, Vocabulary::from_counts(counts, vocab_size));
}

std::vector<int> PieceTokenizer::encode(const std::string& text) const {
  std::vector<int> ids;
  for (const auto& piece : split(kind_, text)) ids.push_back(vocabulary_.id(piece));
  return ids;
}

std::string PieceTokenizer::decode(const std::vector<int>& ids) const {
  std::vector<std::string> pieces;
  for (int id : ids) {
    if (!is_special(id)) pieces.push_back(vocabulary_.piece(id));
  }
  return join(kind_, pieces);
}

std::string PieceTokenizer::save() const {
  return nlohmann::json{{"kind", to_string(kind_)}, {"pieces", vocabulary_.learned()}}.dump();
}

}  // namespace attn
