#include "trainingcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include "attn/world.h"

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

void TrainingController::start(const attn::TrainRequest& given) {
  if (m_running) return;
  attn::TrainRequest request = given;
  if (request.world.distributed()) {
    QString error;
    if (!startOtherRanks(request, &error)) {
      endOtherRanks();
      RunOutcome outcome;
      outcome.status = RunStatus::Failed;
      outcome.bad_input = true;
      outcome.message = verbatim(error.toStdString());
      QMetaObject::invokeMethod(
          this, [this, outcome] { emit runFinished(outcome); }, Qt::QueuedConnection);
      return;
    }
  }
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
  endOtherRanks();
  m_running = false;
  emit runFinished(outcome);
}

bool TrainingController::startOtherRanks(attn::TrainRequest& request, QString* error) {
  // attention-train beside this program (a build folder, /usr/bin), else on
  // PATH; ATTN_TRAIN_PROGRAM names another (the tests' build).
  QString program = qEnvironmentVariable("ATTN_TRAIN_PROGRAM");
  if (program.isEmpty()) {
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath("attention-train");
    program = QFileInfo(beside).isExecutable()
                  ? beside
                  : QStandardPaths::findExecutable(QStringLiteral("attention-train"));
  }
  if (program.isEmpty()) {
    *error = tr("Processes: %1 needs attention-train, which is neither beside this program nor "
                "on PATH")
                 .arg(request.world.size);
    return false;
  }
  m_rankConfig =
      std::make_unique<QTemporaryFile>(QDir::temp().filePath("attention-ranks-XXXXXX.json"));
  const QByteArray config = QByteArray::fromStdString(attn::to_json(request.config));
  if (!m_rankConfig->open() || m_rankConfig->write(config) != config.size() ||
      !m_rankConfig->flush()) {
    *error = tr("Processes: cannot write the configuration for the other processes to %1")
                 .arg(m_rankConfig->fileName());
    return false;
  }
  request.world.rank = 0;
  request.world.local_rank = 0;
  request.world.local_size = request.world.size;
  request.world.master_address = "127.0.0.1";
  request.world.master_port = attn::free_loopback_port();
  for (int rank = 1; rank < request.world.size; ++rank) {
    auto* process = new QProcess(this);
    auto environment = QProcessEnvironment::systemEnvironment();
    environment.insert("RANK", QString::number(rank));
    environment.insert("WORLD_SIZE", QString::number(request.world.size));
    environment.insert("LOCAL_RANK", QString::number(rank));
    environment.insert("LOCAL_WORLD_SIZE", QString::number(request.world.size));
    environment.insert("MASTER_ADDR", QStringLiteral("127.0.0.1"));
    environment.insert("MASTER_PORT", QString::number(request.world.master_port));
    process->setProcessEnvironment(environment);
    process->setProcessChannelMode(QProcess::SeparateChannels);
    // Their errors belong in the log, named by rank.
    connect(process, &QProcess::readyReadStandardError, this, [this, process, rank] {
      QStringList lines;
      for (const auto& line :
           QString::fromUtf8(process->readAllStandardError()).split('\n', Qt::SkipEmptyParts))
        lines << tr("rank %1: %2").arg(rank).arg(line);
      if (!lines.isEmpty()) emit logArrived(lines);
    });
    process->start(
        program, {QStringLiteral("--config"), m_rankConfig->fileName(), QStringLiteral("--quiet")});
    m_otherRanks.push_back(process);
    if (!process->waitForStarted(10000)) {
      *error = tr("Processes: cannot start %1 (%2)").arg(program, process->errorString());
      return false;
    }
  }
  return true;
}

void TrainingController::endOtherRanks() {
  for (auto* process : m_otherRanks) {
    // They end with the run (the ranks agree on every stop); a rank that does
    // not within the timeout it was given is ended here.
    if (process->state() != QProcess::NotRunning && !process->waitForFinished(40000)) {
      process->kill();
      process->waitForFinished(2000);
    }
    process->deleteLater();
  }
  m_otherRanks.clear();
  m_rankConfig.reset();
}

}  // namespace attn::ui
