#include "etaestimate.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {
namespace {

constexpr double kWarmUpSeconds = 2.0;
constexpr std::int64_t kWarmUpSteps = 3;
constexpr double kRateSeconds = 2.0;
constexpr std::int64_t kRateSteps = 5;

double rounded(double seconds) {
  const double unit = seconds < 60 ? 5 : seconds < 600 ? 10 : seconds < 3600 ? 60 : 300;
  return std::max(unit, std::round(seconds / unit) * unit);
}

}  // namespace

void EtaEstimate::restart() {
  m_base.reset();
  m_shown.reset();
}

void EtaEstimate::add(const StepMetrics& metrics) {
  if (!m_base) {
    if (metrics.seconds >= kWarmUpSeconds && metrics.step >= kWarmUpSteps) m_base = metrics;
    return;
  }
  const double seconds = metrics.seconds - m_base->seconds;
  const std::int64_t steps = metrics.step - m_base->step;
  if (seconds < kRateSeconds || steps < kRateSteps) return;
  const double remaining =
      static_cast<double>(std::max<std::int64_t>(0, metrics.planned_steps - metrics.step));
  m_shown = rounded(remaining * seconds / static_cast<double>(steps));
}

}  // namespace attn::ui
