#include "model/library_transformer.h"

#include "model/attention_mask.h"
#include "model/feed_forward.h"

namespace attn {
namespace {

torch::nn::activation_t library_activation(Activation activation) {
  if (activation == Activation::GELU) return torch::kGELU;
  return torch::kReLU;
}

// LibTorch's layers are sequence-first: [T, B, D].
torch::Tensor to_sequence_first(const torch::Tensor& x) { return x.transpose(0, 1); }
torch::Tensor to_batch_first(const torch::Tensor& x) { return x.transpose(0, 1); }

// As the scratch layers: the residual stream x + Sublayer(x), before a
// post-norm layer's LayerNorm. Returns its input.
torch::Tensor record_residual(LayerTrace* trace, const torch::Tensor& x_sequence_first) {
  if (trace != nullptr) trace->residual.push_back(to_batch_first(x_sequence_first).norm(2, -1));
  return x_sequence_first;
}

// Per-head norms of the projected q, k, v, computed from the attention
// module's public in_proj parameters. query/memory are sequence-first.
void record_norms(torch::nn::MultiheadAttention& attention, const torch::Tensor& query,
                  const torch::Tensor& memory, AttentionTrace* trace) {
  const int64_t d = attention->options.embed_dim();
  const int64_t heads = attention->options.num_heads();
  auto project = [&](const torch::Tensor& x, int64_t part) {
    auto y = torch::nn::functional::linear(to_batch_first(x),
                                           attention->in_proj_weight.narrow(0, part * d, d),
                                           attention->in_proj_bias.narrow(0, part * d, d));
    return y.view({y.size(0), y.size(1), heads, d / heads}).transpose(1, 2);
  };
  record_projection_norms(trace, project(query, 0), project(memory, 1), project(memory, 2));
}

}  // namespace

LibraryTransformerImpl::LibraryTransformerImpl(const ModelConfig& config)
    : Seq2SeqModelImpl(config, Implementation::Library) {
  auto encoder = torch::nn::ModuleList();
  for (int i = 0; i < config.enc_layers; ++i) {
    encoder_layers_.emplace_back(
        torch::nn::TransformerEncoderLayerOptions(config.d_model, config.heads)
            .dim_feedforward(config.d_ff)
            .dropout(config.dropout)
            .activation(library_activation(config.activation)));
    encoder->push_back(encoder_layers_.back());
  }
  auto decoder = torch::nn::ModuleList();
  for (int i = 0; i < config.dec_layers; ++i) {
    decoder_layers_.emplace_back(
        torch::nn::TransformerDecoderLayerOptions(config.d_model, config.heads)
            .dim_feedforward(config.d_ff)
            .dropout(config.dropout)
            .activation(library_activation(config.activation)));
    decoder->push_back(decoder_layers_.back());
  }
  register_module("encoder", encoder);
  register_module("decoder", decoder);
  if (config.norm == NormPlacement::Pre) {
    encoder_norm_ = register_module(
        "encoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.d_model})));
    decoder_norm_ = register_module(
        "decoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.d_model})));
  }
}

bool LibraryTransformerImpl::use_library_forward(const ModelTrace* trace) const {
  return trace == nullptr && !always_replay_ && config_.norm == NormPlacement::Post;
}

torch::Tensor LibraryTransformerImpl::encode(const torch::Tensor& src, ModelTrace* trace) {
  const auto padding = padding_mask(src);
  auto x = to_sequence_first(embeddings_->embed_source(src));
  if (trace != nullptr) trace->encoder.assign(encoder_layers_.size(), LayerTrace{});
  for (size_t i = 0; i < encoder_layers_.size(); ++i) {
    if (use_library_forward(trace)) {
      x = encoder_layers_[i]->forward(x, /*src_mask=*/{}, /*src_key_padding_mask=*/padding);
    } else {
      x = replay_encoder_layer(encoder_layers_[i], x, padding,
                               trace != nullptr ? &trace->encoder[i] : nullptr);
    }
  }
  x = to_batch_first(x);
  return encoder_norm_ ? encoder_norm_(x) : x;
}

torch::Tensor LibraryTransformerImpl::decoder_states(const torch::Tensor& tgt_in,
                                                     const torch::Tensor& memory_batch_first,
                                                     const torch::Tensor& src, ModelTrace* trace) {
  const auto memory_padding = padding_mask(src);
  auto x = to_sequence_first(embeddings_->embed_target(tgt_in));
  const auto memory = to_sequence_first(memory_batch_first);
  const auto causal = causal_mask(tgt_in.size(1), x.options());
  if (trace != nullptr) trace->decoder.assign(decoder_layers_.size(), LayerTrace{});
  for (size_t i = 0; i < decoder_layers_.size(); ++i) {
    if (use_library_forward(trace)) {
      x = decoder_layers_[i]->forward(x, memory, /*tgt_mask=*/causal, /*memory_mask=*/{},
                                      /*tgt_key_padding_mask=*/{},
                                      /*memory_key_padding_mask=*/memory_padding);
    } else {
      x = replay_decoder_layer(decoder_layers_[i], x, memory, causal, memory_padding,
                               trace != nullptr ? &trace->decoder[i] : nullptr);
    }
  }
  x = to_batch_first(x);
  return decoder_norm_ ? decoder_norm_(x) : x;
}

torch::Tensor LibraryTransformerImpl::attend(torch::nn::MultiheadAttention& attention,
                                             const torch::Tensor& query,
                                             const torch::Tensor& memory,
                                             const torch::Tensor& key_padding,
                                             const torch::Tensor& attn_mask,
                                             AttentionTrace* trace) {
  const bool capture = trace != nullptr;
  auto [output, weights] = attention->forward(query, memory, memory, key_padding,
                                              /*need_weights=*/capture, attn_mask,
                                              /*average_attn_weights=*/false);
  if (capture) {
    trace->weights = weights;
    record_norms(attention, query, memory, trace);
  }
  return output;
}

torch::Tensor LibraryTransformerImpl::feed_forward_of(torch::nn::Linear& linear1,
                                                      torch::nn::Linear& linear2,
                                                      torch::nn::Dropout& dropout,
                                                      const torch::Tensor& x, LayerTrace* trace) {
  return feed_forward(x, linear1, linear2, dropout, config_.activation,
                      trace != nullptr ? &trace->ffn_hidden : nullptr);
}

torch::Tensor LibraryTransformerImpl::replay_encoder_layer(
    torch::nn::TransformerEncoderLayer& layer, const torch::Tensor& input,
    const torch::Tensor& padding, LayerTrace* trace) {
  AttentionTrace* self_trace = trace != nullptr ? &trace->self_attention : nullptr;
  auto& l = *layer;
  auto x = input;
  if (config_.norm == NormPlacement::Post) {
    x = l.norm1(
        record_residual(trace, x + l.dropout1(attend(l.self_attn, x, x, padding, {}, self_trace))));
    x = l.norm2(record_residual(
        trace, x + l.dropout2(feed_forward_of(l.linear1, l.linear2, l.dropout, x, trace))));
  } else {
    auto normed = l.norm1(x);
    x = x + l.dropout1(attend(l.self_attn, normed, normed, padding, {}, self_trace));
    record_residual(trace, x);
    x = x + l.dropout2(feed_forward_of(l.linear1, l.linear2, l.dropout, l.norm2(x), trace));
    record_residual(trace, x);
  }
  if (trace != nullptr) trace->ffn_hidden = trace->ffn_hidden.transpose(0, 1);
  return x;
}

torch::Tensor LibraryTransformerImpl::replay_decoder_layer(
    torch::nn::TransformerDecoderLayer& layer, const torch::Tensor& input,
    const torch::Tensor& memory, const torch::Tensor& causal, const torch::Tensor& memory_padding,
    LayerTrace* trace) {
  AttentionTrace* self_trace = trace != nullptr ? &trace->self_attention : nullptr;
  AttentionTrace* cross_trace = trace != nullptr ? &trace->cross_attention : nullptr;
  auto& l = *layer;
  auto x = input;
  if (config_.norm == NormPlacement::Post) {
    x = l.norm1(
        record_residual(trace, x + l.dropout1(attend(l.self_attn, x, x, {}, causal, self_trace))));
    x = l.norm2(record_residual(trace, x + l.dropout2(attend(l.multihead_attn, x, memory,
                                                             memory_padding, {}, cross_trace))));
    x = l.norm3(record_residual(
        trace, x + l.dropout3(feed_forward_of(l.linear1, l.linear2, l.dropout, x, trace))));
  } else {
    auto normed = l.norm1(x);
    x = x + l.dropout1(attend(l.self_attn, normed, normed, {}, causal, self_trace));
    record_residual(trace, x);
    x = x +
        l.dropout2(attend(l.multihead_attn, l.norm2(x), memory, memory_padding, {}, cross_trace));
    record_residual(trace, x);
    x = x + l.dropout3(feed_forward_of(l.linear1, l.linear2, l.dropout, l.norm3(x), trace));
    record_residual(trace, x);
  }
  if (trace != nullptr) trace->ffn_hidden = trace->ffn_hidden.transpose(0, 1);
  return x;
}

}  // namespace attn
