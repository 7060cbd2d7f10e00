#include "attn/version.h"

#include <torch/torch.h>
#include <torch/version.h>

#include "train/threads.h"

namespace attn {

std::string app_version() { return ATTN_VERSION; }

std::string libtorch_version() { return TORCH_VERSION; }

bool cuda_available() { return torch::cuda::is_available(); }

int cuda_device_count() { return static_cast<int>(torch::cuda::device_count()); }

std::string device_description() {
  if (!cuda_available()) return "cpu";
  return "cuda (" + std::to_string(cuda_device_count()) + " device" +
         (cuda_device_count() == 1 ? "" : "s") + ")";
}

int usable_processors() { return available_processors(); }

}  // namespace attn
