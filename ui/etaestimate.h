#pragma once
// The time left in a run, as the progress line shows it. The rate is the
// engine's time per step since the run warmed up (its first steps put the
// data on the device, allocate, and measure the thread count, so they are
// slower than the rest), averaged over at least a few seconds and steps; the
// figure is rounded so that it does not flicker. A per-step pace taken from
// the first steps once showed 15 min and then 4 min a few seconds later.

#include <optional>

#include "attn/metrics.h"

namespace attn::ui {

class EtaEstimate {
 public:
  // A new run: estimating again.
  void restart();
  // One step's metrics (seconds exclude pauses, planned_steps the run's end).
  void add(const StepMetrics& metrics);
  // Seconds left, rounded (5 s under a minute, 10 s under ten minutes, a
  // minute under an hour, five minutes beyond); nothing while estimating.
  std::optional<double> seconds() const { return m_shown; }

 private:
  std::optional<StepMetrics> m_base;  // a step after the warm-up and its time
  std::optional<double> m_shown;
};

}  // namespace attn::ui
