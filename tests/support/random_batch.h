#pragma once
// Random padded token batches for the model tests.

#include <torch/torch.h>

#include <vector>

namespace attn::test {

// [lengths.size(), max(lengths)] token ids in [4, vocab), zero-padded after
// each row's length (ids 1..3 are <bos>/<eos>/<unk>; 0 is <pad>).
inline torch::Tensor random_tokens(const std::vector<int64_t>& lengths, int64_t vocab,
                                   uint64_t seed) {
  torch::manual_seed(seed);
  int64_t longest = 0;
  for (auto length : lengths) longest = std::max(longest, length);
  auto tokens =
      torch::randint(4, vocab, {static_cast<int64_t>(lengths.size()), longest}, torch::kLong);
  for (size_t row = 0; row < lengths.size(); ++row) {
    tokens[static_cast<int64_t>(row)].narrow(0, lengths[row], longest - lengths[row]).zero_();
  }
  return tokens;
}

}  // namespace attn::test
