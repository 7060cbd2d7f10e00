#pragma once
// Tensors a capturing forward pass leaves behind. A null trace pointer means
// "do not capture": training steps pass nullptr and pay nothing.

#include <torch/torch.h>

#include <vector>

namespace attn {

struct AttentionTrace {
  torch::Tensor weights;  // [B, H, Tq, Tk], softmax output (rows sum to 1)
  torch::Tensor q_norm;   // [B, H, Tq], L2 norm of each head's query vector
  torch::Tensor k_norm;   // [B, H, Tk]
  torch::Tensor v_norm;   // [B, H, Tk]
};

struct LayerTrace {
  AttentionTrace self_attention;
  AttentionTrace cross_attention;  // decoder layers only
  torch::Tensor ffn_hidden;        // [B, T, d_ff], after the activation
  std::vector<torch::Tensor>
      residual;  // [B, T] norm of x + Sublayer(x), before a post-norm LayerNorm
};

struct ModelTrace {
  std::vector<LayerTrace> encoder;
  std::vector<LayerTrace> decoder;
};

// Records the per-head norms of projected q, k, v ([B, H, T, d_k]).
inline void record_projection_norms(AttentionTrace* trace, const torch::Tensor& q,
                                    const torch::Tensor& k, const torch::Tensor& v) {
  trace->q_norm = q.norm(2, /*dim=*/-1);
  trace->k_norm = k.norm(2, /*dim=*/-1);
  trace->v_norm = v.norm(2, /*dim=*/-1);
}

}  // namespace attn
