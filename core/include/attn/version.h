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
// Threads LibTorch uses for intra-op parallelism on the calling thread.
int torch_threads();
// Processors this process may use (CPU affinity, cgroup quota).
int usable_processors();

}  // namespace attn
