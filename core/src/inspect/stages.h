#pragma once
// From a stage-level trace of one sentence to the inspector's stages and
// data-flow diagram. Shared by the inspector and the trainer's --debug log,
// so both describe the computation the model performed.

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "attn/inspection.h"
#include "data/batcher.h"
#include "model/seq2seq_model.h"

namespace attn {

// One teacher-forced pass of src [1, S] and tgt_in [1, T] with every stage
// kept; the model is switched to eval mode for the pass and restored.
struct TracedPass {
  ModelTrace trace;
  torch::Tensor logits;  // [1, T, V]
};
TracedPass traced_pass(Seq2SeqModelImpl& model, const torch::Tensor& src,
                       const torch::Tensor& tgt_in);

// The stages of the request's layer (clamped to the model), head and query
// position, with the embedding stages before them and the output after.
std::vector<Stage> stages_of(const TracedPass& pass, const ModelConfig& config,
                             const InspectionRequest& request);

void data_flow_of(const TracedPass& pass, const ModelConfig& config, std::vector<FlowNode>* nodes,
                  std::vector<FlowEdge>* edges);

// --debug: the first example of `batch` through the model's own forward
// pass (teacher-forced, in eval mode), every stage of encoder layer 1 (head
// 1, first position) and of decoder layer 1, as the inspector shows them;
// `step` is the step about to be trained (1-based).
std::vector<std::string> debug_stage_lines(Seq2SeqModelImpl& model, const ModelConfig& config,
                                           const Batch& batch, std::int64_t step);

}  // namespace attn
