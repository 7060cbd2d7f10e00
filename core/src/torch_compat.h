#pragma once
// The places where LibTorch 1.13 (Debian 12) and LibTorch 2.x (PyPI's wheel,
// PyTorch's downloads) differ, in one file: everything else in the core is
// written once against what both provide. The 2.x build compiles with
// -DC10_NODEPRECATED, so a deprecated name used anywhere fails to compile.

#include <ATen/autocast_mode.h>
#include <torch/optim/optimizer.h>
#include <torch/version.h>

#include <sstream>
#include <string>
#include <type_traits>

#define ATTN_TORCH_AT_LEAST(major, minor) \
  (TORCH_VERSION_MAJOR > (major) ||       \
   (TORCH_VERSION_MAJOR == (major) && TORCH_VERSION_MINOR >= (minor)))

namespace attn::compat {

// Autocast's switches took the device type in 2.4 (set_autocast_enabled(kCUDA, …));
// 1.13 has one function per device (set_enabled for CUDA, set_cpu_enabled, …).
inline void set_autocast(c10::DeviceType device, bool enabled, at::ScalarType dtype) {
#if ATTN_TORCH_AT_LEAST(2, 4)
  at::autocast::set_autocast_dtype(device, dtype);
  at::autocast::set_autocast_enabled(device, enabled);
#else
  if (device == c10::DeviceType::CUDA) {
    at::autocast::set_autocast_gpu_dtype(dtype);
    at::autocast::set_enabled(enabled);
  } else {
    at::autocast::set_autocast_cpu_dtype(dtype);
    at::autocast::set_cpu_enabled(enabled);
  }
#endif
}

inline bool autocast_enabled(c10::DeviceType device) {
#if ATTN_TORCH_AT_LEAST(2, 4)
  return at::autocast::is_autocast_enabled(device);
#else
  return device == c10::DeviceType::CUDA ? at::autocast::is_enabled()
                                         : at::autocast::is_cpu_enabled();
#endif
}

// The key torch::optim files a parameter's state under: the address of its
// TensorImpl as text in 1.x, the pointer itself in 2.x (the state map's own
// key type says which).
using OptimizerStateKey =
    std::decay_t<decltype(std::declval<torch::optim::Optimizer&>().state())>::key_type;

template <typename Key = OptimizerStateKey>  // a template, so that only one branch compiles
Key optimizer_state_key(const at::Tensor& parameter) {
  if constexpr (std::is_same_v<Key, std::string>) {
    std::ostringstream text;
    text << parameter.unsafeGetTensorImpl();
    return text.str();
  } else {
    return parameter.unsafeGetTensorImpl();
  }
}

}  // namespace attn::compat
