#pragma once
// A seeded generator whose draws are the same on every platform and standard
// library (std::uniform_int_distribution is implementation-defined).

#include <cstdint>
#include <random>
#include <vector>

namespace attn {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}

  // Uniform in [low, high], inclusive.
  int64_t between(int64_t low, int64_t high) {
    const uint64_t span = static_cast<uint64_t>(high - low) + 1;
    // Rejection sampling keeps the draw unbiased.
    const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t draw = engine_();
    while (draw >= limit) draw = engine_();
    return low + static_cast<int64_t>(draw % span);
  }

  // Fisher–Yates.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[static_cast<size_t>(between(0, static_cast<int64_t>(i) - 1))]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace attn
