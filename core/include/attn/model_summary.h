#pragma once
// A table of the model's modules with output shapes and parameter counts.

#include <cstdint>
#include <string>
#include <vector>

#include "attn/model_config.h"

namespace attn {

struct SummaryRow {
  int depth = 0;             // 0 for top-level modules, 1 for their parts
  std::string module;        // e.g. "encoder.0.self_attn"
  std::string type;          // e.g. "MultiHeadAttention"
  std::string output_shape;  // symbolic: B batch, S source length, T target length
  std::int64_t parameters = 0;
};

struct ModelSummary {
  std::vector<SummaryRow> rows;
  std::int64_t total_parameters = 0;  // each shared tensor counted once
};

// Builds the model on the CPU and reads its real parameters.
ModelSummary summarize_model(const ModelConfig& config, Implementation implementation);

// The same total as summarize_model, computed from the configuration alone
// (cheap enough for a live display while the user edits fields).
std::int64_t count_parameters(const ModelConfig& config);

// Bytes needed to train in fp32 with Adam: weights, gradients and two moment
// buffers. Activations are not included.
std::int64_t training_state_bytes(const ModelConfig& config);

// The printable table; its last line is "parameters: <N>".
std::string format_summary(const ModelSummary& summary, const ModelConfig& config,
                           const std::string& preset_name);

}  // namespace attn
