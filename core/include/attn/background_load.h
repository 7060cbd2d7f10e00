#pragma once
// A competing load for measuring on a busy machine (attention-train
// --background-load N): N busy processes, each spinning one thread the way
// `yes > /dev/null` does, started beside the run and stopped when it ends.

#include <sys/types.h>

#include <vector>

namespace attn {

class BackgroundLoad {
 public:
  // Starts `processes` busy processes (0: none). Each is its own session, as a
  // program started from another terminal is, so the scheduler's autogroups
  // treat it as an outside competitor; each dies with this process.
  explicit BackgroundLoad(int processes);
  ~BackgroundLoad();
  BackgroundLoad(const BackgroundLoad&) = delete;
  BackgroundLoad& operator=(const BackgroundLoad&) = delete;

  int size() const { return static_cast<int>(children_.size()); }

 private:
  void stop();

  std::vector<pid_t> children_;
};

}  // namespace attn
