#include "data/vocabulary.h"

#include <algorithm>

namespace attn {

Vocabulary::Vocabulary() {
  for (const char* special : {"<pad>", "<bos>", "<eos>", "<unk>"}) add(special);
}

void Vocabulary::add(const std::string& piece) {
  if (ids_.count(piece)) return;
  ids_.emplace(piece, static_cast<int>(pieces_.size()));
  pieces_.push_back(piece);
}

Vocabulary Vocabulary::from_counts(const std::unordered_map<std::string, std::size_t>& counts,
                                   int max_size) {
  std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  Vocabulary vocabulary;
  for (const auto& [piece, count] : sorted) {
    if (max_size > 0 && vocabulary.size() >= max_size) break;
    vocabulary.add(piece);
  }
  return vocabulary;
}

Vocabulary Vocabulary::from_pieces(const std::vector<std::string>& pieces) {
  Vocabulary vocabulary;
  for (const auto& piece : pieces) vocabulary.add(piece);
  return vocabulary;
}

int Vocabulary::id(const std::string& piece) const {
  auto it = ids_.find(piece);
  return it == ids_.end() ? kUnkToken : it->second;
}

const std::string& Vocabulary::piece(int id) const {
  static const std::string kOutOfRange = "<?>";
  return id >= 0 && id < size() ? pieces_[static_cast<size_t>(id)] : kOutOfRange;
}

std::vector<std::string> Vocabulary::learned() const {
  return std::vector<std::string>(pieces_.begin() + kSpecialTokens, pieces_.end());
}

}  // namespace attn
