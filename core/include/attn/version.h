#pragma once
// Versions and the compute device, for About boxes, run.json and --help.

#include <string>

namespace attn {

std::string app_version();
std::string libtorch_version();
bool cuda_available();
int cuda_device_count();
// "cpu" or "cuda (<n> devices)".
std::string device_description();
// Processors this process may use (CPU affinity, cgroup quota).
int usable_processors();

// What the LibTorch this program runs on was built with, read from the
// library itself (its build settings and, for OpenBLAS, the loaded library).
struct TorchBuild {
  std::string version;       // "2.11.0"
  std::string cuda_version;  // "13.0"; empty when built without CUDA
  bool nccl = false;         // c10d's NCCL back end compiled in
  bool gloo = false;         // training across processes with c10d's Gloo built in
  bool cuda_graphs = false;  // --cuda-graphs built (a CUDA LibTorch 2.x)
  std::string blas;          // "MKL", "OpenBLAS 0.3.21 … Haswell", …
};
TorchBuild torch_build();
// One line: "LibTorch 2.11.0 (CUDA 13.0, NCCL, Gloo) · BLAS: MKL" or
// "LibTorch 1.13.0 (CPU only, Gloo) · BLAS: OpenBLAS 0.3.21 … Haswell".
std::string torch_build_description();

}  // namespace attn
