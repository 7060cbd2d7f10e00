#pragma once
// Checkpoints: model, optimizer, schedule position, RNG state, configuration
// and vocabulary in one file, written to a temporary name and renamed.

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>

#include "model/seq2seq_model.h"

namespace attn {

struct CheckpointState {
  std::int64_t step = 0;  // optimizer steps done
  int epoch = 1;          // the epoch to continue in (1-based)
  int next_batch = 0;     // first batch of that epoch not yet trained on
  double best_eval_loss = 0;
  int evaluations_without_improvement = 0;
  // The running sums behind the epoch's mean training loss, so a run resumed
  // mid-epoch reports the same train_loss as one that never stopped.
  double epoch_loss_sum = 0;
  int epoch_steps = 0;
  // Length of metrics.csv when this checkpoint was written (every row up to
  // `step` and nothing after it); -1 in checkpoints of earlier versions.
  std::int64_t metrics_bytes = -1;
  // The output length limit of the run's evaluation (its data's longest
  // target + 10, within the positions), so that the inspector decodes as the
  // evaluation did; 0 in checkpoints of earlier versions.
  int max_decode_length = 0;
  // Processes that trained the run together (World::size); a resumed run
  // needs as many, since they make up each step's batch. 1 in earlier versions.
  int world_size = 1;
  std::string run_config_json;
  std::string vocabulary_json;
};

// Serialised in memory, then written to "<path>.tmp", flushed and renamed, so a
// full disk or a kill leaves the previous checkpoint untouched. Throws
// std::runtime_error naming the file on failure.
void save_checkpoint(const std::string& path, Seq2SeqModelImpl& model,
                     torch::optim::Optimizer* optimizer, const CheckpointState& state);

// Reads only the state (configuration, vocabulary, position).
std::optional<CheckpointState> read_checkpoint_state(const std::string& path, std::string* error);

// Loads weights (and optimizer state and the CPU RNG state when given).
bool load_checkpoint(const std::string& path, Seq2SeqModelImpl& model,
                     torch::optim::Optimizer* optimizer, bool restore_rng, std::string* error);

}  // namespace attn
