#pragma once
// What an InspectionModel holds (private to the core: LibTorch types).

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "attn/inspection.h"
#include "attn/tokenizer.h"
#include "model/seq2seq_model.h"
#include "train/checkpoint.h"

namespace attn {

// A model's parameters and buffers by name, copied to the CPU.
using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

struct InspectionModel::State {
  RunConfig config;  // the model's configuration, sized to its vocabulary
  TokenizerPair tokenizers;
  // In eval mode, on `device`; built on first use where `weights` holds a live
  // copy (always on the CPU).
  Seq2SeqModel model;
  torch::Device device{torch::kCPU};
  NamedTensors weights;
  // The evaluation's output length limit (0: unknown, 2 × source + 10).
  int max_decode_length = 0;
  Text description;
  std::string checkpoint;
  CheckpointState position;  // where the checkpoint stood (its JSON fields left empty)
  std::mutex mutex;          // one inspection at a time per model

  // The model, built from `weights` if that has not happened yet. Under `mutex`.
  Seq2SeqModelImpl& ready_model();
};

// The state behind a model the public API opened (for --export).
InspectionModel::State& state_of(const InspectionModel& model);

// A copy of a live model's weights (the trainer's, between two steps): the
// inspector never touches the model being trained. The trainer's thread only
// copies the tensors (a memory copy of the parameters); the modules are built
// from them on the inspector's thread, when the copy is first inspected.
//
// `spare` (may be null) lets the copies reuse memory: it keeps the tensors of
// the previous copy, and once the inspector has built its model from them
// (nobody else holds them) the next copy is written into them instead of
// into fresh memory, which the system would have to fault in page by page
// (about half the cost of copying a paper-base model).
std::shared_ptr<const InspectionModel> make_inspection_model(
    Seq2SeqModelImpl& model, const RunConfig& config, const TokenizerPair& tokenizers,
    const Text& description, NamedTensors* spare = nullptr, int max_decode_length = 0);

}  // namespace attn
