#pragma once
// The inspector: one sentence of the user's through a model, with every stage
// of the model's own forward pass kept (the tutorial's analysis mode, on the
// real computation). Torch-free, so the app and the command line share it.
//
// A model comes from a run's checkpoint, from a checkpoint file, from the
// weights a running trainer hands over between steps, or freshly initialised
// from a configuration and its seed (the analysis without training).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "attn/snapshot.h"
#include "attn/train_config.h"
#include "attn/translatable.h"

namespace attn {

struct TokenProbability {
  int id = 0;
  std::string piece;
  float probability = 0;
};

// One output token and the model's distribution at the step that chose it.
struct PredictedToken {
  int id = 0;
  std::string piece;  // "<eos>" for the end
  float probability = 0;
  std::vector<TokenProbability> alternatives;  // the 5 most likely, most likely first
};

struct Translation {
  std::string text;
  std::vector<PredictedToken> tokens;  // the last is <eos> when the model ended the sentence
  double log_probability = 0;          // sum over `tokens`
  bool ended = false;                  // false: stopped at the length limit
};

// Linear maps (x W + b, sums, scaling, matrix products with fixed other
// factor) against non-linear ones (mask, softmax, LayerNorm, ReLU/GELU), as
// the tutorial promised to tell them apart. Dropout is the identity in
// inference and says so.
enum class StageKind { Input, Linear, NonLinear, Identity };
std::string to_string(StageKind kind);

// One intermediate tensor of the forward pass, for the chosen head and query
// position: `values` is the slice `shown_shape` of the full `shape`.
struct Stage {
  std::string id;     // stable key, e.g. "encoder.0.self.q" (the JSON's and the diagram's)
  std::string block;  // "embedding", "self-attention", "cross-attention", "feed-forward", "output"
  Text title;         // "Q = x W^Q + b^Q"
  StageKind kind = StageKind::Linear;
  Text note;                        // what the slice shows and anything worth saying
  std::vector<std::int64_t> shape;  // the whole tensor, e.g. [1, H, S, d_k]
  std::vector<std::int64_t> shown_shape;
  std::vector<float> values;  // row-major, −inf kept where a mask put it
  // Over the whole tensor's finite values:
  double mean = 0, std = 0, min = 0, max = 0;
  std::int64_t masked = 0;  // entries at −inf
  std::int64_t zeros = 0;   // entries exactly 0 (ReLU's silenced units)
};

// The data-flow diagram: boxes in reading order and the arrows between them,
// each arrow with the tensor shape it carries for this input.
struct FlowNode {
  std::string id;    // "encoder.1"; a stage id prefix to jump to
  Text label;        // "Encoder 2"
  Text detail;       // "self-attention → FFN"
  std::string part;  // "source", "encoder", "memory", "target", "decoder", "output"
  int layer = -1;
};
struct FlowEdge {
  int from = 0, to = 0;
  std::vector<std::int64_t> shape;
};

struct InspectionRequest {
  std::string text;
  // The stage view's layer, head and query position: an encoder layer for
  // EncoderSelf, a decoder layer (self- and cross-attention) otherwise.
  AttentionKind kind = AttentionKind::EncoderSelf;
  int layer = 0;
  int head = 0;
  int token = 0;  // query position (source for the encoder, decoder input otherwise)
  int beam_size = 4;
  double length_penalty = 0.6;
  int max_length = 0;  // output tokens; 0: twice the source + 10, within the model's positions
  bool stages = true;  // false: translation and attention only
};

struct Inspection {
  Text error;  // one readable line when the input cannot be inspected; nothing else is set
  std::vector<Text> warnings;              // unknown pieces, truncation
  std::vector<std::string> source_pieces;  // what the encoder reads, <eos> last
  std::vector<bool> source_unknown;        // per source piece: <unk>
  bool truncated = false;
  int dropped_tokens = 0;
  Translation greedy;
  Translation beam;
  // Attention with the decoder reading <bos> + the greedy translation: the
  // model's own prediction, teacher-forced in one pass.
  ExampleAttention attention;
  std::vector<std::string> target_pieces;  // the decoder's input pieces
  std::vector<Stage> stages;
  std::vector<FlowNode> flow_nodes;
  std::vector<FlowEdge> flow_edges;
  double seconds = 0;         // everything, from the text to the stages
  double decode_seconds = 0;  // of which the greedy and beam decodings
};

class InspectionModel {
 public:
  // `path`: a run directory or a checkpoint file. In a run, `which` is "best",
  // "last", "epoch:N", "step:N" (the checkpoint nearest that step) or empty
  // (best, else last). The configuration and the tokenizer come from the
  // checkpoint. Returns null with a message naming the file in *error.
  // `device`: cpu, cuda, cuda:N or auto (the GPU where there is one), as
  // training's --device.
  static std::shared_ptr<const InspectionModel> open(const std::string& path,
                                                     const std::string& which, std::string* error,
                                                     const std::string& device = "cpu");
  // The configuration's model, initialised from its seed, with the tokenizer
  // the configuration's data would train (the data is prepared for it).
  static std::shared_ptr<const InspectionModel> untrained(const RunConfig& config,
                                                          std::string* error);

  // The checkpoint open() would read for (path, which); empty with *error when none.
  static std::string resolve_checkpoint(const std::string& path, const std::string& which,
                                        std::string* error);

  ~InspectionModel();
  InspectionModel(const InspectionModel&) = delete;
  InspectionModel& operator=(const InspectionModel&) = delete;

  const RunConfig& config() const;
  // "best_model.pt · step 320 · epoch 10", "untrained · seed 1", "live · step 1200"
  const Text& description() const;
  std::string checkpoint_path() const;  // empty unless opened from one

  // The pieces the source tokenizer makes of `text` (specials not added) and
  // which are unknown to the vocabulary; for chips while typing.
  std::vector<std::string> pieces(const std::string& text, std::vector<bool>* unknown) const;
  int max_source_tokens() const;  // beyond these the input is truncated
  // Every token id's piece, for labels.
  std::vector<std::string> vocabulary(bool source) const;

  // Runs on the calling thread (the UI calls it from a worker); `cancelled`
  // is asked between decoding steps and abandons the work (error "cancelled").
  // Safe to call from several threads at once.
  Inspection inspect(const InspectionRequest& request,
                     const std::function<bool()>& cancelled = {}) const;

  struct State;
  explicit InspectionModel(std::unique_ptr<State> state);
  // The core's own access to the model behind the API (inspection_state.h).
  friend State& state_of(const InspectionModel& model);

 private:
  std::unique_ptr<State> state_;
};

// True where `path` is a Hugging Face model folder (a config.json naming a
// model_type) that InspectionModel::open reads as one, not as a run.
bool is_hugging_face_model(const std::string& path);

// The inspection as JSON (C locale): input, translations with probabilities,
// every stage's values and statistics, the attention maps and the data flow.
std::string inspection_to_json(const Inspection& inspection, const InspectionRequest& request,
                               const InspectionModel& model);

// "[1, 4, 9, 16]"
std::string shape_text(const std::vector<std::int64_t>& shape);

// One line per stage (title, kind, shape, statistics) for logs and the CLI.
std::vector<std::string> describe_stages(const std::vector<Stage>& stages);

}  // namespace attn
