#include "model/scratch_transformer.h"

#include "model/attention_mask.h"
#include "model/feed_forward.h"
#include "model/residual_block.h"

namespace attn {
namespace {

torch::nn::LayerNorm make_layer_norm(int64_t d_model) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model}));
}

}  // namespace

EncoderLayerImpl::EncoderLayerImpl(const ModelConfig& config)
    : norm_placement_(config.norm), activation_(config.activation) {
  self_attn = register_module(
      "self_attn",
      MultiHeadAttention(
          MultiHeadAttentionOptions(config.d_model, config.heads).dropout(config.dropout)));
  linear1 = register_module("linear1", torch::nn::Linear(config.d_model, config.d_ff));
  dropout = register_module("dropout", Dropout(config.dropout));
  linear2 = register_module("linear2", torch::nn::Linear(config.d_ff, config.d_model));
  norm1 = register_module("norm1", make_layer_norm(config.d_model));
  norm2 = register_module("norm2", make_layer_norm(config.d_model));
  // §5.4: dropout on the output of each sub-layer, before the residual sum.
  dropout1 = register_module("dropout1", Dropout(config.dropout));
  dropout2 = register_module("dropout2", Dropout(config.dropout));
}

torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& input, const torch::Tensor& padding,
                                        LayerTrace* trace) {
  AttentionTrace* attention_trace = trace != nullptr ? &trace->self_attention : nullptr;
  auto x = residual_block(
      norm_placement_, norm1, dropout1, input,
      [&](const torch::Tensor& in) {
        return self_attn->forward(in, in, padding, {}, attention_trace);
      },
      trace, "self-attention");
  return residual_block(
      norm_placement_, norm2, dropout2, x,
      [&](const torch::Tensor& in) {
        return feed_forward(in, linear1, linear2, dropout, activation_, trace);
      },
      trace, "feed-forward");
}

DecoderLayerImpl::DecoderLayerImpl(const ModelConfig& config)
    : norm_placement_(config.norm), activation_(config.activation) {
  const auto attention_options =
      MultiHeadAttentionOptions(config.d_model, config.heads).dropout(config.dropout);
  self_attn = register_module("self_attn", MultiHeadAttention(attention_options));
  multihead_attn = register_module("multihead_attn", MultiHeadAttention(attention_options));
  linear1 = register_module("linear1", torch::nn::Linear(config.d_model, config.d_ff));
  dropout = register_module("dropout", Dropout(config.dropout));
  linear2 = register_module("linear2", torch::nn::Linear(config.d_ff, config.d_model));
  norm1 = register_module("norm1", make_layer_norm(config.d_model));
  norm2 = register_module("norm2", make_layer_norm(config.d_model));
  norm3 = register_module("norm3", make_layer_norm(config.d_model));
  dropout1 = register_module("dropout1", Dropout(config.dropout));
  dropout2 = register_module("dropout2", Dropout(config.dropout));
  dropout3 = register_module("dropout3", Dropout(config.dropout));
}

torch::Tensor DecoderLayerImpl::forward(const torch::Tensor& input, const torch::Tensor& memory,
                                        const torch::Tensor& causal,
                                        const torch::Tensor& memory_padding, LayerTrace* trace) {
  AttentionTrace* self_trace = trace != nullptr ? &trace->self_attention : nullptr;
  AttentionTrace* cross_trace = trace != nullptr ? &trace->cross_attention : nullptr;
  auto x = residual_block(
      norm_placement_, norm1, dropout1, input,
      [&](const torch::Tensor& in) { return self_attn->forward(in, in, {}, causal, self_trace); },
      trace, "self-attention");
  x = residual_block(
      norm_placement_, norm2, dropout2, x,
      [&](const torch::Tensor& in) {
        return multihead_attn->forward(in, memory, memory_padding, {}, cross_trace);
      },
      trace, "cross-attention");
  return residual_block(
      norm_placement_, norm3, dropout3, x,
      [&](const torch::Tensor& in) {
        return feed_forward(in, linear1, linear2, dropout, activation_, trace);
      },
      trace, "feed-forward");
}

torch::Tensor DecoderLayerImpl::forward_incremental(const torch::Tensor& input,
                                                    const torch::Tensor& memory,
                                                    const torch::Tensor& memory_padding,
                                                    AttentionCache& self_cache,
                                                    AttentionCache& cross_cache) {
  // The same three residual blocks as forward(), on one position.
  auto x = residual_block(
      norm_placement_, norm1, dropout1, input,
      [&](const torch::Tensor& in) {
        return self_attn->forward_incremental(in, {}, {}, self_cache);
      },
      nullptr, "self-attention");
  x = residual_block(
      norm_placement_, norm2, dropout2, x,
      [&](const torch::Tensor& in) {
        return multihead_attn->forward_incremental(in, memory, memory_padding, cross_cache);
      },
      nullptr, "cross-attention");
  return residual_block(
      norm_placement_, norm3, dropout3, x,
      [&](const torch::Tensor& in) {
        return feed_forward(in, linear1, linear2, dropout, activation_, nullptr);
      },
      nullptr, "feed-forward");
}

ScratchTransformerImpl::ScratchTransformerImpl(const ModelConfig& config)
    : Seq2SeqModelImpl(config, Implementation::Scratch) {
  auto encoder = torch::nn::ModuleList();
  for (int i = 0; i < config.enc_layers; ++i) {
    encoder_layers_.push_back(EncoderLayer(config));
    encoder->push_back(encoder_layers_.back());
  }
  auto decoder = torch::nn::ModuleList();
  for (int i = 0; i < config.dec_layers; ++i) {
    decoder_layers_.push_back(DecoderLayer(config));
    decoder->push_back(decoder_layers_.back());
  }
  register_module("encoder", encoder);
  register_module("decoder", decoder);
  if (config.norm == NormPlacement::Pre) {
    // A pre-norm stack's output is an un-normalised residual sum; a final
    // LayerNorm brings it back to the scale the next stage expects.
    encoder_norm_ = register_module("encoder_norm", make_layer_norm(config.d_model));
    decoder_norm_ = register_module("decoder_norm", make_layer_norm(config.d_model));
  }
}

torch::Tensor ScratchTransformerImpl::encode(const torch::Tensor& src, ModelTrace* trace) {
  const auto padding = padding_mask(src);
  auto x = embeddings_->embed_source(src, trace);
  if (trace != nullptr) trace->start_encoder(encoder_layers_.size());
  for (size_t i = 0; i < encoder_layers_.size(); ++i) {
    x = encoder_layers_[i]->forward(x, padding, trace != nullptr ? &trace->encoder[i] : nullptr);
  }
  return record_memory(trace, encoder_norm_ ? encoder_norm_(x) : x);
}

torch::Tensor ScratchTransformerImpl::decoder_states(const torch::Tensor& tgt_in,
                                                     const torch::Tensor& memory,
                                                     const torch::Tensor& src, ModelTrace* trace) {
  const auto memory_padding = padding_mask(src);
  auto x = embeddings_->embed_target(tgt_in, trace);
  const auto causal = causal_mask(tgt_in.size(1), x.options());
  if (trace != nullptr) trace->start_decoder(decoder_layers_.size());
  for (size_t i = 0; i < decoder_layers_.size(); ++i) {
    x = decoder_layers_[i]->forward(x, memory, causal, memory_padding,
                                    trace != nullptr ? &trace->decoder[i] : nullptr);
  }
  return record_decoder_output(trace, decoder_norm_ ? decoder_norm_(x) : x);
}

torch::Tensor ScratchTransformerImpl::decode_next(const torch::Tensor& next,
                                                  const torch::Tensor& memory,
                                                  const torch::Tensor& src, DecoderCache& cache) {
  const int64_t position = cache.length();
  cache.tokens = cache.tokens.defined() ? torch::cat({cache.tokens, next}, 1) : next;
  if (cache.self_attention.empty()) {
    cache.self_attention.resize(decoder_layers_.size());
    cache.cross_attention.resize(decoder_layers_.size());
  }
  const auto memory_padding = padding_mask(src);
  auto x = embeddings_->embed_target(next, nullptr, position);
  for (size_t i = 0; i < decoder_layers_.size(); ++i) {
    x = decoder_layers_[i]->forward_incremental(x, memory, memory_padding, cache.self_attention[i],
                                                cache.cross_attention[i]);
  }
  if (decoder_norm_) x = decoder_norm_(x);
  return embeddings_->project(x).select(1, 0);
}

}  // namespace attn
