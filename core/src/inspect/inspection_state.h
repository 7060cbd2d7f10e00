#pragma once
// What an InspectionModel holds (private to the core: LibTorch types).

#include <memory>
#include <mutex>
#include <string>

#include "attn/inspection.h"
#include "attn/tokenizer.h"
#include "model/seq2seq_model.h"

namespace attn {

struct InspectionModel::State {
  RunConfig config;  // the model's configuration, sized to its vocabulary
  TokenizerPair tokenizers;
  Seq2SeqModel model;  // on the CPU, in eval mode
  std::string description;
  std::string checkpoint;
  std::mutex mutex;  // one inspection at a time per model
};

// A copy of a live model's weights (the trainer's, between two steps): the
// inspector never touches the model being trained.
std::shared_ptr<const InspectionModel> make_inspection_model(Seq2SeqModelImpl& model,
                                                             const RunConfig& config,
                                                             const TokenizerPair& tokenizers,
                                                             const std::string& description);

}  // namespace attn
