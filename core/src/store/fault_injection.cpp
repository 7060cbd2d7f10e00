#include "store/fault_injection.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace attn {

bool fault_requested(const char* point) {
  // Read on every call (cheap next to a training step), so a test can arm a
  // fault in its own process; counting restarts when the setting changes.
  static std::mutex mutex;
  static std::string armed;
  static long hits = 0;
  const char* text = std::getenv("ATTN_FAULT");
  if (text == nullptr) return false;
  const char* colon = std::strrchr(text, ':');
  if (colon == nullptr || std::strncmp(text, point, static_cast<std::size_t>(colon - text)) != 0 ||
      std::strlen(point) != static_cast<std::size_t>(colon - text)) {
    return false;
  }
  std::lock_guard<std::mutex> lock(mutex);
  if (armed != text) {
    armed = text;
    hits = 0;
  }
  return ++hits == std::strtol(colon + 1, nullptr, 10);
}

void fault_point(const char* point) {
  if (fault_requested(point)) std::raise(SIGKILL);
}

}  // namespace attn
