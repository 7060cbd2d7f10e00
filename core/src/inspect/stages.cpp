#include "inspect/stages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace attn {
namespace {

std::vector<std::int64_t> shape_of(const torch::Tensor& t) {
  return std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end());
}

// A stage: statistics over the whole tensor, values of the slice.
Stage make_stage(std::string id, std::string block, Text title, StageKind kind, Text note,
                 const torch::Tensor& whole, const torch::Tensor& slice) {
  Stage stage;
  stage.id = std::move(id);
  stage.block = std::move(block);
  stage.title = std::move(title);
  stage.kind = kind;
  stage.note = std::move(note);
  if (!whole.defined()) return stage;
  const auto all = whole.detach().to(torch::kFloat64).cpu().reshape({-1});
  stage.shape = shape_of(whole);
  const auto finite = all.masked_select(torch::isfinite(all));
  if (finite.numel() > 0) {
    stage.mean = finite.mean().item<double>();
    stage.std = finite.numel() > 1 ? finite.std(/*unbiased=*/false).item<double>() : 0.0;
    stage.min = finite.min().item<double>();
    stage.max = finite.max().item<double>();
  }
  stage.masked = all.eq(-std::numeric_limits<double>::infinity()).sum().item<std::int64_t>();
  stage.zeros = all.eq(0).sum().item<std::int64_t>();
  const auto shown = slice.detach().to(torch::kFloat32).cpu().contiguous();
  stage.shown_shape = shape_of(shown);
  stage.values.assign(shown.data_ptr<float>(), shown.data_ptr<float>() + shown.numel());
  return stage;
}

Stage identity_stage(std::string id, std::string block, Text title, Text note) {
  Stage stage;
  stage.id = std::move(id);
  stage.block = std::move(block);
  stage.title = std::move(title);
  stage.kind = StageKind::Identity;
  stage.note = std::move(note);
  return stage;
}

std::string number(double value, const char* format = "%.4g") {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string count(std::int64_t value) { return std::to_string(value); }

// A title or note in words, which the app shows in the user's language.
Text says(const char* source, std::vector<std::string> arguments = {}) {
  return Text{kStageTextContext, source, std::move(arguments)};
}

// A formula: it reads the same in every language, so it is not translated.
Text formula(const char* source) { return Text{kVerbatimContext, source, {}}; }

// The stages of one attention sub-layer for head h and query position t.
void add_attention_stages(std::vector<Stage>& out, const std::string& prefix,
                          const std::string& block, const AttentionTrace& attention, bool cross,
                          bool causal, int64_t h, int64_t t) {
  const auto& s = attention.stages;
  const std::string head = count(h + 1);
  const Text from_source =
      cross ? says(ATTN_TRANSLATABLE("attn::Stage",
                                     "head %1, every key position; from the encoder's memory m"),
                   {head})
            : says(ATTN_TRANSLATABLE("attn::Stage", "head %1, every key position; from x"), {head});
  out.push_back(
      make_stage(prefix + ".q", block, formula("Q = x W^Q + b^Q"), StageKind::Linear,
                 says(ATTN_TRANSLATABLE("attn::Stage", "head %1, query position %2 (§3.2.2)"),
                      {head, count(t + 1)}),
                 s.q, s.q[0][h][t]));
  out.push_back(make_stage(prefix + ".k", block,
                           cross ? formula("K = m W^K + b^K") : formula("K = x W^K + b^K"),
                           StageKind::Linear, from_source, s.k, s.k[0][h]));
  out.push_back(make_stage(prefix + ".v", block,
                           cross ? formula("V = m W^V + b^V") : formula("V = x W^V + b^V"),
                           StageKind::Linear, from_source, s.v, s.v[0][h]));
  out.push_back(make_stage(prefix + ".scores", block, formula("Q Kᵀ"), StageKind::Linear,
                           says(ATTN_TRANSLATABLE("attn::Stage",
                                                  "dot product of the query with every key; a "
                                                  "matrix product, linear in Q for fixed K "
                                                  "(§3.2.1)")),
                           s.scores, s.scores[0][h][t]));
  const auto scaled = s.scores * s.scale;
  out.push_back(make_stage(prefix + ".scaled", block, formula("÷ √d_k"), StageKind::Linear,
                           says(ATTN_TRANSLATABLE("attn::Stage",
                                                  "√d_k = %1: keeps the dot products from "
                                                  "growing with d_k (§3.2.1)"),
                                {number(1.0 / s.scale)}),
                           scaled, scaled[0][h][t]));
  const Text mask_note =
      causal ? says(ATTN_TRANSLATABLE("attn::Stage",
                                      "keys after the query set to −inf, so a position cannot "
                                      "see the future (§3.2.3)"))
             : says(ATTN_TRANSLATABLE("attn::Stage",
                                      "padding keys set to −inf (one sentence has none)"));
  out.push_back(make_stage(prefix + ".masked", block,
                           says(ATTN_TRANSLATABLE("attn::Stage", "mask")), StageKind::NonLinear,
                           mask_note, s.masked, s.masked[0][h][t]));
  out.push_back(make_stage(
      prefix + ".softmax", block, says(ATTN_TRANSLATABLE("attn::Stage", "softmax")),
      StageKind::NonLinear,
      says(ATTN_TRANSLATABLE("attn::Stage", "attention weights over the keys: each row sums to 1")),
      attention.weights, attention.weights[0][h][t]));
  out.push_back(identity_stage(
      prefix + ".dropout", block, says(ATTN_TRANSLATABLE("attn::Stage", "dropout")),
      says(ATTN_TRANSLATABLE("attn::Stage",
                             "dropout on the weights is off in inference: the identity"))));
  out.push_back(make_stage(
      prefix + ".context", block, says(ATTN_TRANSLATABLE("attn::Stage", "weights · V")),
      StageKind::Linear,
      says(ATTN_TRANSLATABLE("attn::Stage", "head %1: the weighted sum of the value vectors"),
           {head}),
      s.context, s.context[0][h][t]));
  const int64_t dk = s.context.size(-1);
  out.push_back(
      make_stage(prefix + ".concat", block, formula("Concat(head₁ … head_h)"), StageKind::Linear,
                 says(ATTN_TRANSLATABLE("attn::Stage", "head %1 fills columns %2–%3 (§3.2.2)"),
                      {head, count(h * dk + 1), count((h + 1) * dk)}),
                 s.concatenated, s.concatenated[0][t]));
  out.push_back(
      make_stage(prefix + ".out", block, formula("· W^O + b^O"), StageKind::Linear,
                 says(ATTN_TRANSLATABLE("attn::Stage", "the heads mixed back into d_model")),
                 s.output, s.output[0][t]));
}

void add_feed_forward_stages(std::vector<Stage>& out, const std::string& prefix,
                             const LayerTrace& layer, const ResidualBlockStages& block,
                             Activation activation, int64_t t) {
  const std::string name = "feed-forward";
  out.push_back(make_stage(
      prefix + ".w1", name, formula("x W₁ + b₁"), StageKind::Linear,
      says(ATTN_TRANSLATABLE("attn::Stage", "position-wise: every position alone (§3.3)")),
      layer.ffn_pre_activation, layer.ffn_pre_activation[0][t]));
  const auto hidden_row = layer.ffn_hidden[0][t];
  const int64_t silenced = hidden_row.le(0).sum().item<int64_t>();
  const std::vector<std::string> units = {count(silenced), count(hidden_row.numel())};
  const bool relu = activation == Activation::ReLU;
  out.push_back(make_stage(
      prefix + ".activation", name,
      formula(activation == Activation::GELU   ? "GELU"
              : activation == Activation::SiLU ? "SiLU"
                                               : "ReLU"),
      StageKind::NonLinear,
      relu ? says(ATTN_TRANSLATABLE("attn::Stage", "%1 of %2 units zeroed at this position"), units)
      : activation == Activation::SiLU
          ? says(ATTN_TRANSLATABLE("attn::Stage",
                                   "%1 of %2 units ≤ 0 at this position (SiLU, x·σ(x), lets "
                                   "small negatives through)"),
                 units)
          : says(ATTN_TRANSLATABLE("attn::Stage",
                                   "%1 of %2 units ≤ 0 at this position (GELU lets small "
                                   "negatives through)"),
                 units),
      layer.ffn_hidden, hidden_row));
  out.push_back(identity_stage(
      prefix + ".hidden_dropout", name, says(ATTN_TRANSLATABLE("attn::Stage", "dropout")),
      says(ATTN_TRANSLATABLE("attn::Stage",
                             "dropout on the hidden units is off in inference: the identity"))));
  out.push_back(make_stage(prefix + ".w2", name, formula("· W₂ + b₂"), StageKind::Linear,
                           says(ATTN_TRANSLATABLE("attn::Stage", "back to d_model")), block.output,
                           block.output[0][t]));
}

void add_layer_stages(std::vector<Stage>& out, const std::string& prefix, const LayerTrace& layer,
                      bool decoder, const ModelConfig& config, int64_t h, int64_t t) {
  const bool post = config.norm == NormPlacement::Post;
  for (std::size_t b = 0; b < layer.blocks.size(); ++b) {
    const auto& block = layer.blocks[b];
    const std::string part = prefix + "." +
                             (block.sublayer == "feed-forward"      ? "ffn"
                              : block.sublayer == "cross-attention" ? "cross"
                                                                    : "self");
    if (b == 0) {
      out.push_back(make_stage(
          prefix + ".input", block.sublayer,
          says(ATTN_TRANSLATABLE("attn::Stage", "x: the layer's input")), StageKind::Input,
          says(ATTN_TRANSLATABLE("attn::Stage", "position %1"), {count(t + 1)}), block.input,
          block.input[0][t]));
    }
    if (!post) {
      out.push_back(make_stage(
          part + ".norm_in", block.sublayer, formula("LayerNorm(x)"), StageKind::NonLinear,
          says(ATTN_TRANSLATABLE("attn::Stage",
                                 "pre-norm: the sub-layer reads the normalised stream")),
          block.sublayer_input, block.sublayer_input[0][t]));
    }
    if (block.sublayer == "feed-forward") {
      add_feed_forward_stages(out, part, layer, block, config.activation, t);
    } else {
      const bool cross = block.sublayer == "cross-attention";
      add_attention_stages(out, part, block.sublayer,
                           cross ? layer.cross_attention : layer.self_attention, cross,
                           decoder && !cross, h, t);
    }
    out.push_back(make_stage(
        part + ".residual", block.sublayer, says(ATTN_TRANSLATABLE("attn::Stage", "+ residual")),
        StageKind::Linear,
        says(ATTN_TRANSLATABLE("attn::Stage",
                               "x + Dropout(Sublayer): dropout is the identity in inference "
                               "(§5.4)")),
        block.sum, block.sum[0][t]));
    if (post) {
      out.push_back(make_stage(part + ".norm", block.sublayer, formula("LayerNorm"),
                               StageKind::NonLinear, formula("LayerNorm(x + Sublayer(x)) (§3.1)"),
                               block.result, block.result[0][t]));
    }
  }
}

}  // namespace

std::string to_string(StageKind kind) {
  switch (kind) {
    case StageKind::Input:
      return "input";
    case StageKind::Linear:
      return "linear";
    case StageKind::NonLinear:
      return "non-linear";
    case StageKind::Identity:
      return "identity";
  }
  return "?";
}

TracedPass traced_pass(Seq2SeqModelImpl& model, const torch::Tensor& src,
                       const torch::Tensor& tgt_in) {
  const EvalModeScope eval(model);
  torch::NoGradGuard no_grad;
  TracedPass pass;
  pass.trace.keep_stages = true;
  pass.logits = model.forward(src, tgt_in, &pass.trace);
  return pass;
}

std::vector<Stage> stages_of(const TracedPass& pass, const ModelConfig& config,
                             const InspectionRequest& request) {
  const auto& trace = pass.trace;
  const bool decoder = request.kind != AttentionKind::EncoderSelf;
  const auto& layers = decoder ? trace.decoder : trace.encoder;
  std::vector<Stage> out;
  if (layers.empty()) return out;
  const int64_t layer = std::clamp<int64_t>(request.layer, 0, layers.size() - 1);
  const int64_t head = std::clamp<int64_t>(request.head, 0, config.heads - 1);
  const auto& embedded = decoder ? trace.target_embedding : trace.source_embedding;
  const auto& input = decoder ? trace.target_input : trace.source_input;
  const int64_t token = std::clamp<int64_t>(request.token, 0, embedded.size(1) - 1);
  const std::string side = decoder ? "target" : "source";
  if (config.scale_embedding) {
    out.push_back(make_stage(
        side + ".embedding", "embedding",
        says(ATTN_TRANSLATABLE("attn::Stage", "embedding · √d_model")), StageKind::Linear,
        says(ATTN_TRANSLATABLE("attn::Stage", "a table lookup, scaled by √d_model = %1 (§3.4)"),
             {number(std::sqrt(static_cast<double>(config.d_model)))}),
        embedded, embedded[0][token]));
  } else {
    out.push_back(make_stage(
        side + ".embedding", "embedding", says(ATTN_TRANSLATABLE("attn::Stage", "embedding")),
        StageKind::Linear,
        says(ATTN_TRANSLATABLE("attn::Stage",
                               "a table lookup, not scaled (the model's scale_embedding is off)")),
        embedded, embedded[0][token]));
  }
  out.push_back(make_stage(
      side + ".positional", "embedding",
      says(ATTN_TRANSLATABLE("attn::Stage", "+ positional encoding")), StageKind::Linear,
      config.positions == PositionLayout::Split
          ? says(ATTN_TRANSLATABLE("attn::Stage",
                                   "sin/cos of the position (§3.5), the sines in the first half "
                                   "of d_model and the cosines in the second; dropout after it "
                                   "is off in inference"))
          : says(ATTN_TRANSLATABLE("attn::Stage",
                                   "sin/cos of the position (§3.5); dropout after it is off in "
                                   "inference")),
      input, input[0][token]));
  const std::string prefix = (decoder ? "decoder." : "encoder.") + std::to_string(layer);
  add_layer_stages(out, prefix, layers[static_cast<std::size_t>(layer)], decoder, config, head,
                   token);
  if (!decoder) {
    out.push_back(make_stage(
        "memory", "output", says(ATTN_TRANSLATABLE("attn::Stage", "memory")), StageKind::Input,
        config.norm == NormPlacement::Pre
            ? says(ATTN_TRANSLATABLE("attn::Stage",
                                     "the last encoder layer's output after the final "
                                     "LayerNorm: every decoder layer's keys and values"))
            : says(ATTN_TRANSLATABLE("attn::Stage",
                                     "the last encoder layer's output: every decoder layer's "
                                     "keys and values")),
        trace.memory, trace.memory[0][token]));
  } else {
    out.push_back(make_stage(
        "output.logits", "output",
        config.output_bias ? says(ATTN_TRANSLATABLE("attn::Stage", "logits = h Wᵀ + b"))
                           : says(ATTN_TRANSLATABLE("attn::Stage", "logits = h Wᵀ")),
        StageKind::Linear,
        says(ATTN_TRANSLATABLE("attn::Stage",
                               "the decoder's last output projected to the vocabulary (§3.4)")),
        pass.logits, pass.logits[0][token]));
    const auto probabilities = torch::softmax(pass.logits.to(torch::kFloat32), -1);
    out.push_back(
        make_stage("output.softmax", "output", says(ATTN_TRANSLATABLE("attn::Stage", "softmax")),
                   StageKind::NonLinear,
                   says(ATTN_TRANSLATABLE("attn::Stage", "the next token's probabilities")),
                   probabilities, probabilities[0][token]));
  }
  return out;
}

void data_flow_of(const TracedPass& pass, const ModelConfig& config, std::vector<FlowNode>* nodes,
                  std::vector<FlowEdge>* edges) {
  const auto& trace = pass.trace;
  nodes->clear();
  edges->clear();
  const int64_t S = trace.source_input.size(1), T = trace.target_input.size(1);
  const int64_t D = config.d_model, V = pass.logits.size(-1);
  auto add = [&](std::string id, Text label, Text detail, std::string part, int layer) {
    nodes->push_back({std::move(id), std::move(label), std::move(detail), std::move(part), layer});
    return static_cast<int>(nodes->size()) - 1;
  };
  auto link = [&](int from, int to, std::vector<std::int64_t> shape) {
    edges->push_back({from, to, std::move(shape)});
  };
  const Text embedding = says(ATTN_TRANSLATABLE("attn::Stage", "Embedding + PE"));
  const Text embedding_detail = formula("· √d_model, + sin/cos");
  const int source = add("source", says(ATTN_TRANSLATABLE("attn::Stage", "Source tokens")),
                         says(ATTN_TRANSLATABLE("attn::Stage", "pieces + <eos>")), "source", -1);
  int previous = add("source.embedding", embedding, embedding_detail, "source", -1);
  link(source, previous, {1, S});
  for (std::size_t i = 0; i < trace.encoder.size(); ++i) {
    const int layer = add("encoder." + std::to_string(i),
                          says(ATTN_TRANSLATABLE("attn::Stage", "Encoder %1"), {count(i + 1)}),
                          says(ATTN_TRANSLATABLE("attn::Stage", "self-attention → FFN")), "encoder",
                          static_cast<int>(i));
    link(previous, layer, {1, S, D});
    previous = layer;
  }
  const int memory =
      add("memory", says(ATTN_TRANSLATABLE("attn::Stage", "Memory")),
          says(ATTN_TRANSLATABLE("attn::Stage", "keys and values for the decoder")), "memory", -1);
  link(previous, memory, {1, S, D});
  const int target =
      add("target", says(ATTN_TRANSLATABLE("attn::Stage", "Target tokens")),
          says(ATTN_TRANSLATABLE("attn::Stage", "<bos> + prediction so far")), "target", -1);
  previous = add("target.embedding", embedding, embedding_detail, "target", -1);
  link(target, previous, {1, T});
  for (std::size_t i = 0; i < trace.decoder.size(); ++i) {
    const int layer =
        add("decoder." + std::to_string(i),
            says(ATTN_TRANSLATABLE("attn::Stage", "Decoder %1"), {count(i + 1)}),
            says(ATTN_TRANSLATABLE("attn::Stage", "masked self-attention → cross-attention → FFN")),
            "decoder", static_cast<int>(i));
    link(previous, layer, {1, T, D});
    link(memory, layer, {1, S, D});
    previous = layer;
  }
  const int logits =
      add("output.logits", says(ATTN_TRANSLATABLE("attn::Stage", "Linear")),
          config.tie_embeddings
              ? says(ATTN_TRANSLATABLE("attn::Stage",
                                       "to the vocabulary (the embedding's weights, §3.4)"))
              : says(ATTN_TRANSLATABLE("attn::Stage", "to the vocabulary")),
          "output", -1);
  link(previous, logits, {1, T, D});
  const int softmax =
      add("output.softmax", says(ATTN_TRANSLATABLE("attn::Stage", "Softmax")),
          says(ATTN_TRANSLATABLE("attn::Stage", "next-token probabilities")), "output", -1);
  link(logits, softmax, {1, T, V});
}

std::vector<std::string> debug_stage_lines(Seq2SeqModelImpl& model, const ModelConfig& config,
                                           const Batch& batch, std::int64_t step) {
  auto trimmed = [](const torch::Tensor& tokens) {
    const auto row = tokens.narrow(0, 0, 1);
    return row.narrow(1, 0, std::max<int64_t>(1, row.ne(kPadToken).sum().item<int64_t>()));
  };
  const auto pass = traced_pass(model, trimmed(batch.src), trimmed(batch.tgt_in));
  std::vector<std::string> lines{"debug, step " + std::to_string(step) + ": example " +
                                 std::to_string(batch.indices.empty() ? 0 : batch.indices.front()) +
                                 ", teacher-forced, in eval mode (dropout off):"};
  InspectionRequest request;
  for (const auto kind : {AttentionKind::EncoderSelf, AttentionKind::Cross}) {
    request.kind = kind;
    for (auto& line : describe_stages(stages_of(pass, config, request)))
      lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace attn
