#pragma once
// Lives on the UI thread. Owns the training thread and its worker, drains the
// feed at most every 40 ms, and hands the UI plain values.

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QTemporaryFile>
#include <QThread>
#include <QTimer>
#include <memory>

#include "metatypes.h"
#include "trainingfeed.h"

namespace attn::ui {

class TrainingWorker;

class TrainingController : public QObject {
  Q_OBJECT

 public:
  explicit TrainingController(QObject* parent = nullptr);
  ~TrainingController() override;

  bool isRunning() const { return m_running; }
  bool isPaused() const { return m_control && m_control->paused(); }

  // A request whose world has more than one process also starts the other
  // ranks, as attention-train processes on this computer (this one is rank 0).
  void start(const attn::TrainRequest& request);
  void pause();
  void resume();
  void stop();
  // Stops and waits for the training thread (checkpoint written).
  void stopAndWait();
  // Asks the trainer for a copy of its weights at the next step (modelCopied).
  void requestModelCopy();

 signals:
  void runStarted(const QString& runDirectory, const QString& device);
  void vocabularyArrived(const QStringList& source, const QStringList& target);
  void stepsArrived(const QVector<attn::StepMetrics>& steps);
  void snapshotArrived(const attn::Snapshot& snapshot);
  void epochArrived(const attn::EpochMetrics& metrics);
  void logArrived(const QStringList& lines);
  void runFinished(const attn::RunOutcome& outcome);
  void pausedChanged(bool paused);
  void modelCopied(std::shared_ptr<const attn::InspectionModel> model);

 private:
  void drain();
  void onWorkerFinished(const attn::RunOutcome& outcome);
  // Starts ranks 1… of `request`'s world; fills in its rendezvous port. False
  // (with *error) when attention-train cannot be found or started.
  bool startOtherRanks(attn::TrainRequest& request, QString* error);
  // Waits a little for the other ranks to end with the run, then ends them.
  void endOtherRanks();

  static constexpr int kDrawIntervalMs = 40;  // at most ~25 redraws a second
  TrainingFeed m_feed;
  std::unique_ptr<TrainingControl> m_control;
  QThread* m_thread = nullptr;
  TrainingWorker* m_worker = nullptr;
  QTimer m_drainTimer;
  bool m_running = false;
  std::vector<QProcess*> m_otherRanks;
  std::unique_ptr<QTemporaryFile> m_rankConfig;  // the configuration every rank reads
};

}  // namespace attn::ui
