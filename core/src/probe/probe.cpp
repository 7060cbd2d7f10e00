#include "probe/probe.h"

#include <algorithm>

#include "attn/tokenizer.h"
#include "kernels/activation_summary.h"
#include "model/attention_mask.h"

namespace attn {
namespace {

// FFN hidden units [B, T, d_ff] at the real positions [B, T] only: mean, std,
// max, share ≤ 0, min, then the histogram (5 + kFfnHistogramBins floats), as
// LibTorch operations where the activations are not in host memory.
torch::Tensor ffn_summary_on_device(const torch::Tensor& hidden_states, const torch::Tensor& real) {
  auto hidden = hidden_states.index({real}).to(torch::kFloat32);  // [N, d_ff]
  if (hidden.numel() == 0) hidden = torch::zeros({1}, hidden.options());
  const auto flat = hidden.reshape({-1});
  // histc with min = max = 0 spans the data's own range, matching min/max.
  return torch::cat({torch::stack({hidden.mean(), hidden.std(/*unbiased=*/false), hidden.max(),
                                   hidden.le(0).to(torch::kFloat32).mean(), hidden.min()}),
                     torch::histc(flat, kFfnHistogramBins) / static_cast<double>(flat.numel())});
}

// Which positions of a [B, T] token batch are real (not padding): as a mask
// where the tokens are, and on the host for the loops below (on the CPU the
// two are one tensor).
struct RealPositions {
  torch::Tensor mask;     // [B, T] bool, on the tokens' device
  torch::Tensor host;     // the same, contiguous host memory
  const bool* host_data;  // host's values
  int64_t batch = 0, length = 0;
  std::vector<int64_t> lengths;  // real positions per example

  explicit RealPositions(const torch::Tensor& tokens)
      : mask(tokens.ne(kPadId)),
        host(mask.cpu().contiguous()),
        host_data(host.data_ptr<bool>()),
        batch(tokens.size(0)),
        length(tokens.size(1)) {
    lengths.assign(static_cast<std::size_t>(batch), 0);
    for (int64_t b = 0; b < batch; ++b) {
      for (int64_t t = 0; t < length; ++t) lengths[static_cast<std::size_t>(b)] += real(b, t);
    }
  }

  bool real(int64_t b, int64_t t) const { return host_data[b * length + t]; }
};

// The FFN summary of every layer, encoder layers first. In host memory each
// layer is one single-threaded kernel call (kernels/activation_summary.h),
// and the layers are spread across threads.
std::vector<torch::Tensor> ffn_summaries(const ModelTrace& trace, const RealPositions& source,
                                         const RealPositions& target) {
  struct HostJob {
    torch::Tensor values;
    const RealPositions* positions;
    torch::Tensor summary;
  };
  std::vector<torch::Tensor> summaries;
  std::vector<HostJob> jobs;
  const auto add = [&](const LayerTrace& layer, const RealPositions& positions) {
    if (!layer.ffn_hidden.device().is_cpu()) {
      summaries.push_back(ffn_summary_on_device(layer.ffn_hidden, positions.mask));
      return;
    }
    HostJob job{layer.ffn_hidden.to(torch::kFloat32).contiguous(), &positions,
                torch::empty({5 + kFfnHistogramBins})};
    summaries.push_back(job.summary);
    jobs.push_back(std::move(job));
  };
  for (const auto& layer : trace.encoder) add(layer, source);
  for (const auto& layer : trace.decoder) add(layer, target);
  at::parallel_for(0, static_cast<int64_t>(jobs.size()), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      auto& job = jobs[static_cast<std::size_t>(i)];
      const int64_t width = job.values.size(-1);
      kernels::summarize_activations(job.values.data_ptr<float>(), job.positions->host.numel(),
                                     width, width, job.positions->host_data, kFfnHistogramBins,
                                     job.summary.data_ptr<float>());
    }
  });
  return summaries;
}

// The statistics' source tensors, flattened into one device→host transfer:
// each part's place is remembered, and read back after the copy.
class HostTransfer {
 public:
  void add(const torch::Tensor& t) {
    offsets_.push_back(total_);
    total_ += t.numel();
    parts_.push_back(t.reshape({-1}).to(torch::kFloat32));
  }

  void run() {
    host_ = parts_.empty() ? torch::empty({0}) : torch::cat(parts_).cpu().contiguous();
    parts_.clear();
  }

  // The next part, in the order they were added.
  const float* next() { return host_.data_ptr<float>() + offsets_[next_++]; }

 private:
  std::vector<torch::Tensor> parts_;
  std::vector<int64_t> offsets_;
  int64_t total_ = 0;
  std::size_t next_ = 0;
  torch::Tensor host_;
};

// Mean of values [B, H, T] over the real positions → one value per head.
std::vector<float> masked_head_mean(const float* values, int64_t heads,
                                    const RealPositions& positions) {
  std::vector<float> means(static_cast<std::size_t>(heads));
  const int64_t length = positions.length;
  for (int64_t h = 0; h < heads; ++h) {
    double sum = 0;
    int64_t count = 0;
    for (int64_t b = 0; b < positions.batch; ++b) {
      const float* row = values + (b * heads + h) * length;
      for (int64_t t = 0; t < length; ++t) {
        if (positions.real(b, t)) {
          sum += row[t];
          ++count;
        }
      }
    }
    means[static_cast<std::size_t>(h)] =
        static_cast<float>(sum / static_cast<double>(std::max<int64_t>(count, 1)));
  }
  return means;
}

// Mean of values [B, T] over the real positions.
float masked_mean(const float* values, const RealPositions& positions) {
  return masked_head_mean(values, 1, positions)[0];
}

void add_layer_parts(HostTransfer& transfer, const LayerTrace& layer,
                     const torch::Tensor& ffn_summary, bool has_cross) {
  const auto& self = layer.self_attention;
  transfer.add(self.q_norm);
  transfer.add(self.k_norm);
  transfer.add(self.v_norm);
  if (has_cross) {
    transfer.add(layer.cross_attention.q_norm);
    transfer.add(layer.cross_attention.k_norm);
    transfer.add(layer.cross_attention.v_norm);
  }
  transfer.add(ffn_summary);
  for (const auto& r : layer.residual) transfer.add(r);
}

LayerStats read_layer_parts(HostTransfer& transfer, const LayerTrace& layer,
                            const RealPositions& query_positions,
                            const RealPositions& source_positions, bool has_cross) {
  const int64_t heads = layer.self_attention.q_norm.size(1);
  LayerStats stats;
  // Self-attention keys are the queries' own positions; cross-attention keys
  // and values are the source's.
  stats.self_attention.q = masked_head_mean(transfer.next(), heads, query_positions);
  stats.self_attention.k = masked_head_mean(transfer.next(), heads, query_positions);
  stats.self_attention.v = masked_head_mean(transfer.next(), heads, query_positions);
  if (has_cross) {
    stats.cross_attention.q = masked_head_mean(transfer.next(), heads, query_positions);
    stats.cross_attention.k = masked_head_mean(transfer.next(), heads, source_positions);
    stats.cross_attention.v = masked_head_mean(transfer.next(), heads, source_positions);
  }
  const float* ffn = transfer.next();
  stats.ffn = {ffn[0], ffn[1], ffn[2],
               ffn[3], ffn[4], std::vector<float>(ffn + 5, ffn + 5 + kFfnHistogramBins)};
  for (std::size_t i = 0; i < layer.residual.size(); ++i) {
    stats.residual_norms.push_back(masked_mean(transfer.next(), query_positions));
  }
  return stats;
}

// weights [B, H, Tq, Tk] (host, contiguous) → example b trimmed to its real lengths.
AttentionHeads trim(const torch::Tensor& weights, int64_t b, int64_t queries, int64_t keys) {
  const int64_t heads = weights.size(1), all_queries = weights.size(2), all_keys = weights.size(3);
  AttentionHeads trimmed;
  trimmed.heads = static_cast<int>(heads);
  trimmed.queries = static_cast<int>(queries);
  trimmed.keys = static_cast<int>(keys);
  trimmed.weights.reserve(static_cast<std::size_t>(heads * queries * keys));
  const float* data = weights.data_ptr<float>();
  for (int64_t h = 0; h < heads; ++h) {
    for (int64_t q = 0; q < queries; ++q) {
      const float* row = data + ((b * heads + h) * all_queries + q) * all_keys;
      trimmed.weights.insert(trimmed.weights.end(), row, row + keys);
    }
  }
  return trimmed;
}

std::vector<int> tokens_of(const torch::Tensor& host_tokens, int64_t b, int64_t length) {
  const auto row = host_tokens[b].narrow(0, 0, length).to(torch::kInt32).contiguous();
  return std::vector<int>(row.data_ptr<int>(), row.data_ptr<int>() + length);
}

}  // namespace

Snapshot snapshot_from_trace(const ModelTrace& trace, const torch::Tensor& src,
                             const torch::Tensor& tgt_in) {
  // Statistics are reduced on the host from small per-position tensors (a few
  // thousand floats), in plain loops: as LibTorch operations they were
  // hundreds of tiny calls, more time than the values take to copy. The FFN's
  // activations, the only large ones, are summarised where they are.
  const auto src_host = src.cpu(), tgt_host = tgt_in.cpu();
  const RealPositions source_positions(src), target_positions(tgt_in);

  const auto ffn = ffn_summaries(trace, source_positions, target_positions);
  HostTransfer transfer;
  std::size_t layer_index = 0;
  for (const auto& layer : trace.encoder)
    add_layer_parts(transfer, layer, ffn[layer_index++], /*has_cross=*/false);
  for (const auto& layer : trace.decoder)
    add_layer_parts(transfer, layer, ffn[layer_index++], /*has_cross=*/true);
  transfer.run();

  Snapshot snapshot;
  for (const auto& layer : trace.encoder) {
    snapshot.encoder.push_back(
        read_layer_parts(transfer, layer, source_positions, source_positions, false));
  }
  for (const auto& layer : trace.decoder) {
    snapshot.decoder.push_back(
        read_layer_parts(transfer, layer, target_positions, source_positions, true));
  }

  // Attention maps, trimmed per example to the real lengths.
  auto to_host = [](const torch::Tensor& t) { return t.to(torch::kFloat32).cpu().contiguous(); };
  std::vector<torch::Tensor> encoder_weights, decoder_weights, cross_weights;
  for (const auto& layer : trace.encoder)
    encoder_weights.push_back(to_host(layer.self_attention.weights));
  for (const auto& layer : trace.decoder) {
    decoder_weights.push_back(to_host(layer.self_attention.weights));
    cross_weights.push_back(to_host(layer.cross_attention.weights));
  }
  const int64_t examples = src.size(0);
  for (int64_t b = 0; b < examples; ++b) {
    const int64_t s = source_positions.lengths[static_cast<std::size_t>(b)];
    const int64_t t = target_positions.lengths[static_cast<std::size_t>(b)];
    ExampleAttention example;
    example.src_tokens = tokens_of(src_host, b, s);
    example.tgt_tokens = tokens_of(tgt_host, b, t);
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
  for (int64_t id = 0; id < count; ++id)
    sample.tokens.push_back(static_cast<int>(kSpecialTokens + id));
  return sample;
}

Snapshot capture_snapshot(Seq2SeqModelImpl& model, const torch::Tensor& src,
                          const torch::Tensor& tgt_in) {
  const EvalModeScope eval(model);
  // InferenceMode: no autograd bookkeeping at all for the probe pass.
  c10::InferenceMode inference;
  // The decoder's states are enough: the snapshot holds no logits, so the
  // projection to the vocabulary (the largest single product) is skipped.
  ModelTrace trace;
  model.decoder_states(tgt_in, model.encode(src, &trace), src, &trace);
  Snapshot snapshot = snapshot_from_trace(trace, src, tgt_in);
  snapshot.embeddings = embedding_sample(model.embeddings()->source_weight());
  return snapshot;
}

ProbeExamples choose_probe_examples(const PreparedData& data, int count,
                                    const torch::Device& device) {
  ProbeExamples probe;
  std::vector<const EncodedExample*> examples;
  for (int i = 0; i < count && i < static_cast<int>(data.eval_encoded.size()); ++i) {
    examples.push_back(&data.eval_encoded[static_cast<std::size_t>(i)]);
    if (!data.eval_alignment.empty())
      probe.alignments.push_back(data.eval_alignment[static_cast<std::size_t>(i)]);
  }
  std::vector<std::size_t> indices(examples.size());
  for (std::size_t i = 0; i < examples.size(); ++i) indices[i] = i;
  probe.batch = collate(examples, indices, device);
  return probe;
}

Snapshot capture_probe(Seq2SeqModelImpl& model, const ProbeExamples& probe, std::int64_t step,
                       int epoch) {
  Snapshot snapshot = capture_snapshot(model, probe.batch.src, probe.batch.tgt_in);
  snapshot.step = step;
  snapshot.epoch = epoch;
  for (std::size_t i = 0; i < snapshot.examples.size() && i < probe.alignments.size(); ++i)
    snapshot.examples[i].ideal_alignment = probe.alignments[i];
  return snapshot;
}

}  // namespace attn
