#include "attn/thread_tuner.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace attn {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A processor counts as free when less than half of it is taken.
bool fits_free(int count, double free_processors) {
  return free_processors < 0 || count <= free_processors + 0.5;
}

}  // namespace

std::vector<int> thread_candidates(int usable_processors, int d_model) {
  const int usable = std::max(1, usable_processors);
  const int ceiling = d_model < 256 ? std::min(usable, 4) : usable;
  std::vector<int> candidates;
  for (int count = 1; count < ceiling; count *= 2) candidates.push_back(count);
  candidates.push_back(ceiling);
  return candidates;
}

ProcessorBudget share_among_processes(const ProcessorBudget& machine, int processes) {
  if (processes <= 1) return machine;
  ProcessorBudget share;
  share.usable = std::max(1, machine.usable / processes);
  share.busy = machine.busy / processes;
  return share;
}

int initial_thread_count(int requested, const ProcessorBudget& budget, int d_model) {
  if (requested > 0) return requested;
  const auto candidates = thread_candidates(budget.usable, d_model);
  const double free = budget.usable - std::max(0.0, budget.busy);
  int chosen = candidates.front();
  for (const int count : candidates)
    if (fits_free(count, free)) chosen = count;
  return chosen;
}

ThreadTuner::ThreadTuner(std::vector<int> candidates, int start, double free_processors,
                         ThreadTunerSettings settings)
    : candidates_(std::move(candidates)),
      settings_(settings),
      current_(start),
      chosen_(start),
      free_now_(free_processors),
      interval_s_(settings.first_interval_s),
      warmup_left_(settings.warmup_steps) {
  if (candidates_.empty()) candidates_.push_back(std::max(1, start));
  if (std::find(candidates_.begin(), candidates_.end(), start) == candidates_.end()) {
    candidates_.push_back(start);
    std::sort(candidates_.begin(), candidates_.end());
  }
  if (candidates_.size() > 1) start_probe();
}

double ThreadTuner::median(std::vector<double> values) {
  if (values.empty()) return kInfinity;
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

bool ThreadTuner::fits(std::size_t candidate, double free_processors) const {
  return candidate == 0 || fits_free(candidates_[candidate], free_processors);
}

std::size_t ThreadTuner::fitting_count(double free_processors) const {
  std::size_t count = 0;
  for (std::size_t i = 0; i < candidates_.size(); ++i) count += fits(i, free_processors);
  return count;
}

void ThreadTuner::start_probe() {
  probing_ = true;
  probe_costs_.assign(candidates_.size(), {});
  probe_done_.assign(candidates_.size(), false);
  probe_skipped_.assign(candidates_.size(), false);
  const auto chosen_at = static_cast<std::size_t>(
      std::find(candidates_.begin(), candidates_.end(), chosen_) - candidates_.begin());
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    probe_skipped_[i] = i != chosen_at && !fits(i, free_now_);
    probe_done_[i] = probe_skipped_[i];
  }
  // What the chosen count costs now is known from its recent steps; only the
  // others are timed. At the start nothing is known and every count is timed,
  // the starting one first.
  if (recent_.size() >= static_cast<std::size_t>(settings_.probe_steps)) {
    probe_costs_[chosen_at] = recent_;
    probe_done_[chosen_at] = true;
  }
  probe_index_ = chosen_at;
  probe_index_ = next_to_time();
  if (probe_index_ == candidates_.size())
    finish_probe();  // nothing else fits
  else
    switch_to(candidates_[probe_index_]);
}

std::size_t ThreadTuner::next_to_time() const {
  // One count at a time: changing the count costs the step after the change
  // (LibTorch and OpenBLAS resize their thread pools), which is not timed.
  if (probe_index_ < candidates_.size() && !probe_done_[probe_index_]) return probe_index_;
  for (std::size_t i = 0; i < candidates_.size(); ++i)
    if (!probe_done_[i]) return i;
  return candidates_.size();
}

void ThreadTuner::switch_to(int threads) {
  if (threads != current_) {
    skip_next_ = true;
    switched_down_ = threads < current_;
  }
  current_ = threads;
}

void ThreadTuner::finish_probe() {
  std::size_t best = 0;
  double best_cost = kInfinity;
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const double cost = median(probe_costs_[i]);
    if (cost < best_cost) best_cost = cost, best = i;
  }
  const int previous = chosen_;
  const auto previous_at = static_cast<std::size_t>(
      std::find(candidates_.begin(), candidates_.end(), previous) - candidates_.begin());
  if (best != previous_at &&
      median(probe_costs_[previous_at]) < settings_.switch_margin * best_cost) {
    best = previous_at;
    best_cost = median(probe_costs_[previous_at]);
  }
  chosen_ = candidates_[best];
  switch_to(chosen_);
  interval_s_ = chosen_ == previous && measurements_ > 0
                    ? std::min(settings_.max_interval_s, 2 * interval_s_)
                    : settings_.first_interval_s;
  // A count given up on after one step: the next measurement waits until
  // such a step's extra time is a small share of the time in between.
  const double step_seconds = recent_seconds_.empty() ? 0 : median(recent_seconds_);
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    if (i == best || probe_costs_[i].size() != 1 || !std::isfinite(best_cost)) continue;
    const double extra_seconds = (probe_costs_[i].front() / best_cost - 1) * step_seconds;
    interval_s_ = std::max(interval_s_, extra_seconds / settings_.probe_overhead);
  }
  ++measurements_;
  probing_ = false;
  recent_.clear();
  baseline_cost_ = 0;
  seconds_since_choice_ = 0;
  fitting_at_choice_ = fitting_count(free_now_);
  fitting_changed_steps_ = 0;

  decision_.clear();
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    char part[64];
    if (probe_costs_[i].empty()) {
      if (!probe_skipped_[i]) continue;
      std::snprintf(part, sizeof part, "%s%d: processors busy", decision_.empty() ? "" : ", ",
                    candidates_[i]);
    } else {
      std::snprintf(part, sizeof part, "%s%d: %.3g µs/position", decision_.empty() ? "" : ", ",
                    candidates_[i], 1e6 * median(probe_costs_[i]));
    }
    decision_ += part;
  }
}

void ThreadTuner::give_up_current() {
  probe_done_[probe_index_] = true;
  probe_index_ = next_to_time();
  if (probe_index_ == candidates_.size())
    finish_probe();
  else
    switch_to(candidates_[probe_index_]);
}

void ThreadTuner::record_probe(double cost) {
  double best_other = kInfinity;
  for (std::size_t i = 0; i < candidates_.size(); ++i)
    if (i != probe_index_ && !probe_costs_[i].empty())
      best_other = std::min(best_other, median(probe_costs_[i]));
  auto& costs = probe_costs_[probe_index_];
  if (skip_next_) {
    skip_next_ = false;
    // Giving threads up costs little, so that step already tells a hopeless
    // count; after adding threads, only if far beyond the best.
    const double limit = (switched_down_ ? 1 : 2) * settings_.give_up_ratio * best_other;
    if (cost > limit) {
      costs.push_back(cost);
      give_up_current();
    }
    return;
  }
  costs.push_back(cost);
  if (costs.size() >= static_cast<std::size_t>(settings_.probe_steps) ||
      cost > settings_.give_up_ratio * best_other)
    give_up_current();
}

void ThreadTuner::record_chosen(double cost, double seconds, double free_processors) {
  seconds_since_choice_ += seconds;
  recent_seconds_.push_back(seconds);
  if (recent_seconds_.size() > static_cast<std::size_t>(settings_.drift_window))
    recent_seconds_.erase(recent_seconds_.begin());
  if (skip_next_) {
    skip_next_ = false;
    return;
  }
  recent_.push_back(cost);
  if (recent_.size() > static_cast<std::size_t>(settings_.drift_window))
    recent_.erase(recent_.begin());
  const bool window_full = recent_.size() == static_cast<std::size_t>(settings_.drift_window);
  const double now = window_full ? median(recent_) : 0;
  if (window_full && baseline_cost_ == 0) baseline_cost_ = now;
  // Other programs took or left processors, and it lasted a few steps.
  fitting_changed_steps_ =
      fitting_count(free_processors) != fitting_at_choice_ ? fitting_changed_steps_ + 1 : 0;
  if (candidates_.size() > 1 &&
      (seconds_since_choice_ >= interval_s_ || fitting_changed_steps_ >= settings_.drift_window ||
       (baseline_cost_ > 0 && now > settings_.drift_ratio * baseline_cost_)))
    start_probe();
}

int ThreadTuner::record(double seconds, double work, double free_processors) {
  if (!std::isfinite(seconds) || seconds <= 0 || !std::isfinite(work) || work <= 0) return current_;
  free_now_ = free_processors;
  if (warmup_left_ > 0) {
    --warmup_left_;
    return current_;
  }
  const double cost = seconds / work;
  if (probing_)
    record_probe(cost);
  else
    record_chosen(cost, seconds, free_processors);
  return current_;
}

}  // namespace attn
