#pragma once
// Corpus BLEU (Papineni et al., 2002): modified n-gram precisions for n = 1..4,
// their geometric mean, and the brevity penalty, over the whole corpus.

#include <string>
#include <vector>

namespace attn {

struct BleuScore {
  double bleu = 0;                 // in [0, 1]
  std::vector<double> precisions;  // p1..p4
  double brevity_penalty = 0;
  std::size_t hypothesis_length = 0;
  std::size_t reference_length = 0;
};

// Tokens are compared as strings; one reference per hypothesis.
BleuScore corpus_bleu(const std::vector<std::vector<std::string>>& hypotheses,
                      const std::vector<std::vector<std::string>>& references, int max_order = 4);

}  // namespace attn
