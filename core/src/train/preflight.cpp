#include "train/preflight.h"

#include <iomanip>
#include <sstream>

#include <unistd.h>

#include "train/mixed_precision.h"
#include "train/run_end.h"

namespace attn {
namespace {

std::string gigabytes(double bytes) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << bytes / 1e9;
  return text.str();
}

// A refusal for data whose longest sequence (`positions`) the model cannot
// hold, or whose attention for one batch would not fit in memory. A corpus
// names the file and line of its longest pair and can drop long pairs (Max
// length); a generated task names itself.
Text sequence_refusal(std::size_t positions, const RunConfig& config, const PreparedData& data,
                      double memory_bytes) {
  const bool corpus = config.data.use_corpus && !data.stats.longest_pair_at.empty();
  const std::string where = corpus ? data.stats.longest_pair_at : data.name;
  if (positions > static_cast<std::size_t>(kMaxPositions)) {
    const std::vector<std::string> arguments{where, std::to_string(positions),
                                             std::to_string(kMaxPositions)};
    return corpus ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                               "%1: the longest pair needs %2 positions, "
                                               "more than the %3 a model may have; drop "
                                               "long pairs with --max-length (characters)"),
                             arguments)
                  : run_text(ATTN_TRANSLATABLE("attn::Run",
                                               "the %1 task: the longest pair needs %2 "
                                               "positions, more than the %3 a model may have"),
                             arguments);
  }
  // Attention weights (§3.2.1) per layer and head: batch × positions², kept
  // for the backward pass with their gradients, in every attention block.
  const auto& model = config.model;
  const double blocks = model.enc_layers + 2.0 * model.dec_layers;
  const double bytes = 3.0 * 4.0 * config.train.batch_size * model.heads * blocks *
                       static_cast<double>(positions) * static_cast<double>(positions);
  if (memory_bytes <= 0 || bytes <= memory_bytes) return {};
  const std::vector<std::string> arguments{where, std::to_string(positions),
                                           std::to_string(config.train.batch_size),
                                           gigabytes(bytes), gigabytes(memory_bytes)};
  return corpus ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                             "%1: the longest pair needs %2 positions; a "
                                             "batch of %3 at that length needs about %4 GB "
                                             "for attention alone, more than this "
                                             "machine's %5 GB; drop long pairs with "
                                             "--max-length (characters) or use a smaller "
                                             "--batch-size"),
                           arguments)
                : run_text(ATTN_TRANSLATABLE("attn::Run",
                                             "the %1 task: the longest pair needs %2 "
                                             "positions; a batch of %3 at that length "
                                             "needs about %4 GB for attention alone, more "
                                             "than this machine's %5 GB; use a smaller "
                                             "--batch-size"),
                           arguments);
}

}  // namespace

std::optional<DeviceChoice> choose_device(const TrainConfig& config, bool cuda_available,
                                          Text* refusal) {
  const std::string& wanted = config.device;
  if (wanted == "cuda" && !cuda_available) {
    *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                          "device: cuda was asked for, but no CUDA device is "
                                          "available to this LibTorch; use --device cpu"));
    return std::nullopt;
  }
  DeviceChoice choice;
  if (wanted == "cuda" || (wanted == "auto" && cuda_available))
    choice.device = torch::Device(torch::kCUDA);
  if (config.amp != AmpMode::Off && !choice.device.is_cuda()) {
    *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                          "amp: mixed precision needs a CUDA device; this run is "
                                          "on the CPU (drop --amp)"));
    return std::nullopt;
  }
  choice.description = choice.device.is_cuda() ? "cuda" : "cpu";
  if (config.amp != AmpMode::Off) {
    choice.half_type = half_type_for(config.amp, choice.device);
    choice.loss_scaling = choice.half_type == torch::kFloat16;
    choice.description +=
        choice.loss_scaling ? " (fp16 autocast, loss scaling)" : " (bf16 autocast)";
  }
  return choice;
}

ModelFit fit_model_to_data(RunConfig& config, const PreparedData& data, double memory_bytes) {
  ModelFit fit;
  auto& model = config.model;
  model.src_vocab_size = data.tokenizers.source->vocab_size();
  model.tgt_vocab_size = data.tokenizers.target->vocab_size();
  model.shared_vocab = data.tokenizers.shared();
  const std::size_t positions =
      std::max(data.stats.max_source_tokens, data.stats.max_target_tokens) + 2;
  fit.refusal = sequence_refusal(positions, config, data, memory_bytes);
  if (!fit.refusal.empty()) return fit;
  const int longest = static_cast<int>(positions);
  if (model.max_len < longest) {
    fit.notes.push_back("max_len raised from " + std::to_string(model.max_len) + " to " +
                        std::to_string(longest) + " to fit the longest sequence (+ <bos>/<eos>)");
    model.max_len = longest;
  }
  return fit;
}

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0;
}

}  // namespace attn
