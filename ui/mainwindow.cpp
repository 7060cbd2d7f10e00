#include "mainwindow.h"

#include <qcustomplot.h>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWhatsThis>
#include <cmath>

#include "attentionview.h"
#include "attn/version.h"
#include "coretext.h"
#include "datasetpreview.h"
#include "dockhelp.h"
#include "elidedlabel.h"
#include "exportdialog.h"
#include "figures.h"
#include "inspectorpanel.h"
#include "language.h"
#include "lossplot.h"
#include "panelregistry.h"
#include "plothelpers.h"
#include "redrawpacer.h"
#include "runhistory.h"
#include "runsbrowser.h"
#include "runsummary.h"
#include "setuppanel.h"
#include "timeline.h"
#include "trainingcontroller.h"

namespace attn::ui {
namespace {

// The data settings as text: equal keys read the same data.
std::string dataKey(const DataConfig& data) {
  return to_json(RunConfig{{}, {}, {}, {}, data, {}, {}});
}

// Bumped when the docks' arrangement changes while their set stays the same
// (a change of the set changes the layout version by itself).
constexpr int kLayoutRevision = 5;  // 5: the panel registry

TrainRequest takeFirst(std::vector<TrainRequest>& requests) {
  TrainRequest first = requests.front();
  requests.erase(requests.begin());
  return first;
}

QString duration(double seconds) {
  const qint64 total = qint64(seconds + 0.5);
  if (total >= 3600)
    return QStringLiteral("%1h%2m")
        .arg(total / 3600)
        .arg((total / 60) % 60, 2, 10, QLatin1Char('0'));
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
      m_controller(new TrainingController(this)),
      m_history(new RunHistory(this)),
      m_compare(new RunHistory(this)),
      m_compareView(new AttentionView) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Attention Studio"));
  m_runsDirectory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                    QStringLiteral("/runs");
  // The attention view, and beside it another run's when comparing.
  auto* centre = new QSplitter(Qt::Horizontal, this);
  centre->setObjectName(QStringLiteral("attentionSplitter"));
  centre->addWidget(m_attention);
  centre->addWidget(m_compareView);
  m_compareView->setObjectName(QStringLiteral("comparisonView"));
  m_compareView->hide();
  m_compareView->setControlsVisible(false);  // it mirrors the main view's selection
  setCentralWidget(centre);
  connect(m_attention, &AttentionView::selectionChanged, m_compareView,
          [this] { m_compareView->select(m_attention->selection()); });
  m_log->setObjectName(QStringLiteral("logView"));
  m_log->setReadOnly(true);
  m_log->setMaximumBlockCount(20000);
  m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

  m_timeline = new Timeline(m_history, this);
  m_refreshTimer = new QTimer(this);
  m_refreshTimer->setSingleShot(true);
  // The next round waits as long as this one (with the repaint it caused)
  // needs to stay within its share of a processor.
  m_redrawPacer = new RedrawPacer(kFastestRedrawMs, kSlowestRedrawMs, kRedrawShare, this);
  buildDocks();
  connectPanels();
  buildMenus();
  auto* timelineBar = new QToolBar(tr("Timeline"), this);
  timelineBar->setObjectName(QStringLiteral("timelineBar"));
  timelineBar->setMovable(false);
  timelineBar->addWidget(m_timeline);
  addToolBar(Qt::BottomToolBarArea, timelineBar);

  m_statusDevice = new QLabel(this);
  m_statusStep = new QLabel(this);
  m_statusSpeed = new QLabel(this);
  m_statusRun = new ElidedLabel(this);
  statusBar()->addWidget(m_statusDevice);
  statusBar()->addWidget(m_statusStep);
  statusBar()->addWidget(m_statusSpeed);
  statusBar()->addPermanentWidget(m_statusRun, 1);
  m_statusDevice->setText(
      tr("device: %1 · threads: automatic").arg(QString::fromStdString(device_description())));

  connect(m_setup, &SetupPanel::changed, this, &MainWindow::updateActions);
  connect(m_controller, &TrainingController::runStarted, this,
          [this](const QString& directory, const QString& device) {
            m_runDirectory = directory;
            for (DockPanel* panel : m_panels) panel->runChanged(directory, true);
            m_history->setLiveDirectory(directory);
            m_statusRun->setFullText(directory);
            m_statusDevice->setText(tr("device: %1").arg(device));
            rememberRun(directory);
          });
  connect(m_controller, &TrainingController::vocabularyArrived, m_attention,
          &AttentionView::setVocabulary);
  connect(m_controller, &TrainingController::vocabularyArrived, m_history,
          &RunHistory::setVocabulary);
  connect(m_controller, &TrainingController::stepsArrived, this, &MainWindow::onSteps);
  connect(m_history, &RunHistory::appended, this, [this] {
    if (!m_refreshTimer->isActive())
      m_refreshTimer->start(m_controller->isRunning() ? m_redrawPacer->intervalMs()
                                                      : kFastestRedrawMs);
  });
  connect(m_history, &RunHistory::reset, this, [this] {
    // Panels learn the new shape (layers, tokens) before the timeline picks a moment.
    m_refreshTimer->stop();
    for (DockPanel* panel : m_panels) panel->historyReplaced();
    m_timeline->historyReset();
  });
  connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshAnalysis);
  connect(m_timeline, &Timeline::momentSelected, this, &MainWindow::showMoment);
  connect(m_controller, &TrainingController::epochArrived, this, &MainWindow::onEpoch);
  connect(m_controller, &TrainingController::snapshotArrived, this, &MainWindow::onSnapshot);
  connect(m_controller, &TrainingController::logArrived, this, &MainWindow::appendLog);
  connect(m_controller, &TrainingController::runFinished, this, &MainWindow::onFinished);

  connect(m_controller, &TrainingController::pausedChanged, this, &MainWindow::updateActions);

  // The Setup column runs the window's full height; the curves and the other
  // bottom docks share the width beside it.
  setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
  // The analysis docks and the Inspector run the full height on the right:
  // their small multiples and the stage view need it more than the curves.
  setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
  letShrink(this);
  m_defaultState = saveState(m_layoutVersion);
  restoreSettings();
  updateActions();
}

MainWindow::~MainWindow() {
  // The controller is a child: ~QObject would destroy it after this window's
  // members and child widgets are gone, and its wait for the training thread
  // delivers the worker's last queued events (steps, snapshots, "finished")
  // to whatever still listens. So the training ends here, while the window is
  // whole, with nothing of it listening any more.
  m_controller->disconnect();
  m_controller->stopAndWait();
}

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
  m_progressText->setWordWrap(true);
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
  auto* curvesRow = new QHBoxLayout;
  curvesRow->addWidget(helpButton(HelpTopic::Curves, m_loss, curvesHost));
  curvesRow->addStretch();
  curvesRow->addWidget(exportCurves);
  curvesLayout->addLayout(curvesRow);
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
  // A problem found in data the settings no longer name is not shown.
  connect(m_setup, &SetupPanel::changed, this, [this] {
    if (m_dataProblem.isEmpty() || dataKey(m_setup->runConfig().data) == m_previewedData) return;
    m_dataProblem.clear();
    updateActions();
  });
  // The data is read whether or not its dock is shown: a file that cannot be
  // used disables Train with the reason, and the vocabulary it gives sizes the
  // parameter count.
  connect(debounce, &QTimer::timeout, this, [this] {
    if (m_controller->isRunning()) return;
    const DataConfig data = m_setup->runConfig().data;
    const std::string key = dataKey(data);
    if (key == m_previewedData) return;
    m_previewedData = key;
    m_dataProblem.clear();
    m_setup->forgetMeasuredVocabulary();
    m_data->load(data);
    updateActions();
  });
  connect(m_data, &DatasetPreview::loaded, this, [this](bool ok) {
    m_dataProblem = ok ? QString() : m_data->errorText();
    updateActions();
  });
  connect(m_data, &DatasetPreview::vocabularyMeasured, this,
          [this](int source, int target, bool shared) {
            m_setup->setMeasuredVocabulary(source, target, shared);
          });
  debounce->start();

  auto* logDock = new QDockWidget(tr("Log"), this);
  logDock->setObjectName(QStringLiteral("logDock"));
  logDock->setWidget(m_log);
  addDockWidget(Qt::BottomDockWidgetArea, logDock);
  tabifyDockWidget(curvesDock, dataDock);
  tabifyDockWidget(dataDock, logDock);
  // The registry's docks: bottom ones tabbed with the curves, right ones
  // in the analysis column, running the window's full height.
  QDockWidget* previousBottom = logDock;
  QDockWidget* previousRight = nullptr;
  QDockWidget* first = nullptr;
  for (const PanelEntry& entry : panelRegistry()) {
    DockPanel* panel = entry.make(m_history);
    m_panels << panel;
    const QString key = QString::fromLatin1(entry.key);
    QDockWidget* dock =
        addPanelDock(panel, panelTitle(entry), key + QStringLiteral("Dock"), entry.area);
    QDockWidget*& previous =
        entry.area == Qt::BottomDockWidgetArea ? previousBottom : previousRight;
    if (previous) tabifyDockWidget(previous, dock);
    previous = dock;
    if (entry.area == Qt::RightDockWidgetArea && !first) first = dock;
  }
  m_layoutVersion = attn::ui::layoutVersion(dockKeys(), kLayoutRevision);
  curvesDock->raise();
  if (first) first->raise();
  // "What am I looking at", with the paper's sections, in every view.
  m_attention->addControl(helpButton(HelpTopic::Attention, m_attention, m_attention));
  if (first) resizeDocks({setupDock, first}, {360, 520}, Qt::Horizontal);
  resizeDocks({curvesDock}, {320}, Qt::Vertical);
}

void MainWindow::connectPanels() {
  PanelServices services;
  services.history = m_history;
  services.heatmap = m_attention;
  services.controller = m_controller;
  services.setup = [this] { return m_setup->runConfig(); };
  services.showHead = [this](AttentionKind kind, int layer, int head) {
    m_attention->select(kind, layer, head, m_attention->selection().example);
    m_compareView->select(m_attention->selection());  // the compared view follows
  };
  services.inspect = [this](const QString& text) {
    auto* inspector = this->panel<InspectorPanel>();
    if (!inspector) return;
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("inspectorDock"))) {
      dock->show();
      dock->raise();
    }
    inspector->inspect(text);
  };
  for (DockPanel* panel : m_panels) {
    connect(panel, &DockPanel::exportRequested, this,
            [this](QCustomPlot* plot, const QString& name) { exportPlot(plot, name); });
    panel->attach(services);
  }
}

QDockWidget* MainWindow::addPanelDock(QWidget* panel, const QString& title, const QString& name,
                                      Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(title, this);
  dock->setObjectName(name);
  dock->setWidget(panel);
  addDockWidget(area, dock);
  return dock;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New run"), QKeySequence::New, this, [this] {
    if (m_controller->isRunning()) return;
    m_loss->clear();
    m_attention->clear();
    m_history->clear();
    m_log->clear();
    m_progress->setValue(0);
    m_progressText->clear();
  });
  file->addAction(tr("Open &run…"), QKeySequence::Open, this, &MainWindow::chooseRunToOpen);
  file->addAction(tr("&Browse runs…"), QKeySequence(tr("Ctrl+Shift+B")), this,
                  [this] { browseRuns(); });
  m_recentMenu = file->addMenu(tr("Recent r&uns"));
  rebuildRecentMenu();
  file->addAction(tr("Co&mpare with run…"), this, &MainWindow::chooseRunToCompare);
  file->addAction(tr("Stop compa&ring"), this, &MainWindow::stopComparing);
  file->addSeparator();
  file->addAction(tr("Open &configuration…"), QKeySequence(tr("Ctrl+Shift+O")), this,
                  &MainWindow::openConfiguration);
  file->addAction(tr("&Save configuration…"), QKeySequence::Save, this,
                  &MainWindow::saveConfiguration);
  file->addSeparator();
  auto* exportFigureAction =
      file->addAction(tr("&Export figure…"), QKeySequence(tr("Ctrl+E")), this, [this] {
        if (hasSomethingToExport(tr("Export figure")))
          exportPlot(m_attention->plot(), m_attention->figureName(), m_attention->shownCsv());
      });
  exportFigureAction->setObjectName(QStringLiteral("exportFigureAction"));
  file->addAction(tr("Export &all figures…"), QKeySequence(tr("Ctrl+Shift+E")), this,
                  &MainWindow::chooseExportAll);
  file->addAction(tr("Write the &tutorial figures…"), this, &MainWindow::chooseTutorialFigures);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  m_trainAction = run->addAction(tr("&Train"), QKeySequence(tr("Ctrl+Return")), this,
                                 &MainWindow::startTraining);
  m_trainAction->setObjectName(QStringLiteral("trainAction"));
  m_pauseAction = run->addAction(tr("&Pause / Resume"), QKeySequence(tr("Ctrl+P")), this,
                                 &MainWindow::togglePause);
  m_stopAction =
      run->addAction(tr("&Stop"), QKeySequence(tr("Ctrl+.")), this, &MainWindow::stopTraining);

  QMenu* timeline = menuBar()->addMenu(tr("Ti&meline"));
  timeline->addAction(tr("&Previous moment"), QKeySequence(tr("Alt+Left")), m_timeline,
                      &Timeline::stepBack);
  timeline->addAction(tr("&Next moment"), QKeySequence(tr("Alt+Right")), m_timeline,
                      &Timeline::stepForward);
  timeline->addAction(tr("&First moment"), QKeySequence(tr("Alt+Home")), m_timeline,
                      [this] { m_timeline->select(0); });
  timeline->addAction(tr("&Last moment"), QKeySequence(tr("Alt+End")), m_timeline,
                      [this] { m_timeline->select(m_history->momentCount() - 1); });
  timeline->addAction(tr("Play / &pause"), QKeySequence(tr("Alt+P")), m_timeline,
                      &Timeline::togglePlay);
  timeline->addAction(tr("Follow &live"), QKeySequence(tr("Alt+L")), m_timeline,
                      [this] { m_timeline->setFollowing(true); });

  QMenu* view = menuBar()->addMenu(tr("&View"));
  for (auto* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());
  view->addSeparator();
  view->addAction(tr("&Reset layout"), this, [this] {
    restoreState(m_defaultState, m_layoutVersion);
    for (auto* dock : findChildren<QDockWidget*>()) dock->show();
  });
  view->addSeparator();
  // Each language under its own name, so a reader finds theirs whatever
  // language the window is in now.
  QMenu* language = view->addMenu(tr("&Language"));
  language->setObjectName(QStringLiteral("languageMenu"));
  auto* languages = new QActionGroup(language);
  for (const Language& entry : attn::ui::languages()) {
    QAction* choice = language->addAction(entry.nativeName);
    choice->setData(entry.code);
    choice->setCheckable(true);
    choice->setChecked(entry.code == installedLanguage());
    languages->addAction(choice);
    connect(choice, &QAction::triggered, this, [this, code = entry.code] {
      if (code == installedLanguage()) return;
      QString error;
      if (!installLanguage(code, &error)) {
        statusBar()->showMessage(error, 8000);
        return;
      }
      rememberLanguage(code);
      if (!m_controller->isRunning()) {
        // Every label is made again in the new language, nothing else changes.
        QTimer::singleShot(0, this, [this] { rebuildInCurrentLanguage(); });
        return;
      }
      m_rebuildWhenIdle = true;
      QMessageBox::information(this, tr("Language"),
                               tr("The window changes to this language when the training ends; "
                                  "new messages and dialogs use it now."));
    });
  }

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* whatsThis = QWhatsThis::createAction(this);
  whatsThis->setText(tr("&What am I looking at?"));
  help->addAction(whatsThis);
  help->addSeparator();
  help->addAction(tr("&About Attention Studio"), this, &MainWindow::showAbout);
}

// Why Train is disabled: the setup's first problem, else the data's (read in
// the background; empty while it is being read, the trainer checks it again).
// *fromSetup: whether it is the setup's, which the setup panel shows itself.
QString MainWindow::trainingProblem(bool* fromSetup) const {
  const QString setup = m_setup->problem();
  if (fromSetup) *fromSetup = !setup.isEmpty();
  if (!setup.isEmpty()) return setup;
  return m_dataProblem;
}

void MainWindow::updateActions() {
  const bool running = m_controller->isRunning();
  bool setupProblem = false;
  const QString problem = trainingProblem(&setupProblem);
  const bool canTrain = !running && problem.isEmpty();
  m_trainButton->setEnabled(canTrain);
  m_trainAction->setEnabled(canTrain);
  m_trainButton->setToolTip(problem);
  // The setup shows its own problem just above; saying it again here would
  // take a laptop screen's lines for nothing.
  m_reason->setText(running || problem.isEmpty() ? QString()
                    : setupProblem               ? tr("Cannot train: fix the setup above")
                                                 : tr("Cannot train: %1").arg(problem));
  m_pauseButton->setEnabled(running);
  m_pauseAction->setEnabled(running);
  m_stopButton->setEnabled(running);
  m_stopAction->setEnabled(running);
  m_pauseButton->setText(m_controller->isPaused() ? tr("Resume") : tr("Pause"));
  m_setup->setEnabled(!running);
}

void MainWindow::startTraining() {
  if (m_controller->isRunning() || !trainingProblem().isEmpty()) return;
  RunConfig config = m_setup->runConfig();
  config.runs_directory = m_runsDirectory.toStdString();
  TrainRequest request;
  request.config = config;
  request.world.size = m_setup->processes();
  // "Both": the two implementations on the same data and seed, one after the
  // other; their curves overlay.
  m_pendingRuns = runs_of(request);
  const bool labelled = m_pendingRuns.size() > 1;
  m_loss->clear();
  m_attention->clear();
  m_history->clear();
  stopComparing();
  startRun(takeFirst(m_pendingRuns), labelled);
}

void MainWindow::startRun(const TrainRequest& request, bool labelled) {
  const RunConfig& config = request.config;
  const QString implementation = QString::fromStdString(to_string(config.implementation));
  m_loss->beginSeries(labelled ? implementation : QString());
  m_loss->setRedrawDeferred(true);  // drawn with the docks, paced
  m_redrawPacer->restart();
  // The second implementation of "both" keeps the first one's curves.
  m_history->beginLive(QString(), implementation, /*keepCurves=*/labelled);
  m_timeline->setFollowing(true);
  m_progress->setValue(0);
  m_progressText->setText(tr("preparing data…"));
  appendLog({tr("— training %1 on %2 —")
                 .arg(implementation,
                      QString::fromStdString(config.data.use_corpus ? config.data.corpus.path
                                                                    : config.data.task.name))});
  m_controller->start(request);
  updateActions();
}

void MainWindow::togglePause() {
  if (!m_controller->isRunning()) return;
  if (m_controller->isPaused()) {
    m_controller->resume();
  } else {
    m_controller->pause();
    showPaused();
  }
  updateActions();
}

void MainWindow::showPaused() {
  // No speed or ETA while nothing runs: they would describe the last step.
  m_progressText->setText(tr("paused at step %1").arg(m_lastStep));
  m_statusSpeed->setText(tr("paused"));
}

void MainWindow::stopTraining() {
  if (!m_controller->isRunning()) return;
  m_progressText->setText(tr("stopping after this step…"));
  m_controller->stop();
}

void MainWindow::onSteps(const QVector<attn::StepMetrics>& steps) {
  m_loss->addSteps(steps);
  m_history->addSteps(steps);
  const StepMetrics& last = steps.back();
  // Steps done of the steps planned: never goes back, unlike elapsed / (elapsed + ETA).
  const double done =
      last.planned_steps > 0 ? std::min(1.0, double(last.step) / last.planned_steps) : 1.0;
  m_progress->setValue(int(1000 * done));
  m_progressText->setText(tr("epoch %1 · step %2 · loss %3 · %L4 tokens/s · ETA %5")
                              .arg(last.epoch)
                              .arg(last.step)
                              .arg(last.loss, 0, 'f', 4)
                              .arg(qRound(last.tokens_per_second))
                              .arg(duration(last.eta_seconds)));
  m_statusStep->setText(tr("epoch %1 · step %2").arg(last.epoch).arg(last.step));
  m_lastStep = last.step;
  m_statusSpeed->setText(
      last.threads == 1
          ? tr("%L1 tokens/s · 1 thread").arg(qRound(last.tokens_per_second))
          : tr("%L1 tokens/s · %L2 threads").arg(qRound(last.tokens_per_second)).arg(last.threads));
  if (m_controller->isPaused()) showPaused();  // steps queued before the pause took hold
}

void MainWindow::onEpoch(const attn::EpochMetrics& metrics) {
  m_loss->addEpoch(metrics);
  m_history->addEpoch(metrics);
}

void MainWindow::onSnapshot(const attn::Snapshot& snapshot) {
  m_lastSnapshot = snapshot;
  m_history->addSnapshot(snapshot);
}

void MainWindow::refreshAnalysis() {
  m_refreshTimer->stop();
  if (m_controller->isRunning()) m_redrawPacer->beginRound();
  m_loss->redraw();
  for (DockPanel* panel : m_panels) panel->historyChanged();
  m_timeline->historyChanged();
}

void MainWindow::showMoment(int index) {
  QString error;
  std::shared_ptr<const Snapshot> snapshot;
  if (index >= 0) {
    snapshot = m_history->snapshot(index, &error);
    if (!snapshot) statusBar()->showMessage(tr("Cannot show this moment: %1").arg(error), 8000);
  }
  if (snapshot) m_attention->setSnapshot(*snapshot);
  if (!m_compareView->isHidden() && index >= 0) {
    // The other run at the same step (its latest moment at or before it).
    const int other = m_compare->momentAtStep(m_history->moments()[index].step);
    auto compared = other >= 0 ? m_compare->snapshot(other) : nullptr;
    if (compared) {
      m_compareView->setSnapshot(*compared);
      m_compareView->select(m_attention->selection());
    }
    m_attention->setComparedSnapshot(compared.get());  // for "− compared run"
  }
  for (DockPanel* panel : m_panels) panel->setMoment(index, snapshot);
  m_loss->setCursorStep(index >= 0 ? double(m_history->moments()[index].step) : std::nan(""));
}

QString MainWindow::openRun(const QString& directory, bool quiet) {
  QString error;
  if (m_controller->isRunning()) {
    error = tr("Stop the training first: a run is in progress");
  } else if (m_history->open(directory, &error)) {
    m_runDirectory = m_history->directory();
    for (DockPanel* panel : m_panels) panel->runChanged(m_runDirectory, false);
    m_statusRun->setFullText(m_runDirectory);
    stopComparing();
    m_attention->setVocabulary(m_history->sourcePieces(), m_history->targetPieces());
    m_loss->showHistory(*m_history);
    showMoment(m_timeline->current());  // again, now with the run's tokens and curves
    // Train again from here: the setup shows the run's configuration.
    if (auto parsed = run_config_from_json(m_history->configJson().toStdString(), nullptr,
                                           UnknownFields::Ignore))
      m_setup->setRunConfig(*parsed);
    const auto& steps = m_history->steps();
    m_progressText->setText(tr("%1 run: %2 steps, %3 captured moments")
                                .arg(statusText(m_history->status()))
                                .arg(steps.isEmpty() ? 0 : steps.back().step)
                                .arg(m_history->momentCount()));
    m_progress->setValue(m_history->status() == QStringLiteral("finished") ? 1000 : 0);
    // The previous run's speed and step do not describe this one.
    m_statusSpeed->clear();
    m_statusStep->setText(tr("%1 steps").arg(steps.isEmpty() ? 0 : steps.back().step));
    appendLog({tr("— opened %1 —").arg(m_runDirectory)});
    QFile log(QDir(m_runDirectory).filePath(QStringLiteral("logs/train.log")));
    if (log.open(QIODevice::ReadOnly | QIODevice::Text)) {
      appendLog(QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts));
    }
    reportSkippedMoments(*m_history);
    rememberRun(m_runDirectory);
    return {};
  }
  if (!quiet) {
    QMessageBox box(QMessageBox::Warning, tr("Open run"), error, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("openRunError"));
    box.exec();
  }
  return error;
}

QString MainWindow::compareWith(const QString& directory, bool quiet, bool addCurves) {
  QString error;
  if (addCurves && m_controller->isRunning()) {
    error = tr("Stop the training first: a run is in progress");
  } else if (m_compare->open(directory, &error)) {
    reportSkippedMoments(*m_compare);
    m_compareView->clear();
    m_compareView->setVocabulary(m_compare->sourcePieces(), m_compare->targetPieces());
    m_compareView->show();
    if (addCurves)
      m_loss->addHistory(*m_compare,
                         tr("%1 (%2)").arg(m_compare->implementation(), m_compare->runName()));
    updateCaptions();
    showMoment(m_timeline->current());
    return {};
  }
  if (!quiet) QMessageBox::warning(this, tr("Compare with run"), error);
  return error;
}

void MainWindow::stopComparing() {
  m_compare->clear();
  m_compareView->clear();
  m_attention->setComparedSnapshot(nullptr);
  m_compareView->hide();
  m_compareView->setControlsVisible(false);  // it mirrors the main view's selection
  // The other run's curves leave the plot and its legend too (a live run's
  // curves are only ever its own).
  if (!m_controller->isRunning()) m_loss->showHistory(*m_history);
  updateCaptions();
}

void MainWindow::updateCaptions() {
  const bool comparing = !m_compareView->isHidden();
  m_attention->setCaption(comparing ? m_history->implementation() : QString());
  QString other = m_compare->implementation();
  if (other == m_history->implementation()) other = m_compare->runName();
  m_compareView->setCaption(other);
}

void MainWindow::chooseRunToCompare() {
  const QString directory =
      QFileDialog::getExistingDirectory(this, tr("Compare with run directory"), m_runsDirectory);
  if (!directory.isEmpty()) compareWith(directory);
}

void MainWindow::chooseRunToOpen() {
  const QString directory =
      QFileDialog::getExistingDirectory(this, tr("Open run directory"), m_runsDirectory);
  if (!directory.isEmpty()) openRun(directory);
}

RunsBrowser* MainWindow::browseRuns(bool modal) {
  // The open run, the one training and the compared one stay.
  QStringList busy = {m_runDirectory, m_history->directory()};
  if (m_compare) busy << m_compare->directory();
  auto* browser = new RunsBrowser(m_runsDirectory, busy, this);
  browser->setAttribute(Qt::WA_DeleteOnClose);
  connect(browser, &RunsBrowser::openRequested, this, [this, browser](const QString& run) {
    if (openRun(run).isEmpty()) browser->accept();
  });
  connect(browser, &RunsBrowser::compareRequested, this, [this, browser](const QString& run) {
    if (compareWith(run).isEmpty()) browser->accept();
  });
  if (modal) {
    browser->open();
  }
  return browser;
}

void MainWindow::rememberRun(const QString& directory) {
  if (directory.isEmpty()) return;
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("runs/recent")).toStringList();
  recent.removeAll(directory);
  recent.prepend(directory);
  while (recent.size() > 10) recent.removeLast();
  settings.setValue(QStringLiteral("runs/recent"), recent);
  rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
  if (!m_recentMenu) return;
  m_recentMenu->clear();
  const QStringList recent = QSettings().value(QStringLiteral("runs/recent")).toStringList();
  for (int i = 0; i < recent.size(); ++i) {
    const QString directory = recent[i];
    QAction* action = m_recentMenu->addAction(
        tr("&%1 %2 — %3")
            .arg((i + 1) % 10)
            .arg(QFileInfo(directory).fileName(), shortDescription(readRunSummary(directory))),
        this, [this, directory] { openRun(directory); });
    action->setToolTip(directory);
    action->setStatusTip(directory);
  }
  m_recentMenu->setEnabled(!recent.isEmpty());
}

QStringList MainWindow::exportAllFigures(const QString& folder, const FigureOptions& options,
                                         QString* error) {
  QStringList written;
  auto note = [&](const QString& problem) {
    if (!problem.isEmpty() && error)
      *error += (error->isEmpty() ? QString() : QStringLiteral("\n")) + problem;
  };
  const QDir dir(folder);
  note(saveFigure(m_attention->plot(), dir.filePath(m_attention->figureName()), options, &written));
  // The attention's numbers beside its picture, for a notebook.
  note(saveTable(dir.filePath(m_attention->figureName() + QStringLiteral(".csv")),
                 m_attention->shownCsv(), &written));
  note(saveFigure(m_loss->plot(), dir.filePath(QStringLiteral("training_curves")), options,
                  &written));
  for (DockPanel* panel : m_panels) note(panel->exportFigures(folder, options, &written));
  return written;
}

bool MainWindow::hasSomethingToExport(const QString& title) {
  if (m_history->momentCount() > 0 || !m_history->steps().isEmpty()) return true;
  // An empty heatmap written into the last run's folder helps nobody.
  QMessageBox::information(this, title, tr("Nothing to export yet: train or open a run first."));
  return false;
}

void MainWindow::chooseExportAll() {
  if (!hasSomethingToExport(tr("Export all figures"))) return;
  const QString folder = m_runDirectory.isEmpty()
                             ? QDir::homePath()
                             : m_runDirectory + QStringLiteral("/visualizations");
  ExportDialog dialog(folder, this, ExportDialog::Mode::Folder);
  if (dialog.exec() != QDialog::Accepted) return;
  QString error;
  const QStringList written = exportAllFigures(dialog.path(), dialog.options(), &error);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Export all figures"), error);
  statusBar()->showMessage(tr("Saved %1 figures in %2").arg(written.size()).arg(dialog.path()),
                           8000);
}

void MainWindow::chooseTutorialFigures() {
  if (!hasSomethingToExport(tr("Tutorial figures"))) return;
  const QString folder = m_runDirectory.isEmpty()
                             ? QDir::homePath()
                             : m_runDirectory + QStringLiteral("/visualizations");
  ExportDialog dialog(folder, this, ExportDialog::Mode::Folder);
  dialog.setWindowTitle(tr("Write the tutorial figures"));
  dialog.askForEpochs();
  if (dialog.exec() != QDialog::Accepted) return;
  // attention_evolution shows what the heatmap shows now.
  FigureOptions options = dialog.options();
  const auto selection = m_attention->selection();
  options.evolutionKind = selection.kind;
  options.evolutionLayer = selection.layer;
  options.evolutionHead = selection.head >= 0 ? selection.head : -1;  // mean/max: all heads
  options.evolutionExample = selection.example;
  QString error;
  const QStringList written = writeTutorialFigures(*m_history, dialog.path(), options, &error);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Tutorial figures"), error);
  statusBar()->showMessage(tr("Saved %1 figures in %2").arg(written.size()).arg(dialog.path()),
                           8000);
}

void MainWindow::reportSkippedMoments(const RunHistory& history) {
  const QStringList skipped = history.skippedMoments();
  if (skipped.isEmpty()) return;
  appendLog(skipped);
  statusBar()->showMessage(
      tr("%n damaged moment(s) of %1 left out of the timeline; the log says which", nullptr,
         int(skipped.size()))
          .arg(history.runName()),
      15000);
}

void MainWindow::appendLog(const QStringList& lines) {
  for (const auto& line : lines) m_log->appendPlainText(line);
}

void MainWindow::onFinished(const attn::RunOutcome& outcome) {
  refreshAnalysis();  // the last arrivals, now rather than at the next tick
  m_loss->setRedrawDeferred(false);
  for (DockPanel* panel : m_panels) panel->runChanged(m_runDirectory, false);
  updateActions();
  const QString status = statusText(QString::fromStdString(to_string(outcome.status)));
  const QString message = translated(outcome.message);
  m_progressText->setText(tr("%1 after %2 steps").arg(status).arg(outcome.steps));
  if (outcome.status == RunStatus::Finished) m_progress->setValue(1000);
  appendLog(
      {tr("%1: %2").arg(status, message.isEmpty() ? tr("%1 steps").arg(outcome.steps) : message)});
  if (m_closeAfterStop) return;  // closed during training: no dialogs, no next run
  if (outcome.status == RunStatus::Finished && !m_pendingRuns.empty()) {
    const QString first = m_runDirectory;
    startRun(takeFirst(m_pendingRuns), true);
    // The finished implementation beside the one now training (curves are overlaid already).
    if (!first.isEmpty()) compareWith(first, /*quiet=*/true, /*addCurves=*/false);
    return;
  }
  m_pendingRuns.clear();
  if (outcome.status == RunStatus::Failed) {
    QMessageBox box(QMessageBox::Warning, tr("Training failed"), message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("failureDialog"));
    box.exec();
  }
  // A language chosen while training: now the window can be made again.
  if (m_rebuildWhenIdle) QTimer::singleShot(0, this, [this] { rebuildInCurrentLanguage(); });
}

void MainWindow::exportPlot(QCustomPlot* plot, const QString& name, const QString& csv) {
  const QString folder = m_runDirectory.isEmpty()
                             ? QDir::homePath()
                             : m_runDirectory + QStringLiteral("/visualizations");
  // <run>_<view>_..._step<N>.png: the run's name travels with a figure copied elsewhere.
  const QString run = m_runDirectory.isEmpty()
                          ? QString()
                          : QFileInfo(m_runDirectory).fileName() + QLatin1Char('_');
  ExportDialog dialog(folder + QLatin1Char('/') + run + name + QStringLiteral(".png"), this);
  if (dialog.exec() != QDialog::Accepted) return;
  QString error = exportFigure(plot, dialog.path(), dialog.figureWidth(), dialog.figureHeight(),
                               dialog.scale());
  // The numbers drawn, beside the figure with the same name and .csv.
  const QFileInfo figure(dialog.path());
  const QString table = figure.dir().filePath(figure.completeBaseName() + QStringLiteral(".csv"));
  if (error.isEmpty() && !csv.isEmpty()) error = saveTable(table, csv, nullptr);
  if (!error.isEmpty())
    QMessageBox::warning(this, tr("Export figure"), error);
  else if (csv.isEmpty())
    statusBar()->showMessage(tr("Saved %1").arg(dialog.path()), 5000);
  else
    statusBar()->showMessage(tr("Saved %1 and its numbers in %2").arg(dialog.path(), table), 5000);
}

void MainWindow::saveConfiguration() {
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Save configuration"), QString(), tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  QSaveFile file(path);  // written to a temporary name, then renamed
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(QByteArray::fromStdString(to_json(m_setup->runConfig()))) < 0 || !file.commit()) {
    QMessageBox::warning(this, tr("Save configuration"),
                         tr("%1: %2").arg(path, file.errorString()));
  }
}

void MainWindow::openConfiguration() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open configuration"), QString(), tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  const QString error = loadConfiguration(path);
  if (!error.isEmpty()) QMessageBox::warning(this, tr("Open configuration"), error);
}

QString MainWindow::loadConfiguration(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return tr("%1: %2").arg(path, file.errorString());
  std::string error;
  auto config = run_config_from_json(file.readAll().toStdString(), &error);
  if (!config) return tr("%1: %2").arg(path, QString::fromStdString(error));
  m_setup->setRunConfig(*config);
  return {};
}

void MainWindow::restoreSettings() {
  QSettings settings;
  if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
    // First start: a roomy window, but never larger than the screen (a
    // 1366×768 laptop, or 2560×1440 at scale 2, is 1280×720 here).
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1500, 950);
    resize(std::min(1500, available.width() * 9 / 10), std::min(950, available.height() * 9 / 10));
  }
  // A layout saved by a version with other docks is ignored, not half-applied.
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), m_layoutVersion);
  const QByteArray saved = settings.value(QStringLiteral("setup/config")).toByteArray();
  if (!saved.isEmpty()) {
    if (auto config = run_config_from_json(saved.toStdString(), nullptr, UnknownFields::Ignore))
      m_setup->setRunConfig(*config);
  }
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState(m_layoutVersion));
  settings.setValue(QStringLiteral("setup/config"),
                    QByteArray::fromStdString(to_json(m_setup->runConfig())));
}

MainWindow* MainWindow::rebuildInCurrentLanguage() {
  if (m_controller->isRunning()) return nullptr;
  m_rebuildWhenIdle = false;
  // Size, docks and setup travel through the settings, as between two starts.
  saveSettings();
  auto* next = new MainWindow;
  next->setAttribute(Qt::WA_DeleteOnClose);
  next->setRunsDirectory(m_runsDirectory);
  next->setAskBeforeClosing(m_askBeforeClosing);
  const int moment = m_timeline->current();
  const bool following = m_timeline->following();
  if (!m_runDirectory.isEmpty() && next->openRun(m_runDirectory, /*quiet=*/true).isEmpty()) {
    if (!m_compare->directory().isEmpty())
      next->compareWith(m_compare->directory(), /*quiet=*/true);
    if (!following && moment >= 0) next->m_timeline->select(moment);
  }
  // The Inspector reads the same sentence with the same model again.
  auto* inspector = panel<InspectorPanel>();
  auto* nextInspector = next->panel<InspectorPanel>();
  if (inspector && nextInspector && !inspector->inspectedText().isEmpty()) {
    nextInspector->setSource(inspector->source());
    nextInspector->inspect(inspector->inspectedText());
  }
  next->show();
  setAttribute(Qt::WA_DeleteOnClose);
  close();
  return next;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_controller->isRunning()) {
    if (!m_closeAfterStop && m_askBeforeClosing) {
      const auto answer =
          QMessageBox::question(this, tr("Training is running"),
                                tr("Stop training and close? The run keeps a checkpoint."));
      if (answer != QMessageBox::Yes) {
        event->ignore();
        return;
      }
    }
    // The window closes at once and the engine is asked to stop: it stops at
    // its next step (or decoding step, in an evaluation) and writes its
    // checkpoint on its own thread. Waiting for that here would leave an
    // unpainted window on screen; the window's destructor waits instead, once
    // it is hidden.
    m_closeAfterStop = true;
    m_controller->stop();
  }
  saveSettings();
  event->accept();
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About Attention Studio"),
      tr("<h3>Attention Studio %1</h3>"
         "<p>Watch a Transformer from “Attention Is All You Need” learn.</p>"
         "<p>Qt %2 · LibTorch %3<br>device: %4 · %5</p>")
          .arg(QString::fromStdString(app_version()), QString::fromLatin1(qVersion()),
               QString::fromStdString(libtorch_version()),
               QString::fromStdString(device_description()),
               tr("threads: automatic, up to %1 of this machine's processors (measured while "
                  "training; the status bar shows the count in use)")
                   .arg(usable_processors())));
}

}  // namespace attn::ui
