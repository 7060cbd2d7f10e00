// The inspection as JSON for notebooks, and as text lines for logs.

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "attn/inspection.h"

namespace attn {
namespace {

using nlohmann::json;

// JSON has no infinity: masked scores are written as null.
json values_of(const std::vector<float>& values) {
  json out = json::array();
  for (float value : values) {
    if (std::isfinite(value)) {
      out.push_back(value);
    } else {
      out.push_back(nullptr);
    }
  }
  return out;
}

json translation_json(const Translation& translation) {
  json tokens = json::array();
  for (const auto& token : translation.tokens) {
    json alternatives = json::array();
    for (const auto& alternative : token.alternatives)
      alternatives.push_back(
          {{"id", alternative.id}, {"piece", alternative.piece}, {"p", alternative.probability}});
    tokens.push_back({{"id", token.id},
                      {"piece", token.piece},
                      {"p", token.probability},
                      {"top", alternatives}});
  }
  return {{"text", translation.text},
          {"ended", translation.ended},
          {"log_probability", translation.log_probability},
          {"tokens", tokens}};
}

json attention_json(const std::vector<AttentionHeads>& layers) {
  json out = json::array();
  for (const auto& layer : layers) {
    out.push_back({{"heads", layer.heads},
                   {"queries", layer.queries},
                   {"keys", layer.keys},
                   {"weights", values_of(layer.weights)}});
  }
  return out;
}

}  // namespace

std::string inspection_to_json(const Inspection& inspection, const InspectionRequest& request,
                               const InspectionModel& model) {
  json stages = json::array();
  for (const auto& stage : inspection.stages) {
    stages.push_back({{"id", stage.id},
                      {"block", stage.block},
                      {"title", stage.title.english()},
                      {"kind", to_string(stage.kind)},
                      {"note", stage.note.english()},
                      {"shape", stage.shape},
                      {"shown_shape", stage.shown_shape},
                      {"values", values_of(stage.values)},
                      {"mean", stage.mean},
                      {"std", stage.std},
                      {"min", stage.min},
                      {"max", stage.max},
                      {"masked", stage.masked},
                      {"zeros", stage.zeros}});
  }
  json nodes = json::array();
  for (const auto& node : inspection.flow_nodes)
    nodes.push_back({{"id", node.id},
                     {"label", node.label.english()},
                     {"detail", node.detail.english()},
                     {"part", node.part},
                     {"layer", node.layer}});
  json edges = json::array();
  for (const auto& edge : inspection.flow_edges)
    edges.push_back({{"from", edge.from}, {"to", edge.to}, {"shape", edge.shape}});
  const auto& attention = inspection.attention;
  json document = {{"format", "attention-studio-inspection"},
                   {"version", 1},
                   {"model", model.description().english()},
                   {"checkpoint", model.checkpoint_path()},
                   {"implementation", to_string(model.config().implementation)},
                   {"input", request.text},
                   {"request",
                    {{"kind", to_string(request.kind)},
                     {"layer", request.layer},
                     {"head", request.head},
                     {"token", request.token}}},
                   {"source_pieces", inspection.source_pieces},
                   {"source_unknown", inspection.source_unknown},
                   {"truncated", inspection.truncated},
                   {"warnings", english(inspection.warnings)},
                   {"greedy", translation_json(inspection.greedy)},
                   {"beam", translation_json(inspection.beam)},
                   {"target_pieces", inspection.target_pieces},
                   {"attention",
                    {{"src_tokens", attention.src_tokens},
                     {"tgt_tokens", attention.tgt_tokens},
                     {"encoder_self", attention_json(attention.encoder_self)},
                     {"decoder_self", attention_json(attention.decoder_self)},
                     {"cross", attention_json(attention.cross)}}},
                   {"stages", stages},
                   {"flow", {{"nodes", nodes}, {"edges", edges}}},
                   {"seconds", inspection.seconds},
                   {"decode_seconds", inspection.decode_seconds}};
  return document.dump(1);
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

std::vector<std::string> describe_stages(const std::vector<Stage>& stages) {
  std::vector<std::string> lines;
  for (const auto& stage : stages) {
    char line[400];
    if (stage.kind == StageKind::Identity) {
      std::snprintf(line, sizeof line, "  %-28s %-10s %s", (stage.id).c_str(),
                    to_string(stage.kind).c_str(), stage.note.english().c_str());
    } else {
      std::snprintf(
          line, sizeof line, "  %-28s %-10s %-16s mean %+.4f  std %.4f  min %+.4f  max %+.4f%s",
          stage.id.c_str(), to_string(stage.kind).c_str(), shape_text(stage.shape).c_str(),
          stage.mean, stage.std, stage.min, stage.max,
          stage.masked > 0 ? ("  (" + std::to_string(stage.masked) + " at −inf)").c_str() : "");
    }
    lines.push_back(line);
  }
  return lines;
}

}  // namespace attn
