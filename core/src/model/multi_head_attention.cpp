#include "model/multi_head_attention.h"

#include <cmath>
#include <limits>

#include "model/attention_softmax.h"
#include "model/batched_matmul.h"
#include "torch_compat.h"

namespace attn {
namespace {

// [B, T, D] → [B, H, T, d_k]
torch::Tensor split_heads(const torch::Tensor& x, int64_t heads) {
  const int64_t batch = x.size(0), length = x.size(1), head_dim = x.size(2) / heads;
  return x.view({batch, length, heads, head_dim}).transpose(1, 2);
}

// [B, H, T, d_k] → [B, T, D]
torch::Tensor merge_heads(const torch::Tensor& x) {
  const int64_t batch = x.size(0), heads = x.size(1), length = x.size(2), head_dim = x.size(3);
  return x.transpose(1, 2).reshape({batch, length, heads * head_dim});
}

// §3.2.1's 1/sqrt(d_k).
double attention_scale(const torch::Tensor& q) {
  return 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
}

}  // namespace

torch::Tensor fused_scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                                 const torch::Tensor& v,
                                                 const torch::Tensor& key_padding_mask,
                                                 const torch::Tensor& attn_mask, double dropout_p) {
  if (!compat::has_fused_attention()) return {};
  // attn_mask [Tq, Tk] as it is; a padded key gets -inf in every query's row.
  torch::Tensor mask;
  if (attn_mask.defined()) mask = attn_mask.to(q.scalar_type());
  if (key_padding_mask.defined()) {
    const int64_t batch = key_padding_mask.size(0), keys = key_padding_mask.size(1);
    const auto padding = key_padding_mask.view({batch, 1, 1, keys});
    const auto base = mask.defined() ? mask.expand({batch, 1, q.size(2), keys})
                                     : torch::zeros({batch, 1, 1, keys}, q.options());
    mask = base.masked_fill(padding, -std::numeric_limits<float>::infinity());
  }
  return compat::fused_attention(q, k, v, mask, dropout_p, attention_scale(q));
}

torch::Tensor scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                           const torch::Tensor& v,
                                           const torch::Tensor& key_padding_mask,
                                           const torch::Tensor& attn_mask, Dropout& dropout,
                                           AttentionTrace* trace) {
  // §3.2.1: scale by 1/sqrt(d_k) so the dot products do not grow with d_k and
  // push the softmax into regions of tiny gradients. The scale, the masks and
  // the softmax are one fused step (attention_softmax.h); LibTorch scales q
  // before the product instead, which differs only in float rounding.
  const double scale = attention_scale(q);
  // Nothing to record on CUDA: LibTorch's fused kernels (flash or
  // memory-efficient attention) compute the same function without holding
  // the weights. The CPU keeps the kernels below, which its benchmarks measure.
  if (trace == nullptr && q.is_cuda()) {
    const double dropout_p = dropout->is_training() ? dropout->p() : 0.0;
    auto context =
        fused_scaled_dot_product_attention(q, k, v, key_padding_mask, attn_mask, dropout_p);
    if (context.defined()) return context;
  }
  // One batched product over every (example, head): see batched_matmul.h.
  const auto scores = batched_matmul(q, k.transpose(-2, -1));  // [B, H, Tq, Tk]
  auto probabilities = attention_softmax(scores, scale, key_padding_mask, attn_mask);
  auto context = batched_matmul(dropout(probabilities), v);
  if (trace != nullptr) {
    trace->weights = probabilities;
    if (trace->keep_stages) {
      trace->stages.scores = scores;
      trace->stages.scale = scale;
      trace->stages.masked = masked_scaled_scores(scores, scale, key_padding_mask, attn_mask);
      trace->stages.context = context;
    }
  }
  return context;
}

MultiHeadAttentionImpl::MultiHeadAttentionImpl(const MultiHeadAttentionOptions& options_)
    : options(options_) {
  const int64_t d = options.d_model();
  in_proj_weight = register_parameter("in_proj_weight", torch::empty({3 * d, d}));
  in_proj_bias = register_parameter("in_proj_bias", torch::empty({3 * d}));
  out_proj = register_module("out_proj", torch::nn::Linear(d, d));
  attn_dropout = register_module("attn_dropout", Dropout(options.dropout()));
  reset_parameters();
}

void MultiHeadAttentionImpl::reset_parameters() {
  // Xavier-uniform projections and zero biases, as LibTorch's MultiheadAttention.
  torch::NoGradGuard no_grad;
  torch::nn::init::xavier_uniform_(in_proj_weight);
  torch::nn::init::zeros_(in_proj_bias);
  torch::nn::init::zeros_(out_proj->bias);
}

torch::Tensor MultiHeadAttentionImpl::forward(const torch::Tensor& query,
                                              const torch::Tensor& memory,
                                              const torch::Tensor& key_padding_mask,
                                              const torch::Tensor& attn_mask,
                                              AttentionTrace* trace) {
  const int64_t d = options.d_model();
  const int64_t heads = options.heads();
  torch::Tensor q, k, v;
  if (query.is_same(memory)) {
    auto qkv = torch::nn::functional::linear(query, in_proj_weight, in_proj_bias).chunk(3, -1);
    q = qkv[0], k = qkv[1], v = qkv[2];
  } else {
    q = torch::nn::functional::linear(query, in_proj_weight.narrow(0, 0, d),
                                      in_proj_bias.narrow(0, 0, d));
    auto kv = torch::nn::functional::linear(memory, in_proj_weight.narrow(0, d, 2 * d),
                                            in_proj_bias.narrow(0, d, 2 * d))
                  .chunk(2, -1);
    k = kv[0], v = kv[1];
  }
  q = split_heads(q, heads);
  k = split_heads(k, heads);
  v = split_heads(v, heads);
  if (trace != nullptr) record_projections(trace, q, k, v);

  auto context =
      scaled_dot_product_attention(q, k, v, key_padding_mask, attn_mask, attn_dropout, trace);
  auto concatenated = merge_heads(context);
  auto output = out_proj(concatenated);
  if (trace != nullptr && trace->keep_stages) {
    trace->stages.concatenated = concatenated;
    trace->stages.output = output;
  }
  return output;
}

torch::Tensor MultiHeadAttentionImpl::forward_incremental(const torch::Tensor& query,
                                                          const torch::Tensor& memory,
                                                          const torch::Tensor& key_padding_mask,
                                                          AttentionCache& cache) {
  const int64_t d = options.d_model();
  const int64_t heads = options.heads();
  torch::Tensor q;
  if (!memory.defined()) {
    auto qkv = torch::nn::functional::linear(query, in_proj_weight, in_proj_bias).chunk(3, -1);
    q = qkv[0];
    auto k = split_heads(qkv[1], heads), v = split_heads(qkv[2], heads);
    cache.keys = cache.keys.defined() ? torch::cat({cache.keys, k}, 2) : k;
    cache.values = cache.values.defined() ? torch::cat({cache.values, v}, 2) : v;
  } else {
    q = torch::nn::functional::linear(query, in_proj_weight.narrow(0, 0, d),
                                      in_proj_bias.narrow(0, 0, d));
    if (!cache.keys.defined()) {
      auto kv = torch::nn::functional::linear(memory, in_proj_weight.narrow(0, d, 2 * d),
                                              in_proj_bias.narrow(0, d, 2 * d))
                    .chunk(2, -1);
      cache.keys = split_heads(kv[0], heads);
      cache.values = split_heads(kv[1], heads);
    }
  }
  auto context = scaled_dot_product_attention(split_heads(q, heads), cache.keys, cache.values,
                                              key_padding_mask, {}, attn_dropout, nullptr);
  return out_proj(merge_heads(context));
}

}  // namespace attn
