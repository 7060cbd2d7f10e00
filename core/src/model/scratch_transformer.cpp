#include "model/scratch_transformer.h"

#include "model/attention_mask.h"
#include "model/feed_forward.h"

namespace attn {
namespace {

torch::nn::LayerNorm make_layer_norm(int64_t d_model) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({d_model}));
}

// Records the per-position norm of the residual stream x + Sublayer(x) and
// passes it on. In post-norm layers this is the LayerNorm's input: after the
// LayerNorm every position's norm is about √d_model, whatever the sub-layer did.
torch::Tensor record_residual(LayerTrace* trace, const torch::Tensor& x) {
  if (trace != nullptr) trace->residual.push_back(x.norm(2, /*dim=*/-1));
  return x;
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
  torch::Tensor* hidden = trace != nullptr ? &trace->ffn_hidden : nullptr;
  auto x = input;
  if (norm_placement_ == NormPlacement::Post) {
    // §3.1: LayerNorm(x + Sublayer(x))
    x = norm1(record_residual(
        trace, x + dropout1(self_attn->forward(x, x, padding, {}, attention_trace))));
    x = norm2(record_residual(
        trace, x + dropout2(feed_forward(x, linear1, linear2, dropout, activation_, hidden))));
  } else {
    auto normed = norm1(x);
    x = x + dropout1(self_attn->forward(normed, normed, padding, {}, attention_trace));
    record_residual(trace, x);
    x = x + dropout2(feed_forward(norm2(x), linear1, linear2, dropout, activation_, hidden));
    record_residual(trace, x);
  }
  return x;
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
  torch::Tensor* hidden = trace != nullptr ? &trace->ffn_hidden : nullptr;
  auto x = input;
  if (norm_placement_ == NormPlacement::Post) {
    x = norm1(
        record_residual(trace, x + dropout1(self_attn->forward(x, x, {}, causal, self_trace))));
    x = norm2(record_residual(
        trace, x + dropout2(multihead_attn->forward(x, memory, memory_padding, {}, cross_trace))));
    x = norm3(record_residual(
        trace, x + dropout3(feed_forward(x, linear1, linear2, dropout, activation_, hidden))));
  } else {
    auto normed = norm1(x);
    x = x + dropout1(self_attn->forward(normed, normed, {}, causal, self_trace));
    record_residual(trace, x);
    x = x + dropout2(multihead_attn->forward(norm2(x), memory, memory_padding, {}, cross_trace));
    record_residual(trace, x);
    x = x + dropout3(feed_forward(norm3(x), linear1, linear2, dropout, activation_, hidden));
    record_residual(trace, x);
  }
  return x;
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
  auto x = embeddings_->embed_source(src);
  if (trace != nullptr) trace->encoder.assign(encoder_layers_.size(), LayerTrace{});
  for (size_t i = 0; i < encoder_layers_.size(); ++i) {
    x = encoder_layers_[i]->forward(x, padding, trace != nullptr ? &trace->encoder[i] : nullptr);
  }
  return encoder_norm_ ? encoder_norm_(x) : x;
}

torch::Tensor ScratchTransformerImpl::decoder_states(const torch::Tensor& tgt_in,
                                                     const torch::Tensor& memory,
                                                     const torch::Tensor& src, ModelTrace* trace) {
  const auto memory_padding = padding_mask(src);
  auto x = embeddings_->embed_target(tgt_in);
  const auto causal = causal_mask(tgt_in.size(1), x.options());
  if (trace != nullptr) trace->decoder.assign(decoder_layers_.size(), LayerTrace{});
  for (size_t i = 0; i < decoder_layers_.size(); ++i) {
    x = decoder_layers_[i]->forward(x, memory, causal, memory_padding,
                                    trace != nullptr ? &trace->decoder[i] : nullptr);
  }
  return decoder_norm_ ? decoder_norm_(x) : x;
}

}  // namespace attn
