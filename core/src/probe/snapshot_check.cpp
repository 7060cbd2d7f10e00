// The shapes a stored snapshot must have before anything reads it.

#include <algorithm>
#include <cstdint>
#include <string>

#include "attn/snapshot.h"

namespace attn {
namespace {

std::string number(std::size_t value) { return std::to_string(value); }

// heads × queries × keys == weights, each at least 1, without overflow.
std::string map_problem(const AttentionHeads& map, std::size_t queries, std::size_t keys,
                        int model_heads) {
  if (map.heads < 1 || map.queries < 1 || map.keys < 1) {
    return std::to_string(map.heads) + " heads × " + std::to_string(map.queries) + " queries × " +
           std::to_string(map.keys) + " keys; expected at least 1 of each";
  }
  if (model_heads > 0 && map.heads > model_heads) {
    return std::to_string(map.heads) + " heads; the model has " + std::to_string(model_heads);
  }
  const auto product = static_cast<std::uint64_t>(map.heads) *
                       static_cast<std::uint64_t>(map.queries) *
                       static_cast<std::uint64_t>(map.keys);
  if (product != map.weights.size()) {
    return std::to_string(map.heads) + " × " + std::to_string(map.queries) + " × " +
           std::to_string(map.keys) + " weights expected, " + number(map.weights.size()) +
           " stored";
  }
  if (static_cast<std::size_t>(map.queries) != queries ||
      static_cast<std::size_t>(map.keys) != keys) {
    return std::to_string(map.queries) + " queries × " + std::to_string(map.keys) + " keys for " +
           number(queries) + " × " + number(keys) + " tokens";
  }
  return {};
}

std::string tokens_problem(const std::vector<int>& tokens, int vocabulary, const char* side) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] < 0 || (vocabulary > 0 && tokens[i] >= vocabulary)) {
      return std::string(side) + " token " + number(i + 1) + " is id " + std::to_string(tokens[i]) +
             (vocabulary > 0 ? "; the vocabulary has " + std::to_string(vocabulary) : "");
    }
  }
  return {};
}

// One norm per head (Q, K and V alike when the head count is not known).
std::string norms_problem(const ProjectionNorms& norms, std::size_t heads) {
  const std::size_t expected = heads > 0 ? heads : norms.q.size();
  for (const auto* values : {&norms.q, &norms.k, &norms.v}) {
    if (!values->empty() && values->size() != expected)
      return number(values->size()) + " Q/K/V norms for " + number(expected) + " heads";
  }
  return {};
}

// `expected_layers` 0: not known.
std::string stats_problem(const std::vector<LayerStats>& layers, std::size_t expected_layers,
                          std::size_t heads, bool decoder, const char* side) {
  if (layers.empty()) return {};  // a snapshot may hold maps only
  if (expected_layers > 0 && layers.size() != expected_layers) {
    return std::string(side) + " statistics for " + number(layers.size()) + " layers, maps for " +
           number(expected_layers);
  }
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    const std::string where = std::string(side) + " layer " + number(l + 1) + ": ";
    std::string problem = norms_problem(layer.self_attention, heads);
    if (problem.empty() && decoder) problem = norms_problem(layer.cross_attention, heads);
    if (problem.empty() && !decoder && !layer.cross_attention.q.empty())
      problem = "cross-attention norms in an encoder layer";
    if (problem.empty() && !layer.ffn.histogram.empty() &&
        layer.ffn.histogram.size() != static_cast<std::size_t>(kFfnHistogramBins)) {
      problem = number(layer.ffn.histogram.size()) + " FFN histogram bins; expected " +
                std::to_string(kFfnHistogramBins);
    }
    if (problem.empty() && layer.residual_norms.size() > 3)
      problem = number(layer.residual_norms.size()) + " residual norms; a layer has at most 3";
    if (!problem.empty()) return where + problem;
  }
  return {};
}

}  // namespace

std::string snapshot_problem(const Snapshot& snapshot, const SnapshotShape& shape) {
  std::size_t encoder_layers = 0, decoder_layers = 0, heads = 0;
  for (std::size_t e = 0; e < snapshot.examples.size(); ++e) {
    const auto& example = snapshot.examples[e];
    const std::string where = "example " + number(e + 1) + ", ";
    if (auto problem = tokens_problem(example.src_tokens, shape.source_vocabulary, "source");
        !problem.empty())
      return where + problem;
    if (auto problem = tokens_problem(example.tgt_tokens, shape.target_vocabulary, "target");
        !problem.empty())
      return where + problem;
    if (example.decoder_self.size() != example.cross.size()) {
      return where + number(example.decoder_self.size()) + " decoder self-attention layers but " +
             number(example.cross.size()) + " cross-attention layers";
    }
    if (e == 0) {
      encoder_layers = example.encoder_self.size();
      decoder_layers = example.decoder_self.size();
    } else if (example.encoder_self.size() != encoder_layers ||
               example.decoder_self.size() != decoder_layers) {
      return where + "layers differ from example 1's";
    }
    if ((shape.encoder_layers > 0 &&
         encoder_layers != static_cast<std::size_t>(shape.encoder_layers)) ||
        (shape.decoder_layers > 0 &&
         decoder_layers != static_cast<std::size_t>(shape.decoder_layers))) {
      return where + number(encoder_layers) + " encoder and " + number(decoder_layers) +
             " decoder layers; the model has " + std::to_string(shape.encoder_layers) + " and " +
             std::to_string(shape.decoder_layers);
    }
    const std::size_t sources = example.src_tokens.size(), targets = example.tgt_tokens.size();
    for (const auto kind :
         {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::Cross}) {
      const auto& layers = example.of(kind);
      const std::size_t queries = kind == AttentionKind::EncoderSelf ? sources : targets;
      const std::size_t keys = kind == AttentionKind::DecoderSelf ? targets : sources;
      for (std::size_t l = 0; l < layers.size(); ++l) {
        std::string problem = map_problem(layers[l], queries, keys, shape.heads);
        if (problem.empty() && heads == 0) heads = static_cast<std::size_t>(layers[l].heads);
        if (problem.empty() && static_cast<std::size_t>(layers[l].heads) != heads)
          problem =
              std::to_string(layers[l].heads) + " heads where other maps have " + number(heads);
        if (!problem.empty())
          return where + to_string(kind) + ", layer " + number(l + 1) + ": " + problem;
      }
    }
    for (std::size_t t = 0; t < example.ideal_alignment.size(); ++t) {
      for (const int source : example.ideal_alignment[t]) {
        if (source < 0 || static_cast<std::size_t>(source) >= sources) {
          return where + "the ideal alignment of target " + number(t + 1) +
                 " names source position " + std::to_string(source) + " of " + number(sources);
        }
      }
    }
  }
  // A snapshot of statistics only (no maps) is held to the model's shape.
  if (snapshot.examples.empty()) {
    encoder_layers = static_cast<std::size_t>(std::max(0, shape.encoder_layers));
    decoder_layers = static_cast<std::size_t>(std::max(0, shape.decoder_layers));
  }
  if (heads == 0) heads = static_cast<std::size_t>(std::max(0, shape.heads));
  if (auto problem = stats_problem(snapshot.encoder, encoder_layers, heads, false, "encoder");
      !problem.empty())
    return problem;
  if (auto problem = stats_problem(snapshot.decoder, decoder_layers, heads, true, "decoder");
      !problem.empty())
    return problem;
  const auto& embeddings = snapshot.embeddings;
  if (embeddings.dim < 0 || static_cast<std::uint64_t>(embeddings.dim) * embeddings.tokens.size() !=
                                embeddings.vectors.size()) {
    return "embeddings: " + std::to_string(embeddings.dim) + " dimensions × " +
           number(embeddings.tokens.size()) + " tokens for " + number(embeddings.vectors.size()) +
           " numbers";
  }
  if (auto problem = tokens_problem(embeddings.tokens, shape.source_vocabulary, "embedding");
      !problem.empty())
    return "embeddings: " + problem;
  return {};
}

}  // namespace attn
