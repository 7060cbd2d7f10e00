#include "train/debug_trace.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "model/attention_mask.h"

namespace attn {
namespace {

std::string shape_of(const torch::Tensor& t) {
  std::string text = "[";
  for (int64_t i = 0; i < t.dim(); ++i) text += (i ? ", " : "") + std::to_string(t.size(i));
  return text + "]";
}

std::string describe(const char* stage, const char* kind, const torch::Tensor& t) {
  auto finite = t.masked_select(torch::isfinite(t));
  char line[256];
  if (finite.numel() == 0) {
    std::snprintf(line, sizeof line, "  %-22s %-10s %-16s (no finite values)", stage, kind,
                  shape_of(t).c_str());
  } else {
    std::snprintf(line, sizeof line,
                  "  %-22s %-10s %-16s mean %+.4f  std %.4f  min %+.4f  max %+.4f", stage, kind,
                  shape_of(t).c_str(), finite.mean().item<double>(), finite.std().item<double>(),
                  finite.min().item<double>(), finite.max().item<double>());
  }
  return line;
}

}  // namespace

std::vector<std::string> describe_attention_stages(Seq2SeqModelImpl& model,
                                                   const torch::Tensor& src) {
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  auto row = src.narrow(0, 0, 1);
  const auto& config = model.config();
  const int64_t d = config.d_model, heads = config.heads, dk = d / heads;
  auto parameters = model.named_parameters();
  const auto weight = parameters["encoder.0.self_attn.in_proj_weight"];
  const auto bias = parameters["encoder.0.self_attn.in_proj_bias"];
  std::vector<std::string> lines;
  lines.push_back("encoder layer 0, example 0 (" +
                  std::to_string(row.ne(kPadId).sum().item<int64_t>()) + " tokens):");
  auto x = model.embeddings()->embed_source(row);
  lines.push_back(describe("embedding + PE", "linear", x));
  auto project = [&](int part) {
    return torch::nn::functional::linear(x, weight.narrow(0, part * d, d),
                                         bias.narrow(0, part * d, d))
        .view({1, -1, heads, dk})
        .transpose(1, 2);
  };
  auto q = project(0), k = project(1), v = project(2);
  lines.push_back(describe("Q = x W^Q", "linear", q));
  lines.push_back(describe("K = x W^K", "linear", k));
  lines.push_back(describe("V = x W^V", "linear", v));
  auto scores = torch::matmul(q, k.transpose(-2, -1));
  lines.push_back(describe("scores Q K^T", "linear", scores));
  auto scaled = scores / std::sqrt(static_cast<double>(dk));
  lines.push_back(describe("scaled / sqrt(d_k)", "linear", scaled));
  auto masked = scaled.masked_fill(padding_mask(row).unsqueeze(1).unsqueeze(2),
                                   -std::numeric_limits<float>::infinity());
  lines.push_back(describe("masked (padding)", "non-linear", masked));
  auto weights = torch::softmax(masked, -1);
  lines.push_back(describe("softmax", "non-linear", weights));
  auto context = torch::matmul(weights, v);
  lines.push_back(describe("weighted sum A V", "linear", context));
  auto merged = context.transpose(1, 2).reshape({1, -1, d});
  auto output =
      torch::nn::functional::linear(merged, parameters["encoder.0.self_attn.out_proj.weight"],
                                    parameters["encoder.0.self_attn.out_proj.bias"]);
  lines.push_back(describe("output W^O", "linear", output));
  auto hidden = torch::nn::functional::linear(output, parameters["encoder.0.linear1.weight"],
                                              parameters["encoder.0.linear1.bias"]);
  lines.push_back(describe("FFN x W1 + b1", "linear", hidden));
  auto activated =
      config.activation == Activation::GELU ? torch::gelu(hidden) : torch::relu(hidden);
  lines.push_back(describe(config.activation == Activation::GELU ? "FFN GELU" : "FFN ReLU",
                           "non-linear", activated));
  auto ffn = torch::nn::functional::linear(activated, parameters["encoder.0.linear2.weight"],
                                           parameters["encoder.0.linear2.bias"]);
  lines.push_back(describe("FFN h W2 + b2", "linear", ffn));
  model.train(was_training);
  return lines;
}

}  // namespace attn
