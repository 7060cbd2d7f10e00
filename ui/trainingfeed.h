#pragma once
// Lives on the UI thread; written from the training thread.
//
// The trainer appends under a mutex and raises one "data ready" signal per
// burst; the UI takes everything at once when it next draws. Training never
// waits for drawing, and nothing is dropped: coalescing skips redraws, never
// data (every snapshot and evaluation reaches the history, in order).

#include <QMutex>
#include <QObject>
#include <QStringList>
#include <QVector>
#include <optional>
#include <variant>
#include <vector>

#include "metatypes.h"

namespace attn::ui {

struct FeedBatch {
  QVector<StepMetrics> steps;
  // Snapshots and evaluations in the order the trainer produced them: an
  // epoch's evaluation follows its epoch-end snapshot.
  std::vector<std::variant<Snapshot, EpochMetrics>> moments;
  QStringList log;
  std::optional<std::pair<QStringList, QStringList>> vocabulary;
};

class TrainingFeed : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  // Training thread.
  void pushStep(const StepMetrics& metrics);
  void pushSnapshot(const Snapshot& snapshot);
  void pushEpoch(const EpochMetrics& metrics);
  void pushLog(const QString& line);
  void pushVocabulary(const QStringList& source, const QStringList& target);

  // UI thread.
  FeedBatch take();

 signals:
  void dataReady();

 private:
  void notify();  // with the mutex held

  QMutex m_mutex;
  FeedBatch m_pending;
  bool m_notified = false;
};

}  // namespace attn::ui
