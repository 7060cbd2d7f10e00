#pragma once
// What is checked before a run allocates anything: the device it asks for,
// and whether the data's longest pair fits the model and the machine's
// memory. Pure functions of the configuration, the data and the machine's
// facts (passed in), so each refusal has its own test.

#include <torch/torch.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "attn/dataset.h"
#include "attn/train_config.h"
#include "attn/translatable.h"

namespace attn {

// ModelConfig's own limit on max_len.
constexpr int kMaxPositions = 65536;

struct DeviceChoice {
  torch::Device device{torch::kCPU};
  std::string description = "cpu";  // "cuda (bf16 autocast)", for the log and run.json
  torch::ScalarType half_type = torch::kBFloat16;
  bool loss_scaling = false;  // fp16: the dynamic loss scaler
};

// The device `config` asks for, where this LibTorch has it; a refusal
// otherwise (CUDA asked for without a device or beyond the `cuda_devices`
// there are; mixed precision on the CPU). "cuda" (and "auto" with a GPU) is
// the GPU numbered `local_rank`: each process of a machine trains on its own,
// as torchrun's LOCAL_RANK convention has it.
std::optional<DeviceChoice> choose_device(const TrainConfig& config, int cuda_devices,
                                          Text* refusal, int local_rank = 0);

// The model's vocabularies and positions taken from the data: max_len is
// raised to the longest sequence (with <bos>/<eos>), and a line for the log
// says so. A refusal when the longest pair needs more positions than a model
// may have, or more memory for one batch's attention than `memory_bytes`.
struct ModelFit {
  std::vector<std::string> notes;
  Text refusal;  // empty when the model fits
};
ModelFit fit_model_to_data(RunConfig& config, const PreparedData& data, double memory_bytes);

// This machine's memory in bytes (0 when unknown).
double physical_memory_bytes();

}  // namespace attn
