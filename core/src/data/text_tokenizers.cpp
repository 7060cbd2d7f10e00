#include "data/text_tokenizers.h"

#include <nlohmann/json.hpp>

#include "data/utf8.h"

namespace attn {
namespace {

const std::string kAttached = "##";

std::string save_vocabulary(const char* kind, const Vocabulary& vocabulary) {
  return nlohmann::json{{"kind", kind}, {"pieces", vocabulary.learned()}}.dump();
}

std::unordered_map<std::string, std::size_t> count_pieces(
    const std::vector<std::string_view>& texts, std::vector<std::string> (*split)(std::string_view)) {
  std::unordered_map<std::string, std::size_t> counts;
  for (const auto& text : texts) {
    for (const auto& piece : split(text)) ++counts[piece];
  }
  return counts;
}

bool is_special(int id) { return id >= 0 && id < kSpecialTokens && id != kUnkToken; }

}  // namespace

std::vector<std::string> CharTokenizer::split(std::string_view text) { return utf8::code_points(text); }

std::unique_ptr<CharTokenizer> CharTokenizer::train(const std::vector<std::string_view>& texts, int vocab_size) {
  return std::make_unique<CharTokenizer>(Vocabulary::from_counts(count_pieces(texts, &split), vocab_size));
}

std::vector<int> CharTokenizer::encode(const std::string& text) const {
  std::vector<int> ids;
  for (const auto& point : split(text)) ids.push_back(vocabulary_.id(point));
  return ids;
}

std::string CharTokenizer::decode(const std::vector<int>& ids) const {
  std::string text;
  for (int id : ids) {
    if (!is_special(id)) text += vocabulary_.piece(id);
  }
  return text;
}

std::string CharTokenizer::save() const { return save_vocabulary("char", vocabulary_); }

std::vector<std::string> WordTokenizer::split(std::string_view text) {
  std::vector<std::string> pieces;
  std::string word;
  bool after_space = true;  // the first token is never "attached"
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

std::string join_word_pieces(const std::vector<std::string>& pieces) {
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

std::unique_ptr<WordTokenizer> WordTokenizer::train(const std::vector<std::string_view>& texts, int vocab_size) {
  return std::make_unique<WordTokenizer>(Vocabulary::from_counts(count_pieces(texts, &split), vocab_size));
}

std::vector<int> WordTokenizer::encode(const std::string& text) const {
  std::vector<int> ids;
  for (const auto& piece : split(text)) ids.push_back(vocabulary_.id(piece));
  return ids;
}

std::string WordTokenizer::decode(const std::vector<int>& ids) const {
  std::vector<std::string> pieces;
  for (int id : ids) {
    if (!is_special(id)) pieces.push_back(vocabulary_.piece(id));
  }
  return join_word_pieces(pieces);
}

std::string WordTokenizer::normalize(const std::string& text) const { return join_word_pieces(split(text)); }

std::string WordTokenizer::save() const { return save_vocabulary("word", vocabulary_); }

}  // namespace attn
