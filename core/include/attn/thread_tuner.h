#pragma once
// How many intra-op threads a run uses when the user leaves it to us
// (--threads 0), and how that choice follows the machine's load while training.
//
// Why it adapts: a training step is hundreds of short parallel regions, and
// each ends at a barrier that waits for its slowest thread. When another
// program keeps one of the cores busy, the thread that shares that core is
// descheduled for whole time slices and every barrier waits for it: on two
// cores with one busy program, two threads were measured 4.6× slower per step
// than one (README, Performance). Which count is fastest depends on the load,
// which changes during a run, so it is measured, not guessed: a few steps at
// each candidate count, the fastest kept, measured again every so often and
// whenever steps get slower.
//
// Plain C++ (no LibTorch, no clock): the trainer feeds it step costs.

#include <cstdint>
#include <string>
#include <vector>

namespace attn {

// What the machine offers this process.
struct ProcessorBudget {
  int usable = 1;     // CPU affinity and cgroup quota (taskset -c 0 gives 1)
  double busy = 0.0;  // processors kept busy by other programs right now
};

// The thread counts worth trying for a model of width d_model: 1, then
// powers of two, then every usable processor; narrow models stop gaining from
// more threads long before wide ones do (at most 4 below d_model 256).
std::vector<int> thread_candidates(int usable_processors, int d_model);

// The count a run starts with: `requested` when it is positive (--threads N is
// always obeyed), else the largest candidate that fits the processors nobody
// else is using (at least 1).
int initial_thread_count(int requested, const ProcessorBudget& budget, int d_model);

// One process's part of the machine when `processes` ranks of a data-parallel
// run share it (each is then one of the others' load): the usable processors
// and the others' load divided among them, at least one processor each.
ProcessorBudget share_among_processes(const ProcessorBudget& machine, int processes);

struct ThreadTunerSettings {
  int warmup_steps = 2;        // a run's first steps fill caches and the allocator: not timed
  int probe_steps = 4;         // steps timed at each candidate
  double give_up_ratio = 1.5;  // stop timing a candidate this much slower than the best
  // Leave the count in use only for one this much faster: a few steps of
  // batches of different shapes cannot tell apart counts within ~10%, and a
  // change costs a step.
  double switch_margin = 1.1;
  // Seconds of training between measurements, doubled while the choice holds
  // (a change of load is also noticed directly: slower steps, busy processors).
  double first_interval_s = 10;
  double max_interval_s = 160;
  // Where a measurement met a much slower count (two threads beside a busy
  // program: up to 87× per step), the next waits until that step's extra
  // time is at most this share of the time in between.
  double probe_overhead = 0.02;
  int drift_window = 8;      // recent steps whose median is watched
  double drift_ratio = 1.3;  // measure again when steps get this much slower
};

class ThreadTuner {
 public:
  // `candidates` in increasing order; `start` is used first. Counts above the
  // processors other programs leave free (`free_processors`, < 0: unknown)
  // are not tried while they stay taken: one step of them can cost as much as
  // dozens of steps at one thread.
  ThreadTuner(std::vector<int> candidates, int start, double free_processors = -1,
              ThreadTunerSettings settings = {});

  // The thread count for the next step.
  int threads() const { return current_; }
  // Records the step just run at threads(): its wall time, its work (padded
  // source + target positions, so batches of different shapes compare by
  // seconds / work) and the processors free now; returns the count for the
  // next step.
  int record(double seconds, double work, double free_processors = -1);

  bool probing() const { return probing_; }
  // How many times the count was measured, and the last result, for the log.
  int measurements() const { return measurements_; }
  std::string last_decision() const { return decision_; }

 private:
  bool fits(std::size_t candidate, double free_processors) const;
  std::size_t fitting_count(double free_processors) const;
  void start_probe();
  void finish_probe();
  std::size_t next_to_time() const;  // candidates_.size() when every count is measured
  void switch_to(int threads);
  void give_up_current();
  void record_probe(double cost);
  void record_chosen(double cost, double seconds, double free_processors);
  static double median(std::vector<double> values);

  std::vector<int> candidates_;
  ThreadTunerSettings settings_;
  int current_;
  int chosen_;
  bool probing_ = false;
  std::size_t probe_index_ = 0;
  std::vector<std::vector<double>> probe_costs_;  // per candidate
  std::vector<bool> probe_skipped_;               // taken by other programs
  std::vector<bool> probe_done_;                  // timed enough, given up on, or skipped
  std::vector<double> recent_;                    // costs of steps at the chosen count
  std::vector<double> recent_seconds_;
  double baseline_cost_ = 0;  // the chosen count's pace over the first window after the choice
  double free_now_ = -1;
  std::size_t fitting_at_choice_ = 0;
  int fitting_changed_steps_ = 0;  // consecutive steps with another fitting count
  double seconds_since_choice_ = 0;
  double interval_s_;
  int measurements_ = 0;
  int warmup_left_;
  bool skip_next_ = false;      // the step after a change of count is not timed
  bool switched_down_ = false;  // that change was to fewer threads
  std::string decision_;
};

}  // namespace attn
