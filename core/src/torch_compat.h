#pragma once
// The places where LibTorch 1.13 (Debian 12) and LibTorch 2.x (PyPI's wheel,
// PyTorch's downloads) differ, in one file: everything else in the core is
// written once against what both provide. The 2.x build compiles with
// -DC10_NODEPRECATED, so a deprecated name used anywhere fails to compile.

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <torch/optim/optimizer.h>
#include <torch/version.h>

#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

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

// The loss scaler's two steps, as torch.amp.GradScaler takes them: ATen's
// fused operators where they exist (CUDA in every version, the CPU since 2.3),
// the same arithmetic in ordinary tensor operations on 1.13's CPU. Neither
// reads a value back to the host.
//
// Multiplies every gradient by inv_scale; found_inf becomes 1 if any value
// of any gradient is inf or NaN (it is left as it is otherwise).
inline void amp_unscale_and_check(std::vector<at::Tensor>& gradients, at::Tensor& found_inf,
                                  const at::Tensor& inv_scale) {
  if (gradients.empty()) return;
#if !ATTN_TORCH_AT_LEAST(2, 3)
  if (!found_inf.is_cuda()) {
    for (auto& gradient : gradients) {
      found_inf.copy_(at::maximum(
          found_inf, at::logical_not(at::isfinite(gradient)).any().to(found_inf.dtype())));
      gradient.mul_(inv_scale);
    }
    return;
  }
#endif
  at::_amp_foreach_non_finite_check_and_unscale_(gradients, found_inf, inv_scale);
}

// After an overflow: scale ×= backoff and the tracker restarts; otherwise the
// tracker counts the step, and after `interval` finite steps scale ×= growth.
inline void amp_update_scale(at::Tensor& scale, at::Tensor& growth_tracker,
                             const at::Tensor& found_inf, double growth, double backoff,
                             int64_t interval) {
#if !ATTN_TORCH_AT_LEAST(2, 3)
  if (!scale.is_cuda()) {
    const auto overflowed = found_inf.gt(0);
    const auto grown = growth_tracker.add(1);
    const auto grows = at::logical_and(at::logical_not(overflowed), grown.ge(interval));
    scale.copy_(at::where(overflowed, scale * backoff, at::where(grows, scale * growth, scale)));
    growth_tracker.copy_(
        at::where(at::logical_or(overflowed, grows), at::zeros_like(grown), grown));
    return;
  }
#endif
  at::_amp_update_scale_(scale, growth_tracker, found_inf, growth, backoff, interval);
}

// softmax(scale · QKᵀ + mask) V as one LibTorch operator (2.0 and later; on
// CUDA its flash or memory-efficient kernels never hold the [Tq, Tk] weights).
// `additive_mask` is float, broadcastable to [B, H, Tq, Tk] (may be
// undefined). Returns an undefined tensor where LibTorch has no such operator.
inline bool has_fused_attention() { return ATTN_TORCH_AT_LEAST(2, 0); }

inline at::Tensor fused_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                  const at::Tensor& additive_mask, double dropout_p, double scale) {
#if ATTN_TORCH_AT_LEAST(2, 1)
  return at::scaled_dot_product_attention(q, k, v, additive_mask, dropout_p, /*is_causal=*/false,
                                          scale);
#elif ATTN_TORCH_AT_LEAST(2, 0)
  (void)scale;  // 2.0 always scales by 1/sqrt(d_k), which is the scale asked for here
  return at::scaled_dot_product_attention(q, k, v, additive_mask, dropout_p, /*is_causal=*/false);
#else
  (void)q, (void)k, (void)v, (void)additive_mask, (void)dropout_p, (void)scale;
  return {};
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
