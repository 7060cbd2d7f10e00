#include "attn/version.h"

#include <dlfcn.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <map>
#include <sstream>

#include "attn/world.h"
#include "train/cuda_graph_step.h"
#include "train/threads.h"

namespace attn {
namespace {

// at::show_config() ends with "Build settings: KEY=value, KEY=value, …" (the
// text behind Python's torch.__config__.show()); the same in 1.13 and 2.x.
std::map<std::string, std::string> build_settings() {
  std::map<std::string, std::string> settings;
  const std::string config = at::show_config();
  const auto start = config.find("Build settings:");
  if (start == std::string::npos) return settings;
  std::istringstream fields(config.substr(start + 15));
  std::string field;
  while (std::getline(fields, field, ',')) {
    const auto equals = field.find('=');
    if (equals == std::string::npos) continue;
    const auto first = field.find_first_not_of(" \n");
    if (first == std::string::npos || first >= equals) continue;
    settings[field.substr(first, equals - first)] = field.substr(equals + 1);
  }
  return settings;
}

bool switched_on(const std::string& value) { return value == "ON" || value == "1"; }

// Debian's LibTorch calls whichever BLAS the system provides (BLAS_INFO says
// only "open" or "generic"), so the loaded OpenBLAS is asked for itself.
std::string blas_name(const std::string& blas_info) {
  using Config = char* (*)();
  if (auto config = reinterpret_cast<Config>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
    if (const char* text = config()) return text;
  }
  if (blas_info == "mkl") return "MKL";
  if (blas_info == "open") return "OpenBLAS";
  if (blas_info.empty()) return "unknown";
  return blas_info;
}

}  // namespace

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

TorchBuild torch_build() {
  auto settings = build_settings();
  TorchBuild build;
  build.version = TORCH_VERSION;
  if (switched_on(settings["USE_CUDA"])) build.cuda_version = settings["CUDA_VERSION"];
  if (switched_on(settings["USE_CUDA"]) && build.cuda_version.empty()) build.cuda_version = "?";
  build.nccl = switched_on(settings["USE_NCCL"]);
  // Whether this program can train across processes with Gloo: Debian's 1.13
  // has Gloo inside without saying so in its settings, and c10d's Gloo group
  // needs Gloo's headers at build time (distributed_backends says if it had them).
  build.gloo = distributed_backends().find("gloo") != std::string::npos;
  build.cuda_graphs = CudaGraphStep::built();
  build.blas = blas_name(settings["BLAS_INFO"]);
  return build;
}

std::string torch_build_description() {
  const TorchBuild build = torch_build();
  std::string compiled = build.cuda_version.empty() ? "CPU only" : "CUDA " + build.cuda_version;
  if (build.nccl) compiled += ", NCCL";
  if (build.gloo) compiled += ", Gloo";
  return "LibTorch " + build.version + " (" + compiled + ") · BLAS: " + build.blas;
}

}  // namespace attn
