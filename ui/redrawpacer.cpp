#include "redrawpacer.h"

#include <QCoreApplication>
#include <QEvent>
#include <algorithm>
#include <cmath>
#include <ctime>

namespace attn::ui {
namespace {

// Posted at low priority behind a round's own work; carries how many more
// times to re-post itself before the round counts as done.
class RoundMarker : public QEvent {
 public:
  explicit RoundMarker(int hopsLeft) : QEvent(type()), hopsLeft(hopsLeft) {}
  static QEvent::Type type() {
    static const auto registered = QEvent::Type(QEvent::registerEventType());
    return registered;
  }
  int hopsLeft;
};

}  // namespace

RedrawPacer::RedrawPacer(int minimumMs, int maximumMs, double share, QObject* parent)
    : QObject(parent),
      m_minimumMs(minimumMs),
      m_maximumMs(std::max(minimumMs, maximumMs)),
      m_share(share),
      m_intervalMs(minimumMs) {
  m_due.setSingleShot(true);
  connect(&m_due, &QTimer::timeout, this, &RedrawPacer::due);
}

void RedrawPacer::request(bool live) {
  if (!m_due.isActive()) m_due.start(live ? m_intervalMs : m_minimumMs);
}

double RedrawPacer::uiThreadCpuSeconds() {
#if defined(CLOCK_THREAD_CPUTIME_ID)
  timespec now{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
    return double(now.tv_sec) + 1e-9 * double(now.tv_nsec);
#endif
  return -1;
}

void RedrawPacer::restart() {
  m_roundStart = -1;
  m_roundCost = 0;
  m_measured = false;
  m_intervalMs = m_minimumMs;
}

void RedrawPacer::beginRound() {
  if (m_roundStart >= 0) return;  // the previous round has not ended: it includes this one
  m_roundStart = m_cpuClock();
  if (m_roundStart < 0) return;  // no thread clock: stay at the minimum
  // Two hops: the first marker runs after the queued replots, which post
  // the window's repaint behind it; the second runs after that repaint.
  postMarker(2);
}

void RedrawPacer::postMarker(int hops) {
  QCoreApplication::postEvent(this, new RoundMarker(hops), Qt::LowEventPriority);
}

void RedrawPacer::customEvent(QEvent* event) {
  if (event->type() != RoundMarker::type()) return;
  const int hopsLeft = static_cast<RoundMarker*>(event)->hopsLeft - 1;
  if (hopsLeft > 0)
    postMarker(hopsLeft);
  else
    endRound();
}

void RedrawPacer::endRound() {
  if (m_roundStart < 0) return;
  const double now = m_cpuClock();
  const double cost = std::max(0.0, now - m_roundStart);
  m_roundStart = -1;
  if (now < 0) return;
  // Smoothed, so one slow round (a dock drawn for the first time) does not
  // stall the view for seconds, and a run of slow ones does space them out.
  m_roundCost = m_measured ? 0.8 * m_roundCost + 0.2 * cost : cost;
  m_measured = true;
  const double intervalMs = 1000 * m_roundCost / m_share;
  m_intervalMs = std::clamp(int(std::lround(intervalMs)), m_minimumMs, m_maximumMs);
}

}  // namespace attn::ui
