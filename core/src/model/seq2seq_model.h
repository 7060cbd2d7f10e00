#pragma once

#include <torch/torch.h>

#include <memory>

#include "attn/model_config.h"
#include "model/decoder_cache.h"
#include "model/token_embeddings.h"
#include "model/trace.h"

namespace attn {

// The encoder–decoder interface both implementations share. Inputs are
// batch-first token ids with <pad> = 0; masks are derived from them.
class Seq2SeqModelImpl : public torch::nn::Module {
 public:
  Seq2SeqModelImpl(const ModelConfig& config, Implementation implementation);
  ~Seq2SeqModelImpl() override = default;

  // src [B, S] → memory [B, S, D]
  virtual torch::Tensor encode(const torch::Tensor& src, ModelTrace* trace) = 0;
  // tgt_in [B, T] (<bos> + target), memory [B, S, D], src [B, S] → the
  // decoder's output states [B, T, D], before the projection to the vocabulary.
  virtual torch::Tensor decoder_states(const torch::Tensor& tgt_in, const torch::Tensor& memory,
                                       const torch::Tensor& src, ModelTrace* trace) = 0;

  // The same → logits [B, T, V] (§3.4: the output projection).
  torch::Tensor decode(const torch::Tensor& tgt_in, const torch::Tensor& memory,
                       const torch::Tensor& src, ModelTrace* trace) {
    return embeddings_->project(decoder_states(tgt_in, memory, src, trace));
  }

  torch::Tensor forward(const torch::Tensor& src, const torch::Tensor& tgt_in,
                        ModelTrace* trace = nullptr) {
    return decode(tgt_in, encode(src, trace), src, trace);
  }

  // One decoding step: reads `next` [B, 1] after the tokens in `cache` and
  // returns the logits [B, V] for the position after it; the cache grows by
  // one. The same numbers as decode() on the whole prefix (up to rounding).
  // This default reads the whole prefix again; both implementations override
  // it to read only the new token (decoder_cache.h).
  virtual torch::Tensor decode_next(const torch::Tensor& next, const torch::Tensor& memory,
                                    const torch::Tensor& src, DecoderCache& cache) {
    cache.tokens = cache.tokens.defined() ? torch::cat({cache.tokens, next}, 1) : next;
    const auto logits = decode(cache.tokens, memory, src, nullptr);
    return logits.select(1, logits.size(1) - 1);
  }

  const ModelConfig& config() const { return config_; }
  Implementation implementation() const { return implementation_; }
  TokenEmbeddings& embeddings() { return embeddings_; }

 protected:
  // The encoder's and the decoder's outputs, kept at the trace's stage level.
  static torch::Tensor record_memory(ModelTrace* trace, const torch::Tensor& memory) {
    if (trace != nullptr && trace->keep_stages) trace->memory = memory;
    return memory;
  }
  static torch::Tensor record_decoder_output(ModelTrace* trace, const torch::Tensor& states) {
    if (trace != nullptr && trace->keep_stages) trace->decoder_output = states;
    return states;
  }

  ModelConfig config_;
  Implementation implementation_;
  TokenEmbeddings embeddings_{nullptr};
};

using Seq2SeqModel = std::shared_ptr<Seq2SeqModelImpl>;

// The model in eval mode for a scope (dropout off, §5.4), then in the mode
// it was in: what the probe and the inspector's traced pass see.
class EvalModeScope {
 public:
  explicit EvalModeScope(torch::nn::Module& model)
      : model_(model), was_training_(model.is_training()) {
    model_.eval();
  }
  ~EvalModeScope() { model_.train(was_training_); }
  EvalModeScope(const EvalModeScope&) = delete;
  EvalModeScope& operator=(const EvalModeScope&) = delete;

 private:
  torch::nn::Module& model_;
  bool was_training_;
};

}  // namespace attn
