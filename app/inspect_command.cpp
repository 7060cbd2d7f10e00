#include "inspect_command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "attn/files.h"
#include "attn/inspection.h"
#include "attn/model_config.h"

namespace attn::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

AttentionKind kind_of(const std::string& name) {
  if (name == "decoder-self") return AttentionKind::DecoderSelf;
  if (name == "cross") return AttentionKind::Cross;
  return AttentionKind::EncoderSelf;
}

std::string percent(float probability) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * probability);
  return text;
}

void print_translation(const char* name, const Translation& translation) {
  std::cout << name << ": " << translation.text
            << (translation.ended ? "" : "   (stopped at the length limit)") << "\n";
  for (const auto& token : translation.tokens) {
    std::string line = "  " + token.piece + " " + percent(token.probability) + "   top:";
    for (const auto& alternative : token.alternatives)
      line += " " + alternative.piece + " " + percent(alternative.probability);
    std::cout << line << "\n";
  }
}

}  // namespace

int run_inspect(const Options& options) {
  if (!options.inspect_input_given) {
    std::cerr << "attention-train: --inspect needs --input TEXT (the sentence to read)\n";
    return kExitUsage;
  }
  std::string error;
  std::shared_ptr<const InspectionModel> model;
  const auto opening = std::chrono::steady_clock::now();
  if (options.inspect == "untrained") {
    model = InspectionModel::untrained(options.run, &error);
  } else {
    model = InspectionModel::open(options.inspect, options.inspect_checkpoint, &error,
                                  options.run.train.device);
  }
  if (!model) {
    std::cerr << "attention-train: " << error << "\n";
    return kExitUsage;
  }
  const double open_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - opening).count();
  const auto& config = model->config().model;
  const bool decoder = options.inspect_kind != "encoder-self";
  const int layers = decoder ? config.dec_layers : config.enc_layers;
  if (options.inspect_layer > layers) {
    std::cerr << "attention-train: --layer " << options.inspect_layer << ": the model has "
              << layers << (decoder ? " decoder" : " encoder") << " layer(s)\n";
    return kExitUsage;
  }
  if (options.inspect_head > config.heads) {
    std::cerr << "attention-train: --head " << options.inspect_head << ": the model has "
              << config.heads << " head(s)\n";
    return kExitUsage;
  }
  InspectionRequest request;
  request.text = options.inspect_input;
  request.kind = kind_of(options.inspect_kind);
  request.layer = options.inspect_layer - 1;
  request.head = options.inspect_head - 1;
  request.token = options.inspect_token - 1;
  request.beam_size = model->config().train.beam_size;
  request.length_penalty = model->config().train.length_penalty;
  const auto inspection = model->inspect(request);
  if (!inspection.error.empty()) {
    std::cerr << "attention-train: --input: " << inspection.error.english() << "\n";
    return kExitUsage;
  }
  std::cout << "model: " << model->description().english() << " ("
            << to_string(model->config().implementation) << ", " << config.enc_layers << "+"
            << config.dec_layers << " layers, d_model " << config.d_model << ", " << config.heads
            << " heads)\n";
  for (const auto& warning : inspection.warnings)
    std::cerr << "attention-train: " << warning.english() << "\n";
  std::cout << "source pieces:";
  for (std::size_t i = 0; i < inspection.source_pieces.size(); ++i)
    std::cout << " " << (inspection.source_unknown[i] ? "<unk>" : inspection.source_pieces[i]);
  std::cout << "\n";
  std::printf("opened in %.1f ms\n", open_seconds * 1000);
  std::printf("read in %.1f ms (decoding %.1f ms, the traced pass and its stages %.1f ms)\n",
              inspection.seconds * 1000, inspection.decode_seconds * 1000,
              (inspection.seconds - inspection.decode_seconds) * 1000);
  std::fflush(stdout);
  print_translation("greedy", inspection.greedy);
  print_translation("beam", inspection.beam);
  std::cout << "\ndata flow:\n";
  for (const auto& edge : inspection.flow_edges) {
    std::cout << "  " << inspection.flow_nodes[static_cast<std::size_t>(edge.from)].label.english()
              << " → " << inspection.flow_nodes[static_cast<std::size_t>(edge.to)].label.english()
              << "  " << shape_text(edge.shape) << "\n";
  }
  const int token_count =
      static_cast<int>(decoder ? inspection.target_pieces.size() : inspection.source_pieces.size());
  std::cout << "\nstages of " << (decoder ? "decoder" : "encoder") << " layer "
            << options.inspect_layer << ", head " << options.inspect_head << ", query position "
            << std::min(options.inspect_token, token_count) << " (mean, std, min, max over the "
            << "whole tensor):\n";
  for (const auto& line : describe_stages(inspection.stages)) std::cout << line << "\n";
  if (!options.inspect_json.empty()) {
    try {
      write_file_atomically(options.inspect_json, inspection_to_json(inspection, request, *model));
    } catch (const std::exception& e) {
      std::cerr << "attention-train: --json: " << e.what() << "\n";
      return kExitFailure;
    }
    std::cout << "\nwritten: " << options.inspect_json << "\n";
  }
  return kExitOk;
}

}  // namespace attn::cli
