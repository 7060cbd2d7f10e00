#pragma once
// Lives on the training thread (moved there by TrainingController).

#include <QObject>

#include "metatypes.h"
#include "trainingfeed.h"

namespace attn::ui {

class TrainingWorker : public QObject {
  Q_OBJECT

 public:
  TrainingWorker(TrainingFeed* feed, TrainingControl* control);

 public slots:
  // Runs the whole training; returns when it ends.
  void run(const attn::TrainRequest& request);

 signals:
  void started(const QString& runDirectory, const QString& device);
  void finished(const attn::RunOutcome& outcome);
  // The weights at a step boundary, for the inspector (asked for through the control).
  void modelCopied(std::shared_ptr<const attn::InspectionModel> model);

 private:
  TrainingFeed* m_feed;
  TrainingControl* m_control;
};

}  // namespace attn::ui
