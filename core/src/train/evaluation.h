#pragma once
// Evaluation at the end of each epoch.

#include <torch/torch.h>

#include <functional>

#include "attn/dataset.h"
#include "attn/metrics.h"
#include "attn/train_config.h"
#include "model/seq2seq_model.h"

namespace attn {

// Thrown by evaluate() when `stop_requested` answers true: a long evaluation
// (an untrained model decodes every example to its longest length) must not
// hold up Stop, Ctrl+C or closing the window.
struct EvaluationInterrupted {};

// Loss, perplexity, token accuracy, exact match and BLEU (greedy) over the
// eval split, and beam-search sample predictions. Leaves the model in eval mode.
// `stop_requested` is asked between batches and between sample decodes.
EpochMetrics evaluate(Seq2SeqModelImpl& model, const PreparedData& data, const TrainConfig& config,
                      const torch::Device& device, int max_decode_length,
                      const std::function<bool()>& stop_requested = {});

// "epoch 3 step 120: train loss …, eval loss …, …, BLEU …, alignment …":
// the evaluation's line in the log.
std::string describe_evaluation(const EpochMetrics& metrics);

// Per decoder layer: the share of cross-attention on the ideal alignment,
// averaged over heads, aligned target positions and probe examples.
// `alignments[i]` belongs to snapshot.examples[i].
std::vector<double> alignment_scores(const Snapshot& snapshot,
                                     const std::vector<Alignment>& alignments);

}  // namespace attn
