#include "model/library_transformer.h"

#include <cmath>
#include "model/attention_mask.h"

#include "model/feed_forward.h"
#include "model/residual_block.h"

namespace attn {
namespace {

torch::nn::activation_t library_activation(Activation activation) {
  if (activation == Activation::GELU) return torch::kGELU;
  if (activation == Activation::SiLU)
    return std::function<torch::Tensor(const torch::Tensor&)>(
        [](const torch::Tensor& x) { return torch::silu(x); });
  return torch::kReLU;
}

// LibTorch's layers are sequence-first: [T, B, D].
torch::Tensor to_sequence_first(const torch::Tensor& x) { return x.transpose(0, 1); }
torch::Tensor to_batch_first(const torch::Tensor& x) { return x.transpose(0, 1); }

// The projections of a query/memory pair (sequence-first) into heads,
// batch-first [B, H, T, d_k], from the attention module's public in_proj
// parameters (LibTorch computes them inside its forward and keeps nothing).
struct HeadProjections {
  torch::Tensor q, k, v;
};

HeadProjections project_heads(torch::nn::MultiheadAttention& attention, const torch::Tensor& query,
                              const torch::Tensor& memory) {
  const int64_t d = attention->options.embed_dim();
  const int64_t heads = attention->options.num_heads();
  auto project = [&](const torch::Tensor& x, int64_t part) {
    auto y = torch::nn::functional::linear(to_batch_first(x),
                                           attention->in_proj_weight.narrow(0, part * d, d),
                                           attention->in_proj_bias.narrow(0, part * d, d));
    return y.view({y.size(0), y.size(1), heads, d / heads}).transpose(1, 2);
  };
  return {project(query, 0), project(memory, 1), project(memory, 2)};
}

// The stages LibTorch's attention hides, from its own weights and the
// weights it returned: scores, masked scores, weights · V, the heads
// concatenated and W^O. The inspector's tests check that the last equals the
// module's own output.
void record_hidden_stages(torch::nn::MultiheadAttention& attention, const HeadProjections& p,
                          const torch::Tensor& weights, const torch::Tensor& key_padding,
                          const torch::Tensor& attn_mask, AttentionTrace* trace) {
  auto& stages = trace->stages;
  stages.scale = 1.0 / std::sqrt(static_cast<double>(p.q.size(-1)));
  stages.scores = torch::matmul(p.q, p.k.transpose(-2, -1));
  stages.masked = masked_scaled_scores(stages.scores, stages.scale, key_padding, attn_mask);
  stages.context = torch::matmul(weights, p.v);
  const auto& c = stages.context;
  stages.concatenated = c.transpose(1, 2).reshape({c.size(0), c.size(2), c.size(1) * c.size(3)});
  stages.output = attention->out_proj(stages.concatenated);
}

// The replayed layers run sequence-first; the trace is batch-first.
void make_batch_first(LayerTrace* trace) {
  if (trace == nullptr) return;
  trace->ffn_hidden = to_batch_first(trace->ffn_hidden);
  for (auto& norms : trace->residual) norms = to_batch_first(norms);  // [T, B] → [B, T]
  if (!trace->keep_stages) return;
  trace->ffn_pre_activation = to_batch_first(trace->ffn_pre_activation);
  for (auto& block : trace->blocks) {
    for (torch::Tensor* t :
         {&block.input, &block.sublayer_input, &block.output, &block.sum, &block.result})
      *t = to_batch_first(*t);
  }
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
  auto x = to_sequence_first(embeddings_->embed_source(src, trace));
  if (trace != nullptr) trace->start_encoder(encoder_layers_.size());
  for (size_t i = 0; i < encoder_layers_.size(); ++i) {
    if (use_library_forward(trace)) {
      x = encoder_layers_[i]->forward(x, /*src_mask=*/{}, /*src_key_padding_mask=*/padding);
    } else {
      x = replay_encoder_layer(encoder_layers_[i], x, padding,
                               trace != nullptr ? &trace->encoder[i] : nullptr);
    }
  }
  x = to_batch_first(x);
  return record_memory(trace, encoder_norm_ ? encoder_norm_(x) : x);
}

torch::Tensor LibraryTransformerImpl::decoder_states(const torch::Tensor& tgt_in,
                                                     const torch::Tensor& memory_batch_first,
                                                     const torch::Tensor& src, ModelTrace* trace) {
  const auto memory_padding = padding_mask(src);
  auto x = to_sequence_first(embeddings_->embed_target(tgt_in, trace));
  const auto memory = to_sequence_first(memory_batch_first);
  const auto causal = causal_mask(tgt_in.size(1), x.options());
  if (trace != nullptr) trace->start_decoder(decoder_layers_.size());
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
  return record_decoder_output(trace, decoder_norm_ ? decoder_norm_(x) : x);
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
    const auto projections = project_heads(attention, query, memory);
    record_projections(trace, projections.q, projections.k, projections.v);
    if (trace->keep_stages)
      record_hidden_stages(attention, projections, weights, key_padding, attn_mask, trace);
  }
  return output;
}

torch::Tensor LibraryTransformerImpl::feed_forward_of(torch::nn::Linear& linear1,
                                                      torch::nn::Linear& linear2,
                                                      torch::nn::Dropout& dropout,
                                                      const torch::Tensor& x, LayerTrace* trace) {
  return feed_forward(x, linear1, linear2, dropout, config_.activation, trace);
}

torch::Tensor LibraryTransformerImpl::replay_encoder_layer(
    torch::nn::TransformerEncoderLayer& layer, const torch::Tensor& input,
    const torch::Tensor& padding, LayerTrace* trace) {
  AttentionTrace* self_trace = trace != nullptr ? &trace->self_attention : nullptr;
  auto& l = *layer;
  const auto norm = config_.norm;
  auto x = residual_block(
      norm, l.norm1, l.dropout1, input,
      [&](const torch::Tensor& in) { return attend(l.self_attn, in, in, padding, {}, self_trace); },
      trace, "self-attention");
  x = residual_block(
      norm, l.norm2, l.dropout2, x,
      [&](const torch::Tensor& in) {
        return feed_forward_of(l.linear1, l.linear2, l.dropout, in, trace);
      },
      trace, "feed-forward");
  make_batch_first(trace);
  return x;
}

torch::Tensor LibraryTransformerImpl::replay_decoder_layer(
    torch::nn::TransformerDecoderLayer& layer, const torch::Tensor& input,
    const torch::Tensor& memory, const torch::Tensor& causal, const torch::Tensor& memory_padding,
    LayerTrace* trace) {
  AttentionTrace* self_trace = trace != nullptr ? &trace->self_attention : nullptr;
  AttentionTrace* cross_trace = trace != nullptr ? &trace->cross_attention : nullptr;
  auto& l = *layer;
  const auto norm = config_.norm;
  auto x = residual_block(
      norm, l.norm1, l.dropout1, input,
      [&](const torch::Tensor& in) { return attend(l.self_attn, in, in, {}, causal, self_trace); },
      trace, "self-attention");
  x = residual_block(
      norm, l.norm2, l.dropout2, x,
      [&](const torch::Tensor& in) {
        return attend(l.multihead_attn, in, memory, memory_padding, {}, cross_trace);
      },
      trace, "cross-attention");
  x = residual_block(
      norm, l.norm3, l.dropout3, x,
      [&](const torch::Tensor& in) {
        return feed_forward_of(l.linear1, l.linear2, l.dropout, in, trace);
      },
      trace, "feed-forward");
  make_batch_first(trace);
  return x;
}

torch::Tensor LibraryTransformerImpl::decode_next(const torch::Tensor& next,
                                                  const torch::Tensor& memory_batch_first,
                                                  const torch::Tensor& src, DecoderCache& cache) {
  const int64_t position = cache.length();
  cache.tokens = cache.tokens.defined() ? torch::cat({cache.tokens, next}, 1) : next;
  if (cache.self_attention_inputs.empty())
    cache.self_attention_inputs.resize(decoder_layers_.size());
  const auto memory_padding = padding_mask(src);
  const auto memory = to_sequence_first(memory_batch_first);
  auto x = to_sequence_first(embeddings_->embed_target(next, nullptr, position));  // [1, B, D]
  const auto norm = config_.norm;
  for (size_t i = 0; i < decoder_layers_.size(); ++i) {
    auto& l = *decoder_layers_[i];
    torch::Tensor& inputs = cache.self_attention_inputs[i];
    // The same three residual blocks as replay_decoder_layer(), on one position.
    x = residual_block(
        norm, l.norm1, l.dropout1, x,
        [&](const torch::Tensor& in) {
          const auto row = to_batch_first(in);
          inputs = inputs.defined() ? torch::cat({inputs, row}, 1) : row;
          // Every key is this position or an earlier one: no causal mask needed.
          return attend(l.self_attn, in, to_sequence_first(inputs), {}, {}, nullptr);
        },
        nullptr, "self-attention");
    x = residual_block(
        norm, l.norm2, l.dropout2, x,
        [&](const torch::Tensor& in) {
          return attend(l.multihead_attn, in, memory, memory_padding, {}, nullptr);
        },
        nullptr, "cross-attention");
    x = residual_block(
        norm, l.norm3, l.dropout3, x,
        [&](const torch::Tensor& in) {
          return feed_forward_of(l.linear1, l.linear2, l.dropout, in, nullptr);
        },
        nullptr, "feed-forward");
  }
  x = to_batch_first(x);
  if (decoder_norm_) x = decoder_norm_(x);
  return embeddings_->project(x).select(1, 0);
}

}  // namespace attn
