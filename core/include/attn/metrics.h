#pragma once
// What the trainer reports while it runs.

#include <cstdint>
#include <string>
#include <vector>

#include "attn/snapshot.h"
#include "attn/translatable.h"

namespace attn {

struct StepMetrics {
  std::int64_t step = 0;  // optimizer steps so far (1-based)
  int epoch = 0;          // 1-based
  int batch_in_epoch = 0;
  int batches_per_epoch = 0;
  double loss = 0;  // label-smoothed training loss per target token
  double lr = 0;
  double tokens_per_second = 0;
  double seconds = 0;              // wall time since the run (re)started
  double eta_seconds = 0;          // to the end of the run, from the recent pace
  std::int64_t planned_steps = 0;  // steps the run will have taken when it ends
  int threads = 0;                 // intra-op threads this step ran with
  GradientStats gradients;
};

struct SamplePrediction {
  std::string source;
  std::string reference;
  std::string greedy;
  std::string beam;
  bool correct = false;  // greedy prediction equals the reference
};

struct EpochMetrics {
  int epoch = 0;
  std::int64_t step = 0;
  double train_loss = 0;  // mean over the epoch
  double eval_loss = 0;   // label-smoothed, like training
  double eval_nll = 0;    // plain cross-entropy (for perplexity)
  double perplexity = 0;  // exp(eval_nll)
  double token_accuracy = 0;
  double exact_match = 0;  // greedy decoding
  double bleu = 0;         // corpus BLEU-4 in [0, 100] (greedy)
  // Built-in tasks: per decoder layer, the share of cross-attention mass on
  // the ideal alignment (averaged over heads and probe examples).
  std::vector<double> alignment_score;
  std::vector<SamplePrediction> samples;
  double seconds = 0;
  bool best = false;  // lowest eval loss so far
};

enum class RunStatus { Finished, Stopped, EarlyStopped, Failed };
std::string to_string(RunStatus status);

struct RunOutcome {
  RunStatus status = RunStatus::Finished;
  Text message;            // readable; what to try when it failed
  bool bad_input = false;  // failed because of the configuration or the data
  // A resume refused because no checkpoint can be read (all damaged, or
  // their folder gone): TrainRequest::restart would train it again.
  bool restart_helps = false;
  std::string run_directory;
  std::int64_t steps = 0;
  int epochs = 0;
  EpochMetrics last;  // the last evaluation (empty if none ran)
  double best_eval_loss = 0;
  double seconds = 0;
  double tokens_per_second = 0;
};

}  // namespace attn
