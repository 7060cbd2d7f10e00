#pragma once
// Lives on the UI thread. Spaces a live run's redraws so that the UI thread
// spends at most a set share of one processor on them: the training threads
// share the same cores, and a window that draws slowly (a large screen, a
// software renderer, a busy machine) should get fewer redraws, not make the
// training slower. Data is never skipped, only redraws: each redraw shows
// everything that arrived since the last one.

#include <QObject>
#include <QTimer>

namespace attn::ui {

class RedrawPacer : public QObject {
  Q_OBJECT

 public:
  // Redraws come at least `minimumMs` and at most `maximumMs` apart; between
  // those, as far apart as keeps their processor time at `share` (0.05: 5%
  // of one processor) of the time that passes.
  RedrawPacer(int minimumMs, int maximumMs, double share, QObject* parent = nullptr);

  // The UI thread's processor time used so far, in seconds; a negative
  // number where the system cannot tell (then the pacer keeps the minimum).
  // Replaceable for tests.
  using CpuClock = double (*)();
  void setCpuClock(CpuClock clock) { m_cpuClock = clock; }
  static double uiThreadCpuSeconds();

  // Forgets what earlier rounds cost (a new run).
  void restart();
  // Call as a redraw round starts. The round ends when the event loop has
  // run what the round queued: the plots' queued replots and then the
  // window's repaint (Qt delivers repaints as low-priority posted events).
  void beginRound();
  // Ends the round now (tests, or a caller that drew synchronously).
  void endRound();
  // The milliseconds to wait before the next round, from what the rounds
  // cost so far (the fastest after restart()).
  int intervalMs() const { return m_intervalMs; }
  // Processor seconds per round (smoothed); 0 before the first round.
  double roundCostSeconds() const { return m_roundCost; }

  // Something new arrived: a redraw is due after intervalMs() while a run
  // trains (`live`), else soon; requests in between join the one pending.
  void request(bool live);
  // No redraw pending (the data was replaced, or drawn already).
  void cancel() { m_due.stop(); }

 signals:
  // A redraw round may start now.
  void due();

 protected:
  void customEvent(QEvent* event) override;

 private:
  void postMarker(int hops);

  int m_minimumMs;
  int m_maximumMs;
  double m_share;
  CpuClock m_cpuClock = &RedrawPacer::uiThreadCpuSeconds;
  double m_roundStart = -1;
  double m_roundCost = 0;
  bool m_measured = false;
  int m_intervalMs;
  QTimer m_due;
};

}  // namespace attn::ui
