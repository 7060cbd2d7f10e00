#pragma once
// Lives on the UI thread; written from the training thread.
//
// The trainer appends under a mutex and raises one "data ready" signal per
// burst; the UI takes everything at once when it next draws. Training never
// waits for drawing.

#include <QMutex>
#include <QObject>
#include <QStringList>
#include <QVector>
#include <optional>

#include "metatypes.h"

namespace attn::ui {

struct FeedBatch {
  QVector<StepMetrics> steps;
  std::optional<Snapshot> snapshot;  // only the newest matters for live drawing
  QVector<EpochMetrics> epochs;
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
