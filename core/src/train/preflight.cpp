#include "train/preflight.h"

#include <iomanip>
#include <sstream>

#include <unistd.h>

#include "train/cuda_graph_step.h"
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

std::optional<DeviceChoice> choose_device(const TrainConfig& config, int cuda_devices,
                                          Text* refusal, int local_rank) {
  const std::string& wanted = config.device;
  const int asked_index = cuda_index_of(wanted);
  const bool cuda_asked = asked_index >= -1;
  if (cuda_asked && cuda_devices <= 0) {
    *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                          "device: cuda was asked for, but no CUDA device is "
                                          "available to this LibTorch; use --device cpu"));
    return std::nullopt;
  }
  DeviceChoice choice;
  if (cuda_asked || (wanted == "auto" && cuda_devices > 0)) {
    const int index = asked_index >= 0 ? asked_index : local_rank;
    if (index >= cuda_devices) {
      *refusal = run_text(
          ATTN_TRANSLATABLE("attn::Run",
                            "device: %1 is GPU number %2, but this machine has "
                            "%3 CUDA device(s), numbered from 0"),
          {asked_index >= 0 ? wanted : "cuda (local rank " + std::to_string(local_rank) + ")",
           std::to_string(index), std::to_string(cuda_devices)});
      return std::nullopt;
    }
    choice.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(index));
  }
  if (config.amp != AmpMode::Off && !choice.device.is_cuda()) {
    *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                          "amp: mixed precision needs a CUDA device; this run is "
                                          "on the CPU (drop --amp)"));
    return std::nullopt;
  }
  if (config.cuda_graphs) {
    if (!choice.device.is_cuda()) {
      *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "cuda_graphs: CUDA graphs need a CUDA device; this run "
                                            "is on the CPU (drop --cuda-graphs)"));
      return std::nullopt;
    }
    if (!CudaGraphStep::built()) {
      *refusal =
          Text(kVerbatimContext, "%1", std::vector<std::string>{CudaGraphStep::not_built_reason()});
      return std::nullopt;
    }
    if (half_type_for(config.amp, choice.device) == torch::kFloat16) {
      *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "cuda_graphs: fp16's loss scale skips the steps that "
                                            "overflow, which a recorded graph cannot; use --amp "
                                            "bf16 or drop --cuda-graphs"));
      return std::nullopt;
    }
    if (config.accumulation > 1) {
      *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "cuda_graphs: one batch per step is recorded; use "
                                            "--accum 1 (a larger --batch-size instead) or drop "
                                            "--cuda-graphs"));
      return std::nullopt;
    }
  }
  choice.description = choice.device.is_cuda() ? choice.device.str() : "cpu";
  std::string notes;
  if (config.amp != AmpMode::Off) {
    choice.half_type = half_type_for(config.amp, choice.device);
    choice.loss_scaling = choice.half_type == torch::kFloat16;
    notes = choice.loss_scaling ? "fp16 autocast, loss scaling" : "bf16 autocast";
  }
  if (config.cuda_graphs) notes += notes.empty() ? "CUDA graphs" : ", CUDA graphs";
  if (!notes.empty()) choice.description += " (" + notes + ")";
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
