#include "trainingcontroller.h"

#include <QCoreApplication>

#include "trainingworker.h"

namespace attn::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
  registerMetaTypes();
  m_drainTimer.setSingleShot(true);
  m_drainTimer.setInterval(kDrawIntervalMs);
  connect(&m_drainTimer, &QTimer::timeout, this, &TrainingController::drain);
  // Coalesce: a burst of notifications starts one timer; the drain takes it all.
  connect(&m_feed, &TrainingFeed::dataReady, this, [this] {
    if (!m_drainTimer.isActive()) m_drainTimer.start();
  });
}

TrainingController::~TrainingController() { stopAndWait(); }

void TrainingController::requestModelCopy() {
  if (m_running && m_control) m_control->request_model_copy();
}

void TrainingController::start(const attn::TrainRequest& request) {
  if (m_running) return;
  m_control = std::make_unique<TrainingControl>();
  m_thread = new QThread(this);
  m_thread->setObjectName(QStringLiteral("training"));
  m_worker = new TrainingWorker(&m_feed, m_control.get());
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &TrainingWorker::started, this, &TrainingController::runStarted);
  connect(m_worker, &TrainingWorker::finished, this, &TrainingController::onWorkerFinished);
  connect(m_worker, &TrainingWorker::modelCopied, this, &TrainingController::modelCopied);
  connect(m_thread, &QThread::started, m_worker,
          [worker = m_worker, request] { worker->run(request); });
  m_running = true;
  m_thread->start();
}

void TrainingController::pause() {
  if (!m_running) return;
  m_control->pause();
  emit pausedChanged(true);
}

void TrainingController::resume() {
  if (!m_running) return;
  m_control->resume();
  emit pausedChanged(false);
}

void TrainingController::stop() {
  if (m_control) {
    m_control->resume();
    m_control->stop();
  }
}

void TrainingController::stopAndWait() {
  stop();
  if (m_thread) {
    m_thread->quit();
    m_thread->wait();
    // The worker's "finished" is queued to this thread: deliver it now, so the
    // caller sees a controller that is no longer running.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
  }
}

void TrainingController::drain() {
  FeedBatch batch = m_feed.take();
  if (batch.vocabulary) emit vocabularyArrived(batch.vocabulary->first, batch.vocabulary->second);
  if (!batch.log.isEmpty()) emit logArrived(batch.log);
  if (!batch.steps.isEmpty()) emit stepsArrived(batch.steps);
  for (const auto& moment : batch.moments) {
    if (const auto* snapshot = std::get_if<Snapshot>(&moment))
      emit snapshotArrived(*snapshot);
    else
      emit epochArrived(std::get<EpochMetrics>(moment));
  }
}

void TrainingController::onWorkerFinished(const attn::RunOutcome& outcome) {
  if (!m_running) return;
  m_drainTimer.stop();
  drain();  // whatever the last steps left behind
  m_thread->quit();
  m_thread->wait();
  m_thread->deleteLater();
  m_thread = nullptr;
  m_worker = nullptr;
  m_running = false;
  emit runFinished(outcome);
}

}  // namespace attn::ui
