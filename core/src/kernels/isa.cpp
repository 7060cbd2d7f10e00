#include "kernels/isa.h"

#include <atomic>

namespace attn::kernels {
namespace {

bool cpu_has_avx2() {
#if ATTN_KERNELS_HAVE_AVX2
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

std::atomic<bool> baseline_forced{false};

}  // namespace

bool use_avx2() {
  static const bool available = cpu_has_avx2();
  return available && !baseline_forced.load(std::memory_order_relaxed);
}

void force_baseline_isa(bool baseline) { baseline_forced.store(baseline); }

}  // namespace attn::kernels
