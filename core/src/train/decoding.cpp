#include "train/decoding.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "attn/tokenizer.h"

namespace attn {

std::vector<std::vector<int>> greedy_decode(Seq2SeqModelImpl& model, const torch::Tensor& src,
                                            int max_length, const DecodeStepHook& before_step) {
  torch::NoGradGuard no_grad;
  const int64_t rows = src.size(0);
  auto memory = model.encode(src, nullptr);
  auto sequence = torch::full({rows, 1}, kBosToken, src.options());
  auto finished = torch::zeros({rows}, src.options().dtype(torch::kBool));
  DecoderCache cache;
  auto read = sequence;  // the token the next step reads
  for (int t = 0; t < max_length; ++t) {
    if (before_step) before_step();
    auto next = model.decode_next(read, memory, src, cache).argmax(-1);
    // Rows that already ended keep emitting padding.
    next = next.masked_fill(finished, kPadToken);
    read = next.unsqueeze(1);
    sequence = torch::cat({sequence, read}, 1);
    finished = finished.logical_or(next.eq(kEosToken));
    if (finished.all().item<bool>()) break;
  }
  auto host = sequence.cpu();
  std::vector<std::vector<int>> outputs(static_cast<std::size_t>(rows));
  for (int64_t row = 0; row < rows; ++row) {
    for (int64_t t = 1; t < host.size(1); ++t) {
      const int token = static_cast<int>(host[row][t].item<int64_t>());
      if (token == kEosToken || token == kPadToken) break;
      outputs[static_cast<std::size_t>(row)].push_back(token);
    }
  }
  return outputs;
}

std::vector<int> beam_decode(Seq2SeqModelImpl& model, const torch::Tensor& src, int beam_size,
                             double length_penalty, int max_length,
                             const DecodeStepHook& before_step) {
  torch::NoGradGuard no_grad;
  struct Hypothesis {
    std::vector<int64_t> tokens;  // starts with <bos>
    double log_probability = 0;
  };
  auto penalty = [&](std::size_t length) { return std::pow((5.0 + length) / 6.0, length_penalty); };
  auto memory = model.encode(src, nullptr);
  std::vector<Hypothesis> beams = {{{kBosToken}, 0.0}};
  std::vector<Hypothesis> finished;
  DecoderCache cache;  // row b: beams[b]'s state
  auto read = torch::full({1, 1}, kBosToken, src.options());
  for (int t = 0; t < max_length && !beams.empty(); ++t) {
    if (before_step) before_step();
    const int64_t count = static_cast<int64_t>(beams.size());
    auto logits =
        model.decode_next(read, memory.expand({count, -1, -1}), src.expand({count, -1}), cache);
    auto log_probabilities = torch::log_softmax(logits.to(torch::kFloat32), -1).cpu();
    // A beam wider than the vocabulary keeps every token.
    const int widest = static_cast<int>(std::min<int64_t>(beam_size, log_probabilities.size(-1)));
    auto [top_values, top_indices] = log_probabilities.topk(widest, -1);
    std::vector<Hypothesis> candidates;
    std::vector<int64_t> parents;  // the beam each candidate continues
    for (int64_t b = 0; b < count; ++b) {
      for (int k = 0; k < widest; ++k) {
        Hypothesis next = beams[static_cast<std::size_t>(b)];
        next.tokens.push_back(top_indices[b][k].item<int64_t>());
        next.log_probability += top_values[b][k].item<double>();
        candidates.push_back(std::move(next));
        parents.push_back(b);
      }
    }
    std::vector<std::size_t> order(candidates.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return candidates[a].log_probability > candidates[b].log_probability;
    });
    beams.clear();
    std::vector<int64_t> kept_parents, kept_tokens;
    for (std::size_t i : order) {
      if (static_cast<int>(beams.size()) >= beam_size) break;
      if (candidates[i].tokens.back() == kEosToken) {
        finished.push_back(std::move(candidates[i]));
      } else {
        kept_parents.push_back(parents[i]);
        kept_tokens.push_back(candidates[i].tokens.back());
        beams.push_back(std::move(candidates[i]));
      }
    }
    if (!beams.empty()) {
      cache.select_rows(torch::tensor(kept_parents, torch::kLong).to(src.device()));
      read = torch::tensor(kept_tokens, torch::kLong).to(src.device()).unsqueeze(1);
    }
    if (static_cast<int>(finished.size()) >= beam_size) break;
  }
  for (auto& beam : beams) finished.push_back(std::move(beam));
  const Hypothesis* best = nullptr;
  double best_score = -INFINITY;
  for (const auto& hypothesis : finished) {
    const double score = hypothesis.log_probability / penalty(hypothesis.tokens.size() - 1);
    if (score > best_score) best_score = score, best = &hypothesis;
  }
  std::vector<int> output;
  if (best == nullptr) return output;
  for (std::size_t i = 1; i < best->tokens.size(); ++i) {
    if (best->tokens[i] == kEosToken) break;
    output.push_back(static_cast<int>(best->tokens[i]));
  }
  return output;
}

}  // namespace attn
