#pragma once

#include <torch/torch.h>

#include "model/dropout.h"

#include "attn/model_config.h"
#include "model/positional_encoding.h"
#include "model/trace.h"

namespace attn {

// Input embeddings, positional encoding and the pre-softmax projection, shared
// by both implementations so they differ only in their layers.
//
// §3.4: embeddings are multiplied by sqrt(d_model) (unless scale_embedding is off); the same weight
// matrix is shared between the two embedding layers and the pre-softmax linear transformation (when
// tie_embeddings is on; the source side joins only when the vocabulary is shared).
class TokenEmbeddingsImpl : public torch::nn::Module {
 public:
  explicit TokenEmbeddingsImpl(const ModelConfig& config);

  // tokens [B, T] → dropout(embedding · sqrt(d_model) + PE)  (§3.4, §3.5, §5.4).
  // A trace at the stage level keeps the scaled embedding and the sum.
  torch::Tensor embed_source(const torch::Tensor& tokens, ModelTrace* trace = nullptr);
  // `first`: the position of the first token (incremental decoding reads one at a time).
  torch::Tensor embed_target(const torch::Tensor& tokens, ModelTrace* trace = nullptr,
                             int64_t first = 0);
  // [B, T, D] → logits [B, T, tgt_vocab] (+ the output bias where the model has one)
  torch::Tensor project(const torch::Tensor& hidden);

  // The matrices that are trained (each once, even when shared).
  torch::Tensor source_weight() const;
  torch::Tensor target_weight() const;
  torch::Tensor output_weight() const;
  // Undefined unless ModelConfig::output_bias (a trained parameter, "output_bias").
  torch::Tensor output_bias() const { return output_bias_; }

 private:
  torch::Tensor embed(torch::nn::Embedding& table, const torch::Tensor& tokens, int64_t first,
                      torch::Tensor* scaled, torch::Tensor* positioned);

  double scale_;
  torch::nn::Embedding source_{nullptr};
  torch::nn::Embedding target_{nullptr};  // may be the same module as source_
  torch::nn::Linear output_{nullptr};     // null when tied to target_
  torch::Tensor output_bias_;             // [tgt_vocab] or undefined
  PositionalEncoding positional_{nullptr};
  Dropout dropout_{nullptr};
};
TORCH_MODULE(TokenEmbeddings);

}  // namespace attn
