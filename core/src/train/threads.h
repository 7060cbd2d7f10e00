#pragma once

#include <chrono>
#include <optional>
#include <string>
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

// Empty, or why --threads `requested` cannot be used ("3 is more than the 2
// processors this process may use; …"); the caller names the option.
std::string threads_request_problem(int requested);

// The thread count of one run, shared by training and --bench: `requested`
// (--threads N) is obeyed; 0 starts with the processors other programs leave
// free and, where `adapt` (the CPU), follows the fastest count as the load
// changes (ThreadTuner fed with each step and the ProcessorLoadMonitor).
// Torch-free: the caller applies threads() with at::set_num_threads.
class RunThreads {
 public:
  // `processes_here`: ranks of a data-parallel run on this machine, which
  // share its processors (the automatic count starts from its share).
  // `deterministic`: a count that depends on the machine and the model only
  // (not on its load now), kept for the whole run.
  RunThreads(int requested, int d_model, bool adapt, int processes_here = 1,
             bool deterministic = false);

  int threads() const { return threads_; }
  bool automatic() const { return tuner_.has_value(); }
  // "2 threads (automatic)", for the log.
  std::string label() const;
  // Records a step that ran at threads(); true when the count for the next
  // step differs. *decision gets what was measured ("1: … µs/position, 2: …")
  // when a measurement moved the choice, for the log; it is left alone otherwise.
  bool after_step(double seconds, double work, std::string* decision);

 private:
  int threads_ = 1;
  int last_choice_ = 0;  // what a measurement chose last (the log names each change)
  bool deterministic_ = false;
  std::optional<ThreadTuner> tuner_;
  std::optional<ProcessorLoadMonitor> monitor_;
};

}  // namespace attn
