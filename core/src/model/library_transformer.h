#pragma once

#include <torch/torch.h>

#include "model/seq2seq_model.h"

namespace attn {

// The same model built from LibTorch's own torch::nn::TransformerEncoderLayer
// and TransformerDecoderLayer, with our embeddings, positional encoding and
// output projection. The Python tutorial's second implementation, in C++.
//
// LibTorch has no forward hooks, so a capturing pass replays each layer's
// public sub-modules (self_attn with need_weights and per-head weights,
// linear1, norm1, ...) in the order the layer's own forward uses them.
// LibTorch's C++ layers have no norm_first option; pre-norm runs the same
// sub-modules in pre-norm order.
class LibraryTransformerImpl : public Seq2SeqModelImpl {
 public:
  explicit LibraryTransformerImpl(const ModelConfig& config);

  torch::Tensor encode(const torch::Tensor& src, ModelTrace* trace) override;
  torch::Tensor decoder_states(const torch::Tensor& tgt_in, const torch::Tensor& memory,
                               const torch::Tensor& src, ModelTrace* trace) override;
  // Reads only the new token: each layer's sub-modules replayed on it, its
  // self-attention over the inputs kept from the earlier steps.
  torch::Tensor decode_next(const torch::Tensor& next, const torch::Tensor& memory,
                            const torch::Tensor& src, DecoderCache& cache) override;

  // Forces the replayed path even when nothing is captured (tests compare it
  // with the layers' own forward).
  void set_always_replay(bool replay) { always_replay_ = replay; }

 private:
  bool use_library_forward(const ModelTrace* trace) const;
  torch::Tensor replay_encoder_layer(torch::nn::TransformerEncoderLayer& layer,
                                     const torch::Tensor& x, const torch::Tensor& padding,
                                     LayerTrace* trace);
  torch::Tensor replay_decoder_layer(torch::nn::TransformerDecoderLayer& layer,
                                     const torch::Tensor& x, const torch::Tensor& memory,
                                     const torch::Tensor& causal,
                                     const torch::Tensor& memory_padding, LayerTrace* trace);
  torch::Tensor attend(torch::nn::MultiheadAttention& attention, const torch::Tensor& query,
                       const torch::Tensor& memory, const torch::Tensor& key_padding,
                       const torch::Tensor& attn_mask, AttentionTrace* trace);
  torch::Tensor feed_forward_of(torch::nn::Linear& linear1, torch::nn::Linear& linear2,
                                torch::nn::Dropout& dropout, const torch::Tensor& x,
                                LayerTrace* trace);

  std::vector<torch::nn::TransformerEncoderLayer> encoder_layers_;
  std::vector<torch::nn::TransformerDecoderLayer> decoder_layers_;
  torch::nn::LayerNorm encoder_norm_{nullptr};
  torch::nn::LayerNorm decoder_norm_{nullptr};
  bool always_replay_ = false;
};

}  // namespace attn
