#include "train/threads.h"

#include <algorithm>
#include <thread>

namespace attn {

int choose_threads(int requested, const ModelConfig& model) {
  if (requested > 0) return requested;
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  // Measured on 2-core machines: below d_model 256 one thread is faster.
  return model.d_model < 256 ? 1 : cores;
}

}  // namespace attn
