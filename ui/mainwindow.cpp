#include "mainwindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "attentionview.h"
#include "datasetpreview.h"
#include "attn/version.h"
#include "exportdialog.h"
#include "lossplot.h"
#include "setuppanel.h"
#include "trainingcontroller.h"

namespace attn::ui {
namespace {

QString duration(double seconds) {
  const qint64 total = qint64(seconds + 0.5);
  if (total >= 3600) return QStringLiteral("%1h%2m").arg(total / 3600).arg((total / 60) % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("%1m%2s").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_setup(new SetupPanel),
      m_attention(new AttentionView),
      m_loss(new LossPlot),
      m_data(new DatasetPreview),
      m_log(new QPlainTextEdit),
      m_controller(new TrainingController(this)) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Attention Studio"));
  m_runsDirectory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/runs");
  setCentralWidget(m_attention);
  m_log->setObjectName(QStringLiteral("logView"));
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(20000);
  m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

  buildDocks();
  buildMenus();

  m_statusDevice = new QLabel(this);
  m_statusStep = new QLabel(this);
  m_statusSpeed = new QLabel(this);
  m_statusRun = new QLabel(this);
  statusBar()->addWidget(m_statusDevice);
  statusBar()->addWidget(m_statusStep);
  statusBar()->addWidget(m_statusSpeed);
  statusBar()->addPermanentWidget(m_statusRun);
  m_statusDevice->setText(tr("device: %1 · threads: auto").arg(QString::fromStdString(device_description())));

  connect(m_setup, &SetupPanel::changed, this, &MainWindow::updateActions);
  connect(m_controller, &TrainingController::runStarted, this, [this](const QString& directory, const QString& device) {
    m_runDirectory = directory;
    m_statusRun->setText(directory);
    m_statusDevice->setText(tr("device: %1").arg(device));
  });
  connect(m_controller, &TrainingController::vocabularyArrived, m_attention, &AttentionView::setVocabulary);
  connect(m_controller, &TrainingController::stepsArrived, this, &MainWindow::onSteps);
  connect(m_controller, &TrainingController::epochArrived, this, &MainWindow::onEpoch);
  connect(m_controller, &TrainingController::snapshotArrived, this, &MainWindow::onSnapshot);
  connect(m_controller, &TrainingController::logArrived, this, &MainWindow::appendLog);
  connect(m_controller, &TrainingController::runFinished, this, &MainWindow::onFinished);
  connect(m_controller, &TrainingController::pausedChanged, this, &MainWindow::updateActions);

  m_defaultState = saveState();
  restoreSettings();
  updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
  auto* setupDock = new QDockWidget(tr("Setup"), this);
  setupDock->setObjectName(QStringLiteral("setupDock"));
  auto* setupHost = new QWidget;
  auto* setupLayout = new QVBoxLayout(setupHost);
  setupLayout->setContentsMargins(4, 4, 4, 4);
  setupLayout->addWidget(m_setup, 1);
  m_trainButton = new QPushButton(tr("Train"), setupHost);
  m_trainButton->setObjectName(QStringLiteral("trainButton"));
  m_pauseButton = new QPushButton(tr("Pause"), setupHost);
  m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
  m_stopButton = new QPushButton(tr("Stop"), setupHost);
  m_stopButton->setObjectName(QStringLiteral("stopButton"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_trainButton);
  buttons->addWidget(m_pauseButton);
  buttons->addWidget(m_stopButton);
  setupLayout->addLayout(buttons);
  m_reason = new QLabel(setupHost);
  m_reason->setObjectName(QStringLiteral("trainDisabledReason"));
  m_reason->setWordWrap(true);
  m_reason->setStyleSheet(QStringLiteral("color: #b00020;"));
  setupLayout->addWidget(m_reason);
  m_progress = new QProgressBar(setupHost);
  m_progress->setObjectName(QStringLiteral("trainingProgress"));
  m_progress->setRange(0, 1000);
  m_progress->setValue(0);
  m_progressText = new QLabel(setupHost);
  m_progressText->setObjectName(QStringLiteral("progressText"));
  setupLayout->addWidget(m_progress);
  setupLayout->addWidget(m_progressText);
  setupDock->setWidget(setupHost);
  addDockWidget(Qt::LeftDockWidgetArea, setupDock);
  connect(m_trainButton, &QPushButton::clicked, this, &MainWindow::startTraining);
  connect(m_pauseButton, &QPushButton::clicked, this, &MainWindow::togglePause);
  connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stopTraining);

  auto* curvesDock = new QDockWidget(tr("Training curves"), this);
  curvesDock->setObjectName(QStringLiteral("curvesDock"));
  auto* curvesHost = new QWidget;
  auto* curvesLayout = new QVBoxLayout(curvesHost);
  curvesLayout->setContentsMargins(0, 0, 0, 0);
  curvesLayout->addWidget(m_loss, 1);
  auto* exportCurves = new QPushButton(tr("Export PNG…"), curvesHost);
  exportCurves->setObjectName(QStringLiteral("exportCurvesButton"));
  curvesLayout->addWidget(exportCurves, 0, Qt::AlignRight);
  curvesDock->setWidget(curvesHost);
  addDockWidget(Qt::BottomDockWidgetArea, curvesDock);
  connect(exportCurves, &QPushButton::clicked, this, [this] {
    exportPlot(m_loss->plot(), QStringLiteral("training_curves_step%1").arg(m_lastStep));
  });

  auto* dataDock = new QDockWidget(tr("Data"), this);
  dataDock->setObjectName(QStringLiteral("dataDock"));
  dataDock->setWidget(m_data);
  addDockWidget(Qt::BottomDockWidgetArea, dataDock);
  // Reload the preview when the data settings change (debounced: typing a
  // number should not start a load per digit).
  auto* debounce = new QTimer(this);
  debounce->setSingleShot(true);
  debounce->setInterval(400);
  connect(m_setup, &SetupPanel::changed, debounce, qOverload<>(&QTimer::start));
  connect(debounce, &QTimer::timeout, this, [this, dataDock] {
    const DataConfig data = m_setup->runConfig().data;
    const std::string key = to_json(RunConfig{{}, {}, {}, {}, data, {}, {}});
    if (key == m_previewedData || !dataDock->isVisible()) return;
    m_previewedData = key;
    m_data->load(data);
  });
  connect(dataDock, &QDockWidget::visibilityChanged, debounce, [debounce](bool visible) {
    if (visible) debounce->start();
  });

  auto* logDock = new QDockWidget(tr("Log"), this);
  logDock->setObjectName(QStringLiteral("logDock"));
  logDock->setWidget(m_log);
  addDockWidget(Qt::BottomDockWidgetArea, logDock);
  tabifyDockWidget(curvesDock, dataDock);
  tabifyDockWidget(dataDock, logDock);
  curvesDock->raise();
  resizeDocks({setupDock}, {360}, Qt::Horizontal);
  resizeDocks({curvesDock}, {320}, Qt::Vertical);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New run"), QKeySequence::New, this, [this] {
    if (m_controller->isRunning()) return;
    m_loss->clear();
    m_attention->clear();
    m_log->clear();
    m_progress->setValue(0);
    m_progressText->clear();
  });
  file->addAction(tr("&Open configuration…"), QKeySequence::Open, this, &MainWindow::openConfiguration);
  file->addAction(tr("&Save configuration…"), QKeySequence::Save, this, &MainWindow::saveConfiguration);
  file->addSeparator();
  file->addAction(tr("&Export figure…"), QKeySequence(tr("Ctrl+E")), this,
                  [this] { exportPlot(m_attention->plot(), m_attention->figureName()); });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  m_trainAction = run->addAction(tr("&Train"), QKeySequence(tr("Ctrl+Return")), this, &MainWindow::startTraining);
  m_pauseAction = run->addAction(tr("&Pause / Resume"), QKeySequence(tr("Ctrl+P")), this, &MainWindow::togglePause);
  m_stopAction = run->addAction(tr("&Stop"), QKeySequence(tr("Ctrl+.")), this, &MainWindow::stopTraining);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (auto* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
  view->addSeparator();
  view->addAction(tr("&Reset layout"), this, [this] {
    restoreState(m_defaultState);
    for (auto* dock : findChildren<QDockWidget*>()) dock->show();
  });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Attention Studio"), this, &MainWindow::showAbout);
}

void MainWindow::updateActions() {
  const bool running = m_controller->isRunning();
  const QString problem = m_setup->problem();
  const bool canTrain = !running && problem.isEmpty();
  m_trainButton->setEnabled(canTrain);
  m_trainAction->setEnabled(canTrain);
  m_trainButton->setToolTip(problem);
  m_reason->setText(running || problem.isEmpty() ? QString() : tr("Cannot train: %1").arg(problem));
  m_pauseButton->setEnabled(running);
  m_pauseAction->setEnabled(running);
  m_stopButton->setEnabled(running);
  m_stopAction->setEnabled(running);
  m_pauseButton->setText(m_controller->isPaused() ? tr("Resume") : tr("Pause"));
  m_setup->setEnabled(!running);
}

void MainWindow::startTraining() {
  if (m_controller->isRunning() || !m_setup->problem().isEmpty()) return;
  RunConfig config = m_setup->runConfig();
  config.runs_directory = m_runsDirectory.toStdString();
  m_pendingImplementations.clear();
  if (config.implementation == "both") {
    // The two implementations on the same data and seed, one after the other;
    // their curves overlay.
    config.implementation = "scratch";
    m_pendingImplementations.append(QStringLiteral("library"));
  }
  m_loss->clear();
  m_attention->clear();
  startRun(config, !m_pendingImplementations.isEmpty());
}

void MainWindow::startRun(const RunConfig& config, bool labelled) {
  TrainRequest request;
  request.config = config;
  const QString implementation = QString::fromStdString(config.implementation);
  m_loss->beginSeries(labelled ? implementation : QString());
  m_progress->setValue(0);
  m_progressText->setText(tr("preparing data…"));
  m_lastConfig = config;
  appendLog({tr("— training %1 on %2 —")
                 .arg(implementation, QString::fromStdString(config.data.use_corpus ? config.data.corpus.path
                                                                                     : config.data.task.name))});
  m_controller->start(request);
  updateActions();
}

void MainWindow::togglePause() {
  if (!m_controller->isRunning()) return;
  if (m_controller->isPaused()) m_controller->resume();
  else m_controller->pause();
  updateActions();
}

void MainWindow::stopTraining() {
  if (!m_controller->isRunning()) return;
  m_progressText->setText(tr("stopping after this step…"));
  m_controller->stop();
}

void MainWindow::onSteps(const QVector<attn::StepMetrics>& steps) {
  m_loss->addSteps(steps);
  const StepMetrics& last = steps.back();
  const double done = last.eta_seconds > 0 ? last.seconds / (last.seconds + last.eta_seconds) : 1.0;
  m_progress->setValue(int(1000 * done));
  m_progressText->setText(tr("epoch %1 · step %2 · loss %3 · %L4 tokens/s · ETA %5")
                              .arg(last.epoch)
                              .arg(last.step)
                              .arg(last.loss, 0, 'f', 4)
                              .arg(qRound(last.tokens_per_second))
                              .arg(duration(last.eta_seconds)));
  m_statusStep->setText(tr("epoch %1 · step %2").arg(last.epoch).arg(last.step));
  m_lastStep = last.step;
  m_statusSpeed->setText(tr("%L1 tokens/s").arg(qRound(last.tokens_per_second)));
}

void MainWindow::onEpoch(const attn::EpochMetrics& metrics) { m_loss->addEpoch(metrics); }

void MainWindow::onSnapshot(const attn::Snapshot& snapshot) {
  m_lastSnapshot = snapshot;
  m_attention->setSnapshot(snapshot);
}

void MainWindow::appendLog(const QStringList& lines) {
  for (const auto& line : lines) m_log->appendPlainText(line);
}

void MainWindow::onFinished(const attn::RunOutcome& outcome) {
  updateActions();
  const QString status = QString::fromStdString(to_string(outcome.status));
  const QString message = QString::fromStdString(outcome.message);
  m_progressText->setText(tr("%1 after %2 steps").arg(status).arg(outcome.steps));
  if (outcome.status == RunStatus::Finished) m_progress->setValue(1000);
  appendLog({tr("%1: %2").arg(status, message.isEmpty() ? tr("%1 steps").arg(outcome.steps) : message)});
  if (m_closeAfterStop) return;  // closeEvent is finishing the close
  if (outcome.status == RunStatus::Finished && !m_pendingImplementations.isEmpty()) {
    RunConfig next = m_lastConfig;
    next.implementation = m_pendingImplementations.takeFirst().toStdString();
    startRun(next, true);
    return;
  }
  m_pendingImplementations.clear();
  if (outcome.status == RunStatus::Failed) {
    QMessageBox box(QMessageBox::Warning, tr("Training failed"), message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("failureDialog"));
    box.exec();
  }
}

void MainWindow::exportPlot(QCustomPlot* plot, const QString& name) {
  const QString folder = m_runDirectory.isEmpty() ? QDir::homePath() : m_runDirectory + QStringLiteral("/visualizations");
  // <run>_<view>_..._step<N>.png: the run's name travels with a figure copied elsewhere.
  const QString run = m_runDirectory.isEmpty() ? QString() : QFileInfo(m_runDirectory).fileName() + QLatin1Char('_');
  ExportDialog dialog(folder + QLatin1Char('/') + run + name + QStringLiteral(".png"), this);
  if (dialog.exec() != QDialog::Accepted) return;
  const QString error = exportFigure(plot, dialog.path(), dialog.figureWidth(), dialog.figureHeight(), dialog.scale());
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export figure"), error);
  else statusBar()->showMessage(tr("Saved %1").arg(dialog.path()), 5000);
}

void MainWindow::saveConfiguration() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save configuration"), QString(), tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  QSaveFile file(path);  // written to a temporary name, then renamed
  if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::fromStdString(to_json(m_setup->runConfig()))) < 0 ||
      !file.commit()) {
    QMessageBox::warning(this, tr("Save configuration"), tr("%1: %2").arg(path, file.errorString()));
  }
}

void MainWindow::openConfiguration() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open configuration"), QString(), tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    QMessageBox::warning(this, tr("Open configuration"), tr("%1: %2").arg(path, file.errorString()));
    return;
  }
  std::string error;
  auto config = run_config_from_json(file.readAll().toStdString(), &error);
  if (!config) {
    QMessageBox::warning(this, tr("Open configuration"), tr("%1: %2").arg(path, QString::fromStdString(error)));
    return;
  }
  m_setup->setRunConfig(*config);
}

void MainWindow::restoreSettings() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  const QByteArray saved = settings.value(QStringLiteral("setup/config")).toByteArray();
  if (!saved.isEmpty()) {
    if (auto config = run_config_from_json(saved.toStdString(), nullptr)) m_setup->setRunConfig(*config);
  }
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("setup/config"), QByteArray::fromStdString(to_json(m_setup->runConfig())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_controller->isRunning()) {
    if (!m_closeAfterStop && m_askBeforeClosing) {
      const auto answer = QMessageBox::question(this, tr("Training is running"),
                                                tr("Stop training and close? The run keeps a checkpoint."));
      if (answer != QMessageBox::Yes) {
        event->ignore();
        return;
      }
    }
    m_closeAfterStop = true;
    m_controller->stopAndWait();
  }
  saveSettings();
  event->accept();
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Attention Studio"),
                     tr("<h3>Attention Studio %1</h3>"
                        "<p>Watch a Transformer from “Attention Is All You Need” learn.</p>"
                        "<p>Qt %2 · LibTorch %3<br>device: %4 · threads: %5</p>")
                         .arg(QString::fromStdString(app_version()), QString::fromLatin1(qVersion()),
                              QString::fromStdString(libtorch_version()), QString::fromStdString(device_description()))
                         .arg(torch_threads()));
}

}  // namespace attn::ui
