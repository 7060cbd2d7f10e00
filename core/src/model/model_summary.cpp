#include "attn/model_summary.h"

#include <iomanip>
#include <sstream>

#include "model/model_factory.h"

namespace attn {
namespace {

// "attn::EncoderLayerImpl" → "EncoderLayer"; "torch::nn::LinearImpl" → "Linear"
std::string type_name(const torch::nn::Module& module) {
  std::string name = module.name();
  const auto colon = name.rfind("::");
  if (colon != std::string::npos) name = name.substr(colon + 2);
  const std::string suffix = "Impl";
  if (name.size() > suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    name.resize(name.size() - suffix.size());
  }
  return name;
}

bool has_parameters(const torch::nn::Module& module) { return count_module_parameters(module) > 0; }

std::string width_shape(const std::string& side, int width) {
  return "[B, " + side + ", " + std::to_string(width) + "]";
}

void add_layer_rows(ModelSummary& summary, const std::string& stack, const torch::nn::Module& list,
                    const std::string& side, const ModelConfig& config) {
  for (const auto& layer : list.named_children()) {
    const std::string layer_name = stack + "." + layer.key();
    summary.rows.push_back({0, layer_name, type_name(*layer.value()),
                            width_shape(side, config.d_model),
                            count_module_parameters(*layer.value())});
    for (const auto& part : layer.value()->named_children()) {
      if (!has_parameters(*part.value())) continue;  // dropouts
      const int width = part.key() == "linear1" ? config.d_ff : config.d_model;
      summary.rows.push_back({1, layer_name + "." + part.key(), type_name(*part.value()),
                              width_shape(side, width), count_module_parameters(*part.value())});
    }
  }
}

std::string with_thousands(int64_t value) {
  std::string digits = std::to_string(value);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

}  // namespace

ModelSummary summarize_model(const ModelConfig& config, Implementation implementation) {
  torch::NoGradGuard no_grad;
  auto model = make_model(config, implementation, /*seed=*/0);
  ModelSummary summary;
  for (const auto& child : model->named_children()) {
    const std::string& name = child.key();
    const auto& module = *child.value();
    if (name == "encoder") {
      add_layer_rows(summary, name, module, "S", config);
    } else if (name == "decoder") {
      add_layer_rows(summary, name, module, "T", config);
    } else if (name == "embeddings") {
      summary.rows.push_back({0, "embeddings", "TokenEmbeddings",
                              width_shape("S|T", config.d_model), count_module_parameters(module)});
    } else {
      const std::string side = name == "encoder_norm" ? "S" : "T";
      summary.rows.push_back({0, name, type_name(module), width_shape(side, config.d_model),
                              count_module_parameters(module)});
    }
  }
  summary.rows.push_back(
      {0, "output projection",
       std::string(config.tie_embeddings ? "tied to target embedding" : "Linear") +
           (config.output_bias      ? " + bias (in embeddings)"
            : config.tie_embeddings ? ""
                                    : " (no bias)"),
       width_shape("T", config.tgt_vocab_size), 0});
  summary.total_parameters = count_module_parameters(*model);
  return summary;
}

std::int64_t count_parameters(const ModelConfig& c) {
  const int64_t d = c.d_model, f = c.d_ff;
  const int64_t source = int64_t{c.src_vocab_size} * d, target = int64_t{c.tgt_vocab_size} * d;
  int64_t embeddings = 0;
  if (c.tie_embeddings && c.shared_vocab) {
    embeddings = target;
  } else if (c.tie_embeddings) {
    embeddings = source + target;
  } else {
    embeddings = source + 2 * target;
  }
  const int64_t attention = 4 * (d * d + d);  // W^Q, W^K, W^V, W^O with biases
  const int64_t ffn = d * f + f + f * d + d;
  const int64_t layer_norm = 2 * d;
  const int64_t encoder = c.enc_layers * (attention + ffn + 2 * layer_norm);
  const int64_t decoder = c.dec_layers * (2 * attention + ffn + 3 * layer_norm);
  const int64_t final_norms = c.norm == NormPlacement::Pre ? 2 * layer_norm : 0;
  const int64_t output_bias = c.output_bias ? c.tgt_vocab_size : 0;
  return embeddings + encoder + decoder + final_norms + output_bias;
}

std::int64_t training_state_bytes(const ModelConfig& config) {
  // fp32 weights, gradients, Adam's first and second moments.
  return count_parameters(config) * 4 * 4;
}

std::string format_summary(const ModelSummary& summary, const ModelConfig& config,
                           const std::string& preset_name) {
  std::ostringstream out;
  out << "model: " << (preset_name.empty() ? std::string("custom") : preset_name) << "  d_model "
      << config.d_model << ", heads " << config.heads << ", layers " << config.enc_layers << "+"
      << config.dec_layers << ", d_ff " << config.d_ff << ", vocab " << config.src_vocab_size;
  if (!config.shared_vocab) out << "/" << config.tgt_vocab_size;
  out << ", " << to_string(config.norm) << "-norm, " << to_string(config.activation)
      << (config.tie_embeddings ? ", tied embeddings" : "") << "\n";
  out << "shapes: B batch, S source length, T target length\n\n";

  size_t module_width = 6, type_width = 4, shape_width = 12;
  for (const auto& row : summary.rows) {
    module_width = std::max(module_width, row.module.size() + 2 * row.depth);
    type_width = std::max(type_width, row.type.size());
    shape_width = std::max(shape_width, row.output_shape.size());
  }
  auto line = [&](const std::string& module, const std::string& type, const std::string& shape,
                  const std::string& parameters) {
    out << std::left << std::setw(static_cast<int>(module_width) + 2) << module
        << std::setw(static_cast<int>(type_width) + 2) << type
        << std::setw(static_cast<int>(shape_width) + 2) << shape << std::right << std::setw(14)
        << parameters << "\n";
  };
  line("Module", "Type", "Output shape", "Parameters");
  out << std::string(module_width + type_width + shape_width + 20, '-') << "\n";
  for (const auto& row : summary.rows) {
    line(std::string(2 * row.depth, ' ') + row.module, row.type, row.output_shape,
         with_thousands(row.parameters));
  }
  out << std::string(module_width + type_width + shape_width + 20, '-') << "\n";
  out << "total: " << with_thousands(summary.total_parameters) << " parameters (" << std::fixed
      << std::setprecision(1) << summary.total_parameters / 1e6 << "M)";
  // Table 3 of the paper reports its models' sizes.
  if (preset_name == "paper-base") out << "; the paper reports 65M (Table 3)";
  if (preset_name == "paper-big") out << "; the paper reports 213M (Table 3)";
  out << "\n";
  out << "training state (fp32 weights, gradients, Adam moments): " << std::setprecision(1)
      << training_state_bytes(config) / (1024.0 * 1024.0) << " MiB\n";
  out << "parameters: " << summary.total_parameters << "\n";
  return out.str();
}

}  // namespace attn
