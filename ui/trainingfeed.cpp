#include "trainingfeed.h"

namespace attn::ui {

void TrainingFeed::notify() {
  if (m_notified) return;
  m_notified = true;
  // Queued: the slot runs on the UI thread.
  QMetaObject::invokeMethod(this, &TrainingFeed::dataReady, Qt::QueuedConnection);
}

void TrainingFeed::pushStep(const StepMetrics& metrics) {
  QMutexLocker lock(&m_mutex);
  m_pending.steps.append(metrics);
  notify();
}

void TrainingFeed::pushSnapshot(const Snapshot& snapshot) {
  QMutexLocker lock(&m_mutex);
  m_pending.moments.emplace_back(snapshot);
  notify();
}

void TrainingFeed::pushEpoch(const EpochMetrics& metrics) {
  QMutexLocker lock(&m_mutex);
  m_pending.moments.emplace_back(metrics);
  notify();
}

void TrainingFeed::pushLog(const QString& line) {
  QMutexLocker lock(&m_mutex);
  m_pending.log.append(line);
  notify();
}

void TrainingFeed::pushVocabulary(const QStringList& source, const QStringList& target) {
  QMutexLocker lock(&m_mutex);
  m_pending.vocabulary = std::make_pair(source, target);
  notify();
}

FeedBatch TrainingFeed::take() {
  QMutexLocker lock(&m_mutex);
  FeedBatch batch;
  std::swap(batch, m_pending);
  m_notified = false;
  return batch;
}

}  // namespace attn::ui
