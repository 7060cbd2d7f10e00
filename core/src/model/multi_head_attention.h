#pragma once

#include <torch/torch.h>

#include "model/decoder_cache.h"
#include "model/dropout.h"
#include "model/trace.h"

namespace attn {

struct MultiHeadAttentionOptions {
  MultiHeadAttentionOptions(int64_t d_model, int64_t heads) : d_model_(d_model), heads_(heads) {}
  TORCH_ARG(int64_t, d_model);
  TORCH_ARG(int64_t, heads);
  // Dropout on the attention weights, as LibTorch's MultiheadAttention does.
  TORCH_ARG(double, dropout) = 0.0;
};

// §3.2.2: MultiHead(Q, K, V) = Concat(head_1..head_h) W^O,
//         head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V).
// The h per-head projections W_i^Q (d_model × d_k) are stored side by side as
// one d_model × d_model matrix, and Q, K, V are stacked into one
// [3·d_model, d_model] `in_proj_weight` (the layout of LibTorch's
// MultiheadAttention, so weights copy across by name). In self-attention this
// is one GEMM instead of three.
class MultiHeadAttentionImpl : public torch::nn::Module {
 public:
  explicit MultiHeadAttentionImpl(const MultiHeadAttentionOptions& options);

  // query: [B, Tq, D]; memory: [B, Tk, D] (the same tensor for self-attention).
  // key_padding_mask: [B, Tk] bool, true = ignore that key (may be undefined).
  // attn_mask: [Tq, Tk] float added to the scores (may be undefined).
  // Returns [B, Tq, D].
  torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& memory,
                        const torch::Tensor& key_padding_mask, const torch::Tensor& attn_mask,
                        AttentionTrace* trace = nullptr);

  // Incremental decoding (decoder_cache.h), no trace. Self-attention
  // (`memory` undefined): the query's own key and value join the cache, and
  // the query attends to every cached position (all earlier, so no causal
  // mask is needed). Cross-attention: the memory's keys and values are
  // computed on the first call and read from the cache after.
  torch::Tensor forward_incremental(const torch::Tensor& query, const torch::Tensor& memory,
                                    const torch::Tensor& key_padding_mask, AttentionCache& cache);

  void reset_parameters();

  MultiHeadAttentionOptions options;
  torch::Tensor in_proj_weight;         // [3D, D]: rows W^Q, W^K, W^V
  torch::Tensor in_proj_bias;           // [3D]
  torch::nn::Linear out_proj{nullptr};  // W^O
  Dropout attn_dropout{nullptr};
};
TORCH_MODULE(MultiHeadAttention);

// The same function through LibTorch's fused operator (torch_compat.h), for
// steps that record nothing on CUDA: the masks become one additive float mask
// and the attention weights are never materialised. Returns an undefined
// tensor where LibTorch has no fused operator (1.13). `dropout_p` drops
// attention weights as `Dropout` would (with LibTorch's own random numbers).
torch::Tensor fused_scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                                 const torch::Tensor& v,
                                                 const torch::Tensor& key_padding_mask,
                                                 const torch::Tensor& attn_mask, double dropout_p);

// §3.2.1: Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V on [B, H, T, d_k]
// tensors. Returns the context [B, H, Tq, d_k]; the trace (may be null)
// receives the softmax, and at the stage level the scores and the context.
torch::Tensor scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                           const torch::Tensor& v,
                                           const torch::Tensor& key_padding_mask,
                                           const torch::Tensor& attn_mask, Dropout& dropout,
                                           AttentionTrace* trace);

}  // namespace attn
