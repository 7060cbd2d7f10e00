#pragma once
// Lives on the UI thread. One window's training, from Train to the end: it
// starts the runs a request makes (both implementations in turn), feeds what
// the engine reports into the run's history and curves, keeps the progress
// line and the status bar's step and speed (with an ETA that does not jump),
// and says how each run ended. A resume the engine refuses because no
// checkpoint can be read asks whether to train again from step 0. The window
// wires it to its buttons and docks.

#include <QObject>
#include <QPointer>
#include <optional>
#include <vector>

#include "etaestimate.h"
#include "metatypes.h"

class QLabel;
class QProgressBar;
class QWidget;

namespace attn::ui {

class LossPlot;
class RunHistory;
class TrainingController;

class RunLifecycle : public QObject {
  Q_OBJECT

 public:
  // What it writes the run's progress into.
  struct Display {
    QProgressBar* progress = nullptr;
    QLabel* progressText = nullptr;  // "epoch 2 · step 120 · loss … · ETA ~3 min"
    QLabel* statusStep = nullptr;
    QLabel* statusSpeed = nullptr;
    QWidget* dialogParent = nullptr;  // for the questions it asks
  };

  RunLifecycle(TrainingController* controller, RunHistory* history, LossPlot* curves,
               const Display& display, QObject* parent);

  // Trains what `request` asks for; the runs of "both" one after the other.
  void start(const TrainRequest& request);
  void togglePause();
  void stop();
  bool isRunning() const;
  bool isPaused() const;
  // The newest snapshot that arrived (tests compare the heatmap with it).
  const Snapshot& lastSnapshot() const { return m_lastSnapshot; }
  // The last step reported, for figure names.
  qint64 lastStep() const { return m_lastStep; }
  // Closing the window: no dialogs, no next run when the engine ends.
  void endQuietly() { m_quiet = true; }
  // An opened run's status, steps and moments in the progress line; no speed.
  void showOpenedRun(const RunHistory& history);
  // Nothing to report (File → New run).
  void clearProgress();

 signals:
  // A run is about to start: `first` for the first of a request's runs (the
  // window clears the heatmap and stops comparing), `implementation` labels
  // its curves when a request trains both.
  void runBeginning(bool first, const QString& implementation);
  // The engine made (or reopened) the run directory.
  void runStarted(const QString& runDirectory, const QString& device);
  // The first run of "both" finished in `directory`; the second is training.
  void secondRunStarted(const QString& firstRunDirectory);
  // A run ended; `more` when another of the request's runs follows.
  void runEnded(const attn::RunOutcome& outcome, bool more);
  void logLines(const QStringList& lines);
  // Running, paused or idle changed (the window enables its buttons).
  void stateChanged();

 private:
  void startNext(bool first);
  void onSteps(const QVector<attn::StepMetrics>& steps);
  void onFinished(const attn::RunOutcome& outcome);
  void showPaused();
  // A resume refused for want of a readable checkpoint: ask, and restart.
  bool offerRestart(const RunOutcome& outcome);

  TrainingController* m_controller;
  RunHistory* m_history;
  LossPlot* m_curves;
  Display m_display;
  std::vector<TrainRequest> m_pending;  // the request's runs still to train
  TrainRequest m_current;
  bool m_labelled = false;  // two implementations: curves carry their names
  bool m_quiet = false;
  Snapshot m_lastSnapshot;
  qint64 m_lastStep = 0;
  QString m_runDirectory;
  EtaEstimate m_eta;
};

}  // namespace attn::ui
