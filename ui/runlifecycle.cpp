#include "runlifecycle.h"

#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <cmath>

#include "coretext.h"
#include "lossplot.h"
#include "runhistory.h"
#include "runsummary.h"
#include "trainingcontroller.h"

namespace attn::ui {
namespace {

QString duration(double seconds) {
  const qint64 total = qint64(seconds + 0.5);
  if (total >= 3600)
    return QStringLiteral("%1h%2m")
        .arg(total / 3600)
        .arg((total / 60) % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1m%2s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

RunLifecycle::RunLifecycle(TrainingController* controller, RunHistory* history, LossPlot* curves,
                           const Display& display, QObject* parent)
    : QObject(parent),
      m_controller(controller),
      m_history(history),
      m_curves(curves),
      m_display(display) {
  connect(m_controller, &TrainingController::runStarted, this,
          [this](const QString& directory, const QString& device) {
            m_runDirectory = directory;
            m_history->setLiveDirectory(directory);
            emit runStarted(directory, device);
          });
  connect(m_controller, &TrainingController::vocabularyArrived, m_history,
          &RunHistory::setVocabulary);
  connect(m_controller, &TrainingController::stepsArrived, this, &RunLifecycle::onSteps);
  connect(m_controller, &TrainingController::epochArrived, this,
          [this](const EpochMetrics& metrics) {
            m_curves->addEpoch(metrics);
            m_history->addEpoch(metrics);
          });
  connect(m_controller, &TrainingController::snapshotArrived, this,
          [this](const Snapshot& snapshot) {
            m_lastSnapshot = snapshot;
            m_history->addSnapshot(snapshot);
          });
  connect(m_controller, &TrainingController::logArrived, this, &RunLifecycle::logLines);
  connect(m_controller, &TrainingController::runFinished, this, &RunLifecycle::onFinished);
  connect(m_controller, &TrainingController::pausedChanged, this, &RunLifecycle::stateChanged);
}

bool RunLifecycle::isRunning() const { return m_controller->isRunning(); }
bool RunLifecycle::isPaused() const { return m_controller->isPaused(); }

void RunLifecycle::start(const TrainRequest& request) {
  if (isRunning()) return;
  // "Both": the two implementations on the same data and seed, one after the
  // other; their curves overlay.
  m_pending = runs_of(request);
  m_labelled = m_pending.size() > 1;
  m_quiet = false;
  startNext(/*first=*/true);
}

void RunLifecycle::startNext(bool first) {
  m_current = m_pending.front();
  m_pending.erase(m_pending.begin());
  const RunConfig& config = m_current.config;
  const QString implementation = QString::fromStdString(to_string(config.implementation));
  if (first) {
    m_curves->clear();
    m_history->clear();
  }
  emit runBeginning(first, implementation);
  m_curves->beginSeries(m_labelled ? implementation : QString());
  m_curves->setRedrawDeferred(true);  // drawn with the docks, paced
  // The second implementation of "both" keeps the first one's curves.
  m_history->beginLive(QString(), implementation, /*keepCurves=*/!first);
  m_display.progress->setValue(0);
  m_display.progressText->setText(tr("preparing data…"));
  m_display.statusSpeed->clear();
  m_eta.restart();
  m_runDirectory.clear();
  const QString what = !m_current.resume_directory.empty()
                           ? QString::fromStdString(m_current.resume_directory)
                           : QString::fromStdString(config.data.use_corpus ? config.data.corpus.path
                                                                           : config.data.task.name);
  emit logLines({m_current.resume_directory.empty()
                     ? tr("— training %1 on %2 —").arg(implementation, what)
                     : tr("— continuing %1 —").arg(what)});
  m_controller->start(m_current);
  emit stateChanged();
}

void RunLifecycle::togglePause() {
  if (!isRunning()) return;
  if (isPaused()) {
    m_controller->resume();
  } else {
    m_controller->pause();
    showPaused();
  }
  emit stateChanged();
}

void RunLifecycle::stop() {
  if (!isRunning()) return;
  m_display.progressText->setText(tr("stopping after this step…"));
  m_controller->stop();
}

void RunLifecycle::showPaused() {
  // No speed or ETA while nothing runs: they would describe the last step.
  m_display.progressText->setText(tr("paused at step %1").arg(m_lastStep));
  m_display.statusSpeed->setText(tr("paused"));
}

void RunLifecycle::onSteps(const QVector<attn::StepMetrics>& steps) {
  m_curves->addSteps(steps);
  m_history->addSteps(steps);
  for (const StepMetrics& metrics : steps) m_eta.add(metrics);
  const StepMetrics& last = steps.back();
  // Steps done of the steps planned: never goes back, unlike elapsed / (elapsed + ETA).
  const double done =
      last.planned_steps > 0 ? std::min(1.0, double(last.step) / last.planned_steps) : 1.0;
  m_display.progress->setValue(int(1000 * done));
  const std::optional<double> left = m_eta.seconds();
  const QString etaText = left ? tr("ETA ~%1").arg(duration(*left)) : tr("ETA estimating…");
  m_display.progressText->setText(tr("epoch %1 · step %2 · loss %3 · %L4 tokens/s · %5")
                                      .arg(last.epoch)
                                      .arg(last.step)
                                      .arg(last.loss, 0, 'f', 4)
                                      .arg(qRound(last.tokens_per_second))
                                      .arg(etaText));
  m_display.statusStep->setText(tr("epoch %1 · step %2").arg(last.epoch).arg(last.step));
  m_lastStep = last.step;
  m_display.statusSpeed->setText(
      last.threads == 1
          ? tr("%L1 tokens/s · 1 thread").arg(qRound(last.tokens_per_second))
          : tr("%L1 tokens/s · %L2 threads").arg(qRound(last.tokens_per_second)).arg(last.threads));
  if (isPaused()) showPaused();  // steps queued before the pause took hold
}

void RunLifecycle::onFinished(const attn::RunOutcome& outcome) {
  m_curves->setRedrawDeferred(false);
  const QString status = statusText(QString::fromStdString(to_string(outcome.status)));
  const QString message = translated(outcome.message);
  m_display.progressText->setText(tr("%1 after %2 steps").arg(status).arg(outcome.steps));
  if (outcome.status == RunStatus::Finished) m_display.progress->setValue(1000);
  // The speed described the last step of a run that is no longer training.
  m_display.statusSpeed->setText(status);
  emit logLines(
      {tr("%1: %2").arg(status, message.isEmpty() ? tr("%1 steps").arg(outcome.steps) : message)});
  const bool more = !m_quiet && outcome.status == RunStatus::Finished && !m_pending.empty();
  if (!more) m_pending.clear();
  emit runEnded(outcome, more);
  emit stateChanged();
  if (m_quiet) return;  // closed during training: no dialogs, no next run
  if (more) {
    const QString first = m_runDirectory;
    startNext(/*first=*/false);
    if (!first.isEmpty()) emit secondRunStarted(first);
    return;
  }
  if (outcome.status != RunStatus::Failed || offerRestart(outcome)) return;
  QMessageBox box(QMessageBox::Warning, tr("Training failed"), message, QMessageBox::Ok,
                  m_display.dialogParent);
  box.setObjectName(QStringLiteral("failureDialog"));
  box.exec();
}

bool RunLifecycle::offerRestart(const RunOutcome& outcome) {
  if (!outcome.restart_helps || m_current.resume_directory.empty()) return false;
  QMessageBox box(QMessageBox::Question, tr("Continue run"),
                  tr("%1\n\nTrain this run again from step 0? What it recorded "
                     "(metrics.csv, history.sqlite, the checkpoints) is kept aside under other "
                     "names, not deleted.")
                      .arg(translated(outcome.message)),
                  QMessageBox::Cancel, m_display.dialogParent);
  box.setObjectName(QStringLiteral("restartDialog"));
  QPushButton* restart = box.addButton(tr("Train again from step 0"), QMessageBox::AcceptRole);
  box.setDefaultButton(QMessageBox::Cancel);
  box.exec();
  if (box.clickedButton() != restart) return true;
  TrainRequest again = m_current;
  again.restart = true;
  start(again);
  return true;
}

void RunLifecycle::showOpenedRun(const RunHistory& history) {
  const auto& steps = history.steps();
  const qint64 reached = steps.isEmpty() ? 0 : steps.back().step;
  m_display.progressText->setText(tr("%1 run: %2 steps, %3 captured moments")
                                      .arg(statusText(history.status()))
                                      .arg(reached)
                                      .arg(history.momentCount()));
  m_display.progress->setValue(history.status() == QStringLiteral("finished") ? 1000 : 0);
  // The previous run's speed and step do not describe this one.
  m_display.statusSpeed->clear();
  m_display.statusStep->setText(tr("%1 steps").arg(reached));
  m_lastStep = reached;
}

void RunLifecycle::clearProgress() {
  m_display.progress->setValue(0);
  m_display.progressText->clear();
  m_display.statusSpeed->clear();
  m_display.statusStep->clear();
  m_lastStep = 0;
}

}  // namespace attn::ui
