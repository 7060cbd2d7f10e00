#include "train/evaluation.h"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "attn/bleu.h"
#include "data/batcher.h"
#include "model/attention_mask.h"
#include "train/decoding.h"
#include "train/optimization.h"

namespace attn {
namespace {

std::vector<std::string> pieces_of(const Tokenizer& tokenizer, const std::vector<int>& ids) {
  std::vector<std::string> pieces;
  for (int id : ids) pieces.push_back(tokenizer.piece(id));
  return pieces;
}

}  // namespace

EpochMetrics evaluate(Seq2SeqModelImpl& model, const PreparedData& data, const TrainConfig& config,
                      const torch::Device& device, int max_decode_length,
                      const std::function<bool()>& stop_requested) {
  auto check_stop = [&] {
    if (stop_requested && stop_requested()) throw EvaluationInterrupted{};
  };
  torch::NoGradGuard no_grad;
  model.eval();
  EpochMetrics metrics;
  Batcher batcher(data.eval_encoded, config.batch_size, /*bucket_by_length=*/false, /*seed=*/0);
  double loss_sum = 0, nll_sum = 0;
  int64_t tokens = 0, correct_tokens = 0;
  std::size_t exact = 0;
  std::vector<std::vector<std::string>> hypotheses, references;
  const Tokenizer& target = *data.tokenizers.target;
  for (const auto& indices : batcher.sequential_batches()) {
    check_stop();
    const Batch batch = batcher.make_batch(indices, device);
    auto logits = model.forward(batch.src, batch.tgt_in);
    auto real = batch.tgt_out.ne(kPadId);
    // One transfer for the batch's four sums.
    auto sums =
        torch::stack(
            {label_smoothed_loss_sum(logits, batch.tgt_out, config.label_smoothing),
             label_smoothed_loss_sum(logits, batch.tgt_out, 0.0),
             logits.argmax(-1).eq(batch.tgt_out).logical_and(real).sum().to(torch::kFloat32)})
            .cpu();
    loss_sum += sums[0].item<double>();
    nll_sum += sums[1].item<double>();
    correct_tokens += static_cast<int64_t>(sums[2].item<double>());
    tokens += batch.target_tokens;

    const auto decoded = greedy_decode(model, batch.src, max_decode_length, check_stop);
    for (std::size_t row = 0; row < indices.size(); ++row) {
      const auto& reference = data.eval_encoded[indices[row]].target;
      exact += decoded[row] == reference;
      hypotheses.push_back(pieces_of(target, decoded[row]));
      references.push_back(pieces_of(target, reference));
    }
  }
  const double count = std::max<int64_t>(tokens, 1);
  metrics.eval_loss = loss_sum / count;
  metrics.eval_nll = nll_sum / count;
  metrics.perplexity = std::exp(metrics.eval_nll);
  metrics.token_accuracy = correct_tokens / count;
  metrics.exact_match =
      data.eval_encoded.empty() ? 0.0 : static_cast<double>(exact) / data.eval_encoded.size();
  metrics.bleu = 100.0 * corpus_bleu(hypotheses, references).bleu;

  const std::size_t samples = std::min<std::size_t>(
      static_cast<std::size_t>(std::max(0, config.sample_predictions)), data.eval.size());
  for (std::size_t i = 0; i < samples; ++i) {
    check_stop();
    const Batch one = collate({&data.eval_encoded[i]}, {i}, device);
    const auto greedy = greedy_decode(model, one.src, max_decode_length, check_stop).front();
    const auto beam = beam_decode(model, one.src, config.beam_size, config.length_penalty,
                                  max_decode_length, check_stop);
    metrics.samples.push_back({data.eval[i].source, data.eval[i].target, target.decode(greedy),
                               target.decode(beam), greedy == data.eval_encoded[i].target});
  }
  return metrics;
}

std::vector<double> alignment_scores(const Snapshot& snapshot,
                                     const std::vector<Alignment>& alignments) {
  if (snapshot.examples.empty() || alignments.empty()) return {};
  const std::size_t layers = snapshot.examples.front().cross.size();
  std::vector<double> scores(layers, 0.0);
  std::vector<double> counts(layers, 0.0);
  for (std::size_t e = 0; e < snapshot.examples.size() && e < alignments.size(); ++e) {
    const auto& alignment = alignments[e];
    for (std::size_t layer = 0; layer < layers; ++layer) {
      const AttentionHeads& cross = snapshot.examples[e].cross[layer];
      for (int q = 0; q < cross.queries && q < static_cast<int>(alignment.size()); ++q) {
        if (alignment[static_cast<std::size_t>(q)].empty()) continue;
        for (int h = 0; h < cross.heads; ++h) {
          double mass = 0;
          for (int k : alignment[static_cast<std::size_t>(q)]) {
            if (k < cross.keys) mass += cross.at(h, q, k);
          }
          scores[layer] += mass;
          counts[layer] += 1;
        }
      }
    }
  }
  for (std::size_t layer = 0; layer < layers; ++layer) {
    if (counts[layer] > 0) scores[layer] /= counts[layer];
  }
  return scores;
}

std::string describe_evaluation(const EpochMetrics& metrics) {
  std::ostringstream line;
  line << std::fixed << std::setprecision(4) << "epoch " << metrics.epoch << " step "
       << metrics.step << ": train loss " << metrics.train_loss << ", eval loss "
       << metrics.eval_loss << ", perplexity " << std::setprecision(3) << metrics.perplexity
       << ", token accuracy " << metrics.token_accuracy << ", exact match " << metrics.exact_match
       << ", BLEU " << std::setprecision(2) << metrics.bleu;
  if (!metrics.alignment_score.empty()) {
    line << ", alignment";
    for (double score : metrics.alignment_score) line << " " << std::setprecision(3) << score;
  }
  return line.str();
}

}  // namespace attn
