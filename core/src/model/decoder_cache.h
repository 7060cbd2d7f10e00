#pragma once
// Incremental decoding: what a decoder keeps between two decoding steps so
// that reading one more token costs one position, not the whole prefix again.
//
// Causal masking (§3.2.3) makes every position's output independent of the
// positions after it, so the keys and values an attention layer computed for
// earlier positions are the ones a full pass would compute again: keeping
// them gives the same numbers up to float rounding. Cross-attention's keys and
// values come from the encoder's memory and are computed once.

#include <torch/torch.h>

#include <vector>

namespace attn {

// One attention layer's keys and values so far, [B, H, t, d_k].
struct AttentionCache {
  torch::Tensor keys;
  torch::Tensor values;

  void select_rows(const torch::Tensor& rows) {
    if (keys.defined()) keys = keys.index_select(0, rows), values = values.index_select(0, rows);
  }
};

struct DecoderCache {
  torch::Tensor tokens;  // [B, t]: the tokens read so far, <bos> first
  // Per decoder layer (implementations without incremental layers leave them empty).
  std::vector<AttentionCache> self_attention;
  std::vector<AttentionCache> cross_attention;
  // Per decoder layer, for attention modules that project keys and values
  // inside their own forward (LibTorch's): the self-attention's inputs so
  // far, [B, t, D]. Their projection is repeated per step; the layers above
  // it (and the feed-forward network) are not.
  std::vector<torch::Tensor> self_attention_inputs;

  int64_t length() const { return tokens.defined() ? tokens.size(1) : 0; }

  // Keeps rows `rows` [B'] (long), in that order: beam search's surviving
  // hypotheses, each continuing from its parent's state.
  void select_rows(const torch::Tensor& rows) {
    if (tokens.defined()) tokens = tokens.index_select(0, rows);
    for (auto& cache : self_attention) cache.select_rows(rows);
    for (auto& cache : cross_attention) cache.select_rows(rows);
    for (auto& inputs : self_attention_inputs) {
      if (inputs.defined()) inputs = inputs.index_select(0, rows);
    }
  }
};

}  // namespace attn
