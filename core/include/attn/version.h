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

}  // namespace attn
