#include "attn/bleu.h"

#include <cmath>
#include <map>

namespace attn {
namespace {

using NGramCounts = std::map<std::vector<std::string>, std::size_t>;

NGramCounts count_ngrams(const std::vector<std::string>& tokens, int n) {
  NGramCounts counts;
  for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= tokens.size(); ++i) {
    ++counts[std::vector<std::string>(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                      tokens.begin() + static_cast<std::ptrdiff_t>(i) + n)];
  }
  return counts;
}

}  // namespace

BleuScore corpus_bleu(const std::vector<std::vector<std::string>>& hypotheses,
                      const std::vector<std::vector<std::string>>& references, int max_order) {
  BleuScore score;
  std::vector<std::size_t> matches(static_cast<std::size_t>(max_order), 0);
  std::vector<std::size_t> totals(static_cast<std::size_t>(max_order), 0);
  const std::size_t pairs = std::min(hypotheses.size(), references.size());
  for (std::size_t i = 0; i < pairs; ++i) {
    score.hypothesis_length += hypotheses[i].size();
    score.reference_length += references[i].size();
    for (int n = 1; n <= max_order; ++n) {
      const auto hypothesis = count_ngrams(hypotheses[i], n);
      const auto reference = count_ngrams(references[i], n);
      for (const auto& [gram, count] : hypothesis) {
        // Modified precision: a hypothesis n-gram counts at most as often as
        // it occurs in the reference (Papineni et al., §2.1).
        auto found = reference.find(gram);
        matches[n - 1] += found == reference.end() ? 0 : std::min(count, found->second);
        totals[n - 1] += count;
      }
    }
  }
  double log_sum = 0;
  bool any_zero = false;
  for (int n = 0; n < max_order; ++n) {
    const double precision = totals[n] > 0 ? static_cast<double>(matches[n]) / totals[n] : 0.0;
    score.precisions.push_back(precision);
    if (precision == 0)
      any_zero = true;
    else
      log_sum += std::log(precision);
  }
  // §2.2.2: BP = 1 if c > r, else exp(1 - r/c).
  const double c = static_cast<double>(score.hypothesis_length);
  const double r = static_cast<double>(score.reference_length);
  score.brevity_penalty = c == 0 ? 0.0 : (c > r ? 1.0 : std::exp(1.0 - r / c));
  score.bleu = any_zero ? 0.0 : score.brevity_penalty * std::exp(log_sum / max_order);
  return score;
}

}  // namespace attn
