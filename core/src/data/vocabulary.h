#pragma once
// Id ↔ piece table that starts with <pad>, <bos>, <eos>, <unk>.

#include <string>
#include <unordered_map>
#include <vector>

#include "attn/tokenizer.h"

namespace attn {

class Vocabulary {
 public:
  Vocabulary();
  // Learns the most frequent pieces (ties broken by the piece itself, so the
  // result does not depend on hash order). max_size counts the specials; 0 = all.
  static Vocabulary from_counts(const std::unordered_map<std::string, std::size_t>& counts,
                                int max_size);
  static Vocabulary from_pieces(const std::vector<std::string>& pieces);  // without specials

  int id(const std::string& piece) const;  // kUnkToken when unknown
  const std::string& piece(int id) const;
  int size() const { return static_cast<int>(pieces_.size()); }
  // Learned pieces only (no specials), in id order.
  std::vector<std::string> learned() const;

 private:
  void add(const std::string& piece);
  std::vector<std::string> pieces_;
  std::unordered_map<std::string, int> ids_;
};

}  // namespace attn
