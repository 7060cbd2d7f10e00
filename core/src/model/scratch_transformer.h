#pragma once

#include <torch/torch.h>

#include "model/dropout.h"

#include "model/multi_head_attention.h"
#include "model/seq2seq_model.h"

namespace attn {

// §3.1 encoder layer: self-attention, then the position-wise FFN, each wrapped
// in a residual connection and LayerNorm. Sub-module names match LibTorch's
// TransformerEncoderLayer so weights copy across by name.
class EncoderLayerImpl : public torch::nn::Module {
 public:
  explicit EncoderLayerImpl(const ModelConfig& config);

  // x [B, S, D]; padding [B, S] bool
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& padding, LayerTrace* trace);

  MultiHeadAttention self_attn{nullptr};
  torch::nn::Linear linear1{nullptr};
  Dropout dropout{nullptr};
  torch::nn::Linear linear2{nullptr};
  torch::nn::LayerNorm norm1{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  Dropout dropout1{nullptr};
  Dropout dropout2{nullptr};

 private:
  NormPlacement norm_placement_;
  Activation activation_;
};
TORCH_MODULE(EncoderLayer);

// §3.1 decoder layer: masked self-attention, encoder–decoder attention over the
// encoder output, then the FFN; residual + LayerNorm around each.
class DecoderLayerImpl : public torch::nn::Module {
 public:
  explicit DecoderLayerImpl(const ModelConfig& config);

  // x [B, T, D]; memory [B, S, D]; causal [T, T] additive; memory_padding [B, S] bool
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& memory,
                        const torch::Tensor& causal, const torch::Tensor& memory_padding,
                        LayerTrace* trace);
  // One new position x [B, 1, D], the earlier ones' keys and values in the caches.
  torch::Tensor forward_incremental(const torch::Tensor& x, const torch::Tensor& memory,
                                    const torch::Tensor& memory_padding, AttentionCache& self_cache,
                                    AttentionCache& cross_cache);

  MultiHeadAttention self_attn{nullptr};
  MultiHeadAttention multihead_attn{nullptr};
  torch::nn::Linear linear1{nullptr};
  Dropout dropout{nullptr};
  torch::nn::Linear linear2{nullptr};
  torch::nn::LayerNorm norm1{nullptr};
  torch::nn::LayerNorm norm2{nullptr};
  torch::nn::LayerNorm norm3{nullptr};
  Dropout dropout1{nullptr};
  Dropout dropout2{nullptr};
  Dropout dropout3{nullptr};

 private:
  NormPlacement norm_placement_;
  Activation activation_;
};
TORCH_MODULE(DecoderLayer);

// The Transformer of "Attention Is All You Need", written from the paper.
class ScratchTransformerImpl : public Seq2SeqModelImpl {
 public:
  explicit ScratchTransformerImpl(const ModelConfig& config);

  torch::Tensor encode(const torch::Tensor& src, ModelTrace* trace) override;
  torch::Tensor decoder_states(const torch::Tensor& tgt_in, const torch::Tensor& memory,
                               const torch::Tensor& src, ModelTrace* trace) override;
  // Reads only the new token: every decoder layer keeps its keys and values.
  torch::Tensor decode_next(const torch::Tensor& next, const torch::Tensor& memory,
                            const torch::Tensor& src, DecoderCache& cache) override;

 private:
  std::vector<EncoderLayer> encoder_layers_;
  std::vector<DecoderLayer> decoder_layers_;
  torch::nn::LayerNorm encoder_norm_{nullptr};  // pre-norm only
  torch::nn::LayerNorm decoder_norm_{nullptr};  // pre-norm only
};

}  // namespace attn
