#pragma once
// Turns encoded examples into padded tensors with masks and the
// teacher-forcing shift, in a seeded per-epoch order.

#include <torch/torch.h>

#include <vector>

#include "attn/example.h"

namespace attn {

struct Batch {
  torch::Tensor src;                 // [B, S] source + <eos>, 0-padded
  torch::Tensor tgt_in;              // [B, T] <bos> + target, 0-padded (decoder input)
  torch::Tensor tgt_out;             // [B, T] target + <eos>, 0-padded (labels)
  torch::Tensor src_padding;         // [B, S] bool, true at padding
  torch::Tensor tgt_padding;         // [B, T] bool, true at padding
  torch::Tensor causal;              // [T, T] float, -inf above the diagonal
  std::vector<std::size_t> indices;  // which examples, in row order
  int64_t target_tokens = 0;         // real (non-pad) labels
};

// Collates examples (in the given order) onto `device`.
Batch collate(const std::vector<const EncodedExample*>& examples,
              const std::vector<std::size_t>& indices, const torch::Device& device);

class Batcher {
 public:
  // bucket_by_length groups examples of similar length (less padding) while
  // keeping the batch order random.
  Batcher(const std::vector<EncodedExample>& examples, int batch_size, bool bucket_by_length,
          uint64_t seed);

  // The epoch's batches as example indices; the same for the same (seed, epoch).
  std::vector<std::vector<std::size_t>> epoch_batches(int epoch) const;
  // Batches in file order without shuffling (evaluation).
  std::vector<std::vector<std::size_t>> sequential_batches() const;
  Batch make_batch(const std::vector<std::size_t>& indices, const torch::Device& device) const;

  std::size_t size() const { return examples_.size(); }
  int batch_size() const { return batch_size_; }

 private:
  const std::vector<EncodedExample>& examples_;
  int batch_size_;
  bool bucket_by_length_;
  uint64_t seed_;
};

}  // namespace attn
