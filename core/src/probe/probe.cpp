#include "probe/probe.h"

#include "attn/tokenizer.h"
#include "kernels/activation_summary.h"
#include "model/attention_mask.h"

namespace attn {
namespace {

// Mean of `values` [B, H, T] over the real positions of `real` [B, T] → [H].
torch::Tensor masked_head_mean(const torch::Tensor& values, const torch::Tensor& real) {
  auto weight = real.unsqueeze(1).to(values.dtype());  // [B, 1, T]
  const std::vector<int64_t> batch_and_time{0, 2};
  return (values * weight).sum(batch_and_time) / weight.sum(batch_and_time).clamp_min(1.0);
}

// Mean of `values` [B, T] over real positions → scalar.
torch::Tensor masked_mean(const torch::Tensor& values, const torch::Tensor& real) {
  auto weight = real.to(values.dtype());
  return (values * weight).sum() / weight.sum().clamp_min(1.0);
}

// FFN hidden units [B, T, d_ff] at the real positions [B, T] only: mean, std,
// max, share ≤ 0, min, then the histogram (5 + kFfnHistogramBins floats).
torch::Tensor ffn_summary(const torch::Tensor& hidden_states, const torch::Tensor& real) {
  if (hidden_states.device().is_cpu()) {
    const auto values = hidden_states.to(torch::kFloat32).contiguous();
    const auto rows = real.to(torch::kBool).contiguous();
    auto summary = torch::empty({5 + kFfnHistogramBins});
    const int64_t width = values.size(-1);
    kernels::summarize_activations(values.data_ptr<float>(), rows.numel(), width, width, rows.data_ptr<bool>(),
                                   kFfnHistogramBins, summary.data_ptr<float>());
    return summary;
  }
  auto hidden = hidden_states.index({real}).to(torch::kFloat32);  // [N, d_ff]
  if (hidden.numel() == 0) hidden = torch::zeros({1}, hidden.options());
  const auto flat = hidden.reshape({-1});
  // histc with min = max = 0 spans the data's own range, matching min/max.
  return torch::cat({torch::stack({hidden.mean(), hidden.std(/*unbiased=*/false), hidden.max(),
                                   hidden.le(0).to(torch::kFloat32).mean(), hidden.min()}),
                     torch::histc(flat, kFfnHistogramBins) / static_cast<double>(flat.numel())});
}

// The scalars of one layer, in a fixed order, for the single transfer.
void append_layer_scalars(std::vector<torch::Tensor>& out, const LayerTrace& layer,
                          const torch::Tensor& query_real, const torch::Tensor& source_real,
                          bool has_cross) {
  const auto& self = layer.self_attention;
  out.push_back(masked_head_mean(self.q_norm, query_real));
  out.push_back(masked_head_mean(self.k_norm, query_real));
  out.push_back(masked_head_mean(self.v_norm, query_real));
  if (has_cross) {
    const auto& cross = layer.cross_attention;
    out.push_back(masked_head_mean(cross.q_norm, query_real));
    out.push_back(masked_head_mean(cross.k_norm, source_real));
    out.push_back(masked_head_mean(cross.v_norm, source_real));
  }
  out.push_back(ffn_summary(layer.ffn_hidden, query_real));
  std::vector<torch::Tensor> residual;
  for (const auto& r : layer.residual) residual.push_back(masked_mean(r, query_real));
  out.push_back(torch::stack(residual));
}

// Reads the next `count` floats of the flat transfer.
std::vector<float> take(const float*& cursor, int64_t count) {
  std::vector<float> values(cursor, cursor + count);
  cursor += count;
  return values;
}

LayerStats read_layer_scalars(const float*& cursor, int64_t heads, int64_t residuals,
                              bool has_cross) {
  LayerStats stats;
  stats.self_attention = {take(cursor, heads), take(cursor, heads), take(cursor, heads)};
  if (has_cross) stats.cross_attention = {take(cursor, heads), take(cursor, heads), take(cursor, heads)};
  auto ffn = take(cursor, 5);
  stats.ffn = {ffn[0], ffn[1], ffn[2], ffn[3], ffn[4], take(cursor, kFfnHistogramBins)};
  stats.residual_norms = take(cursor, residuals);
  return stats;
}

// weights [B, H, Tq, Tk] on the CPU → example b trimmed to its real lengths.
AttentionHeads trim(const torch::Tensor& weights, int64_t b, int64_t queries, int64_t keys) {
  auto block = weights[b].narrow(1, 0, queries).narrow(2, 0, keys).contiguous();
  AttentionHeads heads;
  heads.heads = static_cast<int>(block.size(0));
  heads.queries = static_cast<int>(queries);
  heads.keys = static_cast<int>(keys);
  heads.weights.assign(block.data_ptr<float>(), block.data_ptr<float>() + block.numel());
  return heads;
}

std::vector<int> tokens_of(const torch::Tensor& row, int64_t length) {
  auto values = row.narrow(0, 0, length).to(torch::kInt32).contiguous();
  return std::vector<int>(values.data_ptr<int>(), values.data_ptr<int>() + length);
}

}  // namespace

Snapshot snapshot_from_trace(const ModelTrace& trace, const torch::Tensor& src,
                             const torch::Tensor& tgt_in) {
  const auto source_real = src.ne(kPadId);
  const auto target_real = tgt_in.ne(kPadId);

  std::vector<torch::Tensor> scalars;
  for (const auto& layer : trace.encoder) {
    append_layer_scalars(scalars, layer, source_real, source_real, /*has_cross=*/false);
  }
  for (const auto& layer : trace.decoder) {
    append_layer_scalars(scalars, layer, target_real, source_real, /*has_cross=*/true);
  }
  // One device→host transfer for all statistics.
  std::vector<torch::Tensor> flat;
  for (auto& s : scalars) flat.push_back(s.reshape({-1}).to(torch::kFloat32));
  auto host = torch::cat(flat).cpu().contiguous();
  const float* cursor = host.data_ptr<float>();

  Snapshot snapshot;
  for (const auto& layer : trace.encoder) {
    snapshot.encoder.push_back(read_layer_scalars(cursor, layer.self_attention.q_norm.size(1),
                                                  static_cast<int64_t>(layer.residual.size()), false));
  }
  for (const auto& layer : trace.decoder) {
    snapshot.decoder.push_back(read_layer_scalars(cursor, layer.self_attention.q_norm.size(1),
                                                  static_cast<int64_t>(layer.residual.size()), true));
  }

  // Attention maps, trimmed per example to the real lengths.
  auto source_lengths = source_real.sum(1).cpu();
  auto target_lengths = target_real.sum(1).cpu();
  auto src_host = src.cpu();
  auto tgt_host = tgt_in.cpu();
  auto to_host = [](const torch::Tensor& t) { return t.to(torch::kFloat32).cpu().contiguous(); };
  std::vector<torch::Tensor> encoder_weights, decoder_weights, cross_weights;
  for (const auto& layer : trace.encoder) encoder_weights.push_back(to_host(layer.self_attention.weights));
  for (const auto& layer : trace.decoder) {
    decoder_weights.push_back(to_host(layer.self_attention.weights));
    cross_weights.push_back(to_host(layer.cross_attention.weights));
  }
  const int64_t examples = src.size(0);
  for (int64_t b = 0; b < examples; ++b) {
    const int64_t s = source_lengths[b].item<int64_t>();
    const int64_t t = target_lengths[b].item<int64_t>();
    ExampleAttention example;
    example.src_tokens = tokens_of(src_host[b], s);
    example.tgt_tokens = tokens_of(tgt_host[b], t);
    for (const auto& w : encoder_weights) example.encoder_self.push_back(trim(w, b, s, s));
    for (const auto& w : decoder_weights) example.decoder_self.push_back(trim(w, b, t, t));
    for (const auto& w : cross_weights) example.cross.push_back(trim(w, b, t, s));
    snapshot.examples.push_back(std::move(example));
  }
  return snapshot;
}

EmbeddingSample embedding_sample(const torch::Tensor& source_weight) {
  EmbeddingSample sample;
  const int64_t vocabulary = source_weight.size(0);
  const int64_t count = std::min<int64_t>(kMaxEmbeddingTokens, vocabulary - kSpecialTokens);
  if (count <= 0) return sample;
  auto rows = source_weight.narrow(0, kSpecialTokens, count).to(torch::kFloat32).cpu().contiguous();
  sample.dim = static_cast<int>(rows.size(1));
  sample.vectors.assign(rows.data_ptr<float>(), rows.data_ptr<float>() + rows.numel());
  for (int64_t id = 0; id < count; ++id) sample.tokens.push_back(static_cast<int>(kSpecialTokens + id));
  return sample;
}

Snapshot capture_snapshot(Seq2SeqModelImpl& model, const torch::Tensor& src,
                          const torch::Tensor& tgt_in) {
  const bool was_training = model.is_training();
  model.eval();
  Snapshot snapshot;
  {
    // InferenceMode: no autograd bookkeeping at all for the probe pass.
    c10::InferenceMode inference;
    // The decoder's states are enough: the snapshot holds no logits, so the
    // projection to the vocabulary (the largest single product) is skipped.
    ModelTrace trace;
    model.decoder_states(tgt_in, model.encode(src, &trace), src, &trace);
    snapshot = snapshot_from_trace(trace, src, tgt_in);
    snapshot.embeddings = embedding_sample(model.embeddings()->source_weight());
  }
  model.train(was_training);
  return snapshot;
}

}  // namespace attn
