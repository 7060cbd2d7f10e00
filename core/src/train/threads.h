#pragma once

#include <chrono>
#include <vector>

#include "attn/thread_tuner.h"

namespace attn {

// The processors this process may run on: its CPU affinity (`taskset -c 0`
// gives 1) and its cgroup's CPU quota (a container given 1.5 CPUs gets 1), at
// least 1.
int available_processors();

// How much of the processors this process may run on other programs keep
// busy, from /proc/stat (their user, system, interrupt and stolen time; niced
// programs yield to us and are left out) minus this process's own time.
class ProcessorLoadMonitor {
 public:
  ProcessorLoadMonitor();
  // Processors of available_processors() that other programs leave free,
  // averaged since the last update; updated at most every `period`, the last
  // value returned in between. -1 while unknown (no /proc, or no update yet).
  double free_processors(std::chrono::milliseconds period = std::chrono::milliseconds(250));

 private:
  struct Sample {
    std::chrono::steady_clock::time_point time;
    double busy_seconds = 0;  // on our processors, all programs
    double own_seconds = 0;   // this process
    bool ok = false;
  };
  Sample sample() const;

  std::vector<int> processors_;  // the affinity set
  int usable_ = 1;
  Sample last_;
  double free_ = -1;
};

// available_processors() and how many of them other programs keep busy,
// sampled over `sample_ms` (this process sleeps meanwhile).
ProcessorBudget processor_budget(int sample_ms = 50);

}  // namespace attn
