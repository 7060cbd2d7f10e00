#pragma once
// Tensors a capturing forward pass leaves behind. A null trace pointer means
// "do not capture": training steps pass nullptr and pay nothing.
//
// Two levels: the probe's (attention weights, norms, FFN activations: what
// the live docks need for a few examples at every capture) and the
// inspector's (`stages`: every intermediate tensor of every layer, for one
// sentence). Both are filled by the model's own forward pass as it computes,
// never by a second computation beside it.

#include <torch/torch.h>

#include <limits>
#include <string>
#include <vector>

namespace attn {

// The stages of one multi-head attention (§3.2.1, §3.2.2), kept at the
// inspector's level. All batch-first.
struct AttentionStages {
  torch::Tensor q, k, v;       // [B, H, T, d_k]: x W^Q + b^Q etc., split into heads
  torch::Tensor scores;        // [B, H, Tq, Tk]: Q Kᵀ
  double scale = 1.0;          // 1/√d_k
  torch::Tensor masked;        // [B, H, Tq, Tk]: scores · scale, −inf where a key is hidden
  torch::Tensor context;       // [B, H, Tq, d_k]: weights · V
  torch::Tensor concatenated;  // [B, Tq, D]: the heads side by side
  torch::Tensor output;        // [B, Tq, D]: concatenated W^O + b^O
};

struct AttentionTrace {
  torch::Tensor weights;  // [B, H, Tq, Tk], softmax output (rows sum to 1)
  torch::Tensor q_norm;   // [B, H, Tq], L2 norm of each head's query vector
  torch::Tensor k_norm;   // [B, H, Tk]
  torch::Tensor v_norm;   // [B, H, Tk]
  bool keep_stages = false;
  AttentionStages stages;
};

// One residual block of §3.1: post-norm LayerNorm(x + Sublayer(x)), pre-norm
// x + Sublayer(LayerNorm(x)). Dropout, on the sub-layer's output before the
// sum (§5.4), is the identity in inference. All batch-first [B, T, D].
struct ResidualBlockStages {
  std::string sublayer;          // "self-attention", "cross-attention", "feed-forward"
  torch::Tensor input;           // x entering the block
  torch::Tensor sublayer_input;  // what the sub-layer reads: x, or LayerNorm(x) in pre-norm
  torch::Tensor output;          // Sublayer(…)
  torch::Tensor sum;             // x + Sublayer(…)
  torch::Tensor result;          // LayerNorm(sum) in post-norm, sum in pre-norm
};

struct LayerTrace {
  AttentionTrace self_attention;
  AttentionTrace cross_attention;  // decoder layers only
  torch::Tensor ffn_hidden;        // [B, T, d_ff], after the activation
  std::vector<torch::Tensor>
      residual;  // [B, T] norm of x + Sublayer(x), before a post-norm LayerNorm
  bool keep_stages = false;
  torch::Tensor ffn_pre_activation;         // [B, T, d_ff]: x W1 + b1
  std::vector<ResidualBlockStages> blocks;  // in the order the layer runs them
};

struct ModelTrace {
  // Set before the pass: keep every stage (the inspector), not only what the
  // probe needs.
  bool keep_stages = false;
  std::vector<LayerTrace> encoder;
  std::vector<LayerTrace> decoder;
  // Kept with the stages (§3.4, §3.5), batch-first [B, T, D]:
  torch::Tensor source_embedding;  // token embedding · √d_model
  torch::Tensor source_input;      // + positional encoding: the first layer's input
  torch::Tensor target_embedding;
  torch::Tensor target_input;
  torch::Tensor memory;          // the encoder's output (after the final LayerNorm in pre-norm)
  torch::Tensor decoder_output;  // the decoder's output, before the projection to the vocabulary

  // Fresh per-layer traces of the trace's level.
  void start_encoder(std::size_t layers) { encoder.assign(layers, layer_template()); }
  void start_decoder(std::size_t layers) { decoder.assign(layers, layer_template()); }

 private:
  LayerTrace layer_template() const {
    LayerTrace layer;
    layer.keep_stages = keep_stages;
    layer.self_attention.keep_stages = keep_stages;
    layer.cross_attention.keep_stages = keep_stages;
    return layer;
  }
};

// Records the per-head norms of projected q, k, v ([B, H, T, d_k]), and the
// vectors themselves at the stage level.
inline void record_projections(AttentionTrace* trace, const torch::Tensor& q,
                               const torch::Tensor& k, const torch::Tensor& v) {
  trace->q_norm = q.norm(2, /*dim=*/-1);
  trace->k_norm = k.norm(2, /*dim=*/-1);
  trace->v_norm = v.norm(2, /*dim=*/-1);
  if (trace->keep_stages) {
    trace->stages.q = q;
    trace->stages.k = k;
    trace->stages.v = v;
  }
}

// The masked, scaled scores exactly as the softmax sees them: scores · scale,
// plus the additive mask [Tq, Tk], with hidden keys (key_padding [B, Tk]
// true) at −inf. The fused softmax kernel never materialises this tensor;
// the inspector's tests check softmax(masked) against the weights it returned.
inline torch::Tensor masked_scaled_scores(const torch::Tensor& scores, double scale,
                                          const torch::Tensor& key_padding,
                                          const torch::Tensor& attn_mask) {
  auto masked = scores * scale;
  if (attn_mask.defined()) masked = masked + attn_mask;
  if (key_padding.defined())
    masked = masked.masked_fill(key_padding.unsqueeze(1).unsqueeze(2),
                                -std::numeric_limits<float>::infinity());
  return masked;
}

}  // namespace attn
