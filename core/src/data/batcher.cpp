#include "data/batcher.h"

#include <algorithm>

#include "attn/tokenizer.h"
#include "data/seeded_random.h"
#include "model/attention_mask.h"

namespace attn {
namespace {

constexpr std::size_t kBucketPoolBatches = 50;

std::vector<std::vector<std::size_t>> chunk(const std::vector<std::size_t>& order, int batch_size) {
  std::vector<std::vector<std::size_t>> batches;
  for (std::size_t start = 0; start < order.size(); start += static_cast<std::size_t>(batch_size)) {
    const std::size_t end = std::min(order.size(), start + static_cast<std::size_t>(batch_size));
    batches.emplace_back(order.begin() + static_cast<std::ptrdiff_t>(start),
                         order.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return batches;
}

}  // namespace

Batch collate(const std::vector<const EncodedExample*>& examples,
              const std::vector<std::size_t>& indices, const torch::Device& device) {
  const int64_t rows = static_cast<int64_t>(examples.size());
  int64_t source_length = 1, target_length = 1;
  for (const auto* example : examples) {
    source_length =
        std::max<int64_t>(source_length, static_cast<int64_t>(example->source.size()) + 1);
    target_length =
        std::max<int64_t>(target_length, static_cast<int64_t>(example->target.size()) + 1);
  }
  // Filled on the host, then moved in one copy per tensor. For a GPU in
  // page-locked memory, so that the copies run asynchronously (LibTorch's
  // pinned-memory allocator keeps each buffer until its copy has finished).
  const bool to_gpu = device.is_cuda();
  const auto on_host = torch::TensorOptions().dtype(torch::kLong).pinned_memory(to_gpu);
  auto src = torch::zeros({rows, source_length}, on_host);
  auto tgt_in = torch::zeros({rows, target_length}, on_host);
  auto tgt_out = torch::zeros({rows, target_length}, on_host);
  auto s = src.accessor<int64_t, 2>();
  auto ti = tgt_in.accessor<int64_t, 2>();
  auto to = tgt_out.accessor<int64_t, 2>();
  int64_t target_tokens = 0;
  for (int64_t row = 0; row < rows; ++row) {
    const auto& source = examples[static_cast<std::size_t>(row)]->source;
    const auto& target = examples[static_cast<std::size_t>(row)]->target;
    for (std::size_t i = 0; i < source.size(); ++i) s[row][static_cast<int64_t>(i)] = source[i];
    s[row][static_cast<int64_t>(source.size())] = kEosToken;
    // Teacher forcing: the decoder reads <bos> y1 … yn and predicts y1 … yn <eos>.
    ti[row][0] = kBosToken;
    for (std::size_t i = 0; i < target.size(); ++i) {
      ti[row][static_cast<int64_t>(i) + 1] = target[i];
      to[row][static_cast<int64_t>(i)] = target[i];
    }
    to[row][static_cast<int64_t>(target.size())] = kEosToken;
    target_tokens += static_cast<int64_t>(target.size()) + 1;
  }
  Batch batch;
  batch.src = src.to(device, /*non_blocking=*/to_gpu);
  batch.tgt_in = tgt_in.to(device, to_gpu);
  batch.tgt_out = tgt_out.to(device, to_gpu);
  batch.src_padding = padding_mask(batch.src);
  batch.tgt_padding = padding_mask(batch.tgt_out);
  batch.causal = causal_mask(target_length, torch::TensorOptions().device(device));
  batch.indices = indices;
  batch.target_tokens = target_tokens;
  return batch;
}

Batcher::Batcher(const std::vector<EncodedExample>& examples, int batch_size, bool bucket_by_length,
                 uint64_t seed)
    : examples_(examples),
      batch_size_(std::max(1, batch_size)),
      bucket_by_length_(bucket_by_length),
      seed_(seed) {}

std::vector<std::vector<std::size_t>> Batcher::epoch_batches(int epoch) const {
  std::vector<std::size_t> order(examples_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // A distinct, reproducible stream per (seed, epoch).
  SeededRandom random(seed_ ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(epoch + 1)));
  random.shuffle(order);
  if (!bucket_by_length_) return chunk(order, batch_size_);

  const std::size_t pool = kBucketPoolBatches * static_cast<std::size_t>(batch_size_);
  for (std::size_t start = 0; start < order.size(); start += pool) {
    const auto begin = order.begin() + static_cast<std::ptrdiff_t>(start);
    const auto end =
        order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + pool));
    std::stable_sort(begin, end, [&](std::size_t a, std::size_t b) {
      return examples_[a].source.size() + examples_[a].target.size() <
             examples_[b].source.size() + examples_[b].target.size();
    });
  }
  auto batches = chunk(order, batch_size_);
  random.shuffle(batches);
  return batches;
}

std::vector<std::vector<std::size_t>> Batcher::sequential_batches() const {
  std::vector<std::size_t> order(examples_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  return chunk(order, batch_size_);
}

Batch Batcher::make_batch(const std::vector<std::size_t>& indices,
                          const torch::Device& device) const {
  std::vector<const EncodedExample*> rows;
  rows.reserve(indices.size());
  for (std::size_t index : indices) rows.push_back(&examples_[index]);
  return collate(rows, indices, device);
}

}  // namespace attn
