#include "mainwindow.h"

#include <qcustomplot.h>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>

#include "attentionview.h"
#include "datasetpreview.h"
#include "docklayout.h"
#include "figureexport.h"
#include "inspectorpanel.h"
#include "logview.h"
#include "lossplot.h"
#include "mainmenus.h"
#include "panelregistry.h"
#include "plothelpers.h"
#include "redrawpacer.h"
#include "runcomparison.h"
#include "runhistory.h"
#include "runlifecycle.h"
#include "runsbrowser.h"
#include "runstatusbar.h"
#include "runsummary.h"
#include "setupcolumn.h"
#include "setuppanel.h"
#include "timeline.h"
#include "trainingcontroller.h"
#include "windowgeometry.h"
#include "windowrebuild.h"

namespace attn::ui {
namespace {

// Bumped when the docks' arrangement changes while their set stays the same
// (a change of the set changes the layout version by itself).
constexpr int kLayoutRevision = 6;  // 6: tabs down the right edge, alignment below

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_setup(new SetupPanel),
      m_attention(new AttentionView),
      m_loss(new LossPlot),
      m_data(new DatasetPreview),
      m_log(new LogView),
      m_controller(new TrainingController(this)),
      m_history(new RunHistory(this)),
      m_column(new SetupColumn(m_setup, m_data)),
      m_docks(new DockLayout(this)) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Attention Studio"));
  m_runsDirectory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                    QStringLiteral("/runs");
  // The attention view, and with it another run's when comparing.
  m_comparison = new RunComparison(m_attention, m_history, this);
  setCentralWidget(m_comparison->widget());

  m_timeline = new Timeline(m_history, this);
  // The next round waits as long as this one (with the repaint it caused)
  // needs to stay within its share of a processor.
  m_redrawPacer = new RedrawPacer(kFastestRedrawMs, kSlowestRedrawMs, kRedrawShare, this);
  m_export = new FigureExport(this, m_history);
  connect(m_export, &FigureExport::saved, this, &MainWindow::say);
  buildDocks();
  m_status = new RunStatusBar(statusBar());
  m_lifecycle =
      new RunLifecycle(m_controller, m_history, m_loss,
                       RunLifecycle::Display{m_column->progress(), m_column->progressText(),
                                             m_status->step(), m_status->speed(), this},
                       this);
  connectLifecycle();
  connectPanels();
  m_menus = new MainMenus(this);
  addToolBar(Qt::BottomToolBarArea, m_timeline->toolBar(this));

  connect(m_column, &SetupColumn::problemChanged, this, &MainWindow::updateActions);
  connect(m_column, &SetupColumn::trainClicked, this, &MainWindow::startTraining);
  connect(m_column, &SetupColumn::pauseClicked, this, &MainWindow::togglePause);
  connect(m_column, &SetupColumn::stopClicked, this, &MainWindow::stopTraining);
  connect(m_history, &RunHistory::appended, this,
          [this] { m_redrawPacer->request(m_lifecycle->isRunning()); });
  connect(m_history, &RunHistory::reset, this, [this] {
    // Panels learn the new shape (layers, tokens) before the timeline picks a moment.
    m_redrawPacer->cancel();
    for (DockPanel* panel : m_panels) panel->historyReplaced();
    m_timeline->historyReset();
  });
  connect(m_redrawPacer, &RedrawPacer::due, this, &MainWindow::refreshAnalysis);
  connect(m_timeline, &Timeline::momentSelected, this, &MainWindow::showMoment);

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

const Snapshot& MainWindow::lastSnapshot() const { return m_lifecycle->lastSnapshot(); }

void MainWindow::buildDocks() {
  QDockWidget* setupDock = m_docks->add(m_column, tr("Setup"), tr("Setup"),
                                        QStringLiteral("setupDock"), Qt::LeftDockWidgetArea);
  QDockWidget* curvesDock = m_docks->add(m_loss, tr("Training curves"), tr("Training curves"),
                                         QStringLiteral("curvesDock"), Qt::BottomDockWidgetArea);
  connect(m_loss, &LossPlot::exportRequested, this, [this] {
    m_export->exportPlot(m_loss->plot(),
                         QStringLiteral("training_curves_step%1").arg(m_lifecycle->lastStep()));
  });
  m_docks->add(m_data, tr("Data"), tr("Data"), QStringLiteral("dataDock"),
               Qt::BottomDockWidgetArea);
  m_docks->add(m_log, tr("Log"), tr("Log"), QStringLiteral("logDock"), Qt::BottomDockWidgetArea);
  // The registry's docks: bottom ones tabbed with the curves, right ones
  // down the analysis column, running the window's full height.
  QDockWidget* firstRight = nullptr;
  for (const PanelEntry& entry : panelRegistry()) {
    DockPanel* panel = entry.make(m_history);
    m_panels << panel;
    QDockWidget* dock =
        m_docks->add(panel, panelTitle(entry), panelShortTitle(entry),
                     QString::fromLatin1(entry.key) + QStringLiteral("Dock"), entry.area);
    if (entry.area == Qt::RightDockWidgetArea && !firstRight) firstRight = dock;
  }
  m_layoutVersion = attn::ui::layoutVersion(dockKeys(), kLayoutRevision);
  curvesDock->raise();
  firstRight->raise();
  resizeDocks({setupDock, firstRight}, {360, 520}, Qt::Horizontal);
  resizeDocks({curvesDock}, {320}, Qt::Vertical);
}

void MainWindow::connectLifecycle() {
  connect(m_lifecycle, &RunLifecycle::stateChanged, this, &MainWindow::updateActions);
  connect(m_lifecycle, &RunLifecycle::logLines, this, &MainWindow::appendLog);
  connect(m_controller, &TrainingController::vocabularyArrived, m_attention,
          &AttentionView::setVocabulary);
  connect(m_lifecycle, &RunLifecycle::runBeginning, this, [this](bool first) {
    if (first) {
      m_attention->clear();
      stopComparing();
    }
    m_redrawPacer->restart();
    m_timeline->setFollowing(true);
  });
  connect(m_lifecycle, &RunLifecycle::runStarted, this,
          [this](const QString& directory, const QString& device) {
            m_runDirectory = directory;
            m_export->setRunDirectory(directory);
            for (DockPanel* panel : m_panels) panel->runChanged(directory, true);
            m_status->setRunDirectory(directory);
            m_status->setDevice(device);
            m_menus->rememberRun(directory);
          });
  connect(m_lifecycle, &RunLifecycle::runEnded, this, [this](const RunOutcome&, bool more) {
    refreshAnalysis();  // the last arrivals, now rather than at the next tick
    for (DockPanel* panel : m_panels) panel->runChanged(m_runDirectory, false);
    // A language chosen while training: now the window can be made again.
    if (!more && m_rebuildWhenIdle)
      QTimer::singleShot(0, this, [this] { rebuildInCurrentLanguage(); });
  });
  // The finished implementation of "both" beside the one now training (the
  // curves are overlaid already).
  connect(m_lifecycle, &RunLifecycle::secondRunStarted, this, [this](const QString& first) {
    compareWith(first, /*quiet=*/true, /*addCurves=*/false);
  });
}

void MainWindow::connectPanels() {
  PanelServices services;
  services.history = m_history;
  services.heatmap = m_attention;
  services.controller = m_controller;
  services.setup = [this] { return m_setup->runConfig(); };
  services.showHead = [this](AttentionKind kind, int layer, int head) {
    m_attention->select(kind, layer, head, m_attention->selection().example);
    m_comparison->view()->select(m_attention->selection());  // the compared view follows
  };
  services.inspect = [this](const QString& text) {
    focusInspector();
    if (auto* inspector = panel<InspectorPanel>()) inspector->inspect(text);
  };
  for (DockPanel* panel : m_panels) {
    connect(panel, &DockPanel::exportRequested, this,
            [this](QCustomPlot* plot, const QString& name) { m_export->exportPlot(plot, name); });
    panel->attach(services);
  }
}

void MainWindow::updateActions() {
  const bool running = m_lifecycle->isRunning();
  m_column->showState(running, m_lifecycle->isPaused());
  m_column->setDataReadable(!running);
  m_menus->showState(running, m_column->trainingProblem().isEmpty());
}

void MainWindow::startTraining() {
  if (m_lifecycle->isRunning() || !m_column->trainingProblem().isEmpty()) return;
  TrainRequest request;
  request.config = m_setup->runConfig();
  request.config.runs_directory = m_runsDirectory.toStdString();
  request.world.size = m_setup->processes();
  m_lifecycle->start(request);
}

void MainWindow::continueRun(const QString& directory) {
  if (m_lifecycle->isRunning() || directory.isEmpty()) return;
  TrainRequest request;
  request.resume_directory = directory.toStdString();
  request.world.size = m_setup->processes();
  // The setup shows the opened run's configuration: more epochs there train on.
  const int epochs = m_setup->runConfig().train.epochs;
  const RunSummary summary = readRunSummary(directory);
  if (epochs > summary.epochs) request.resume_epochs = epochs;
  m_lifecycle->start(request);
}

void MainWindow::togglePause() { m_lifecycle->togglePause(); }

void MainWindow::stopTraining() { m_lifecycle->stop(); }

void MainWindow::refreshAnalysis() {
  m_redrawPacer->cancel();
  if (m_lifecycle->isRunning()) m_redrawPacer->beginRound();
  m_loss->redraw();
  for (DockPanel* panel : m_panels) panel->historyChanged();
  m_timeline->historyChanged();
}

void MainWindow::showMoment(int index) {
  QString error;
  std::shared_ptr<const Snapshot> snapshot;
  if (index >= 0) {
    snapshot = m_history->snapshot(index, &error);
    if (!snapshot) say(tr("Cannot show this moment: %1").arg(error));
  }
  if (snapshot) m_attention->setSnapshot(*snapshot);
  if (index >= 0) m_comparison->showStep(m_history->moments()[index].step);
  for (DockPanel* panel : m_panels) panel->setMoment(index, snapshot);
  m_loss->setCursorStep(index >= 0 ? double(m_history->moments()[index].step) : std::nan(""));
}

QStringList MainWindow::exportAllFigures(const QString& folder, const FigureOptions& options,
                                         QString* error) {
  return writeWindowFigures(m_attention, m_loss, m_panels, folder, options, error);
}

void MainWindow::appendLog(const QStringList& lines) { m_log->append(lines); }

void MainWindow::say(const QString& message) {
  statusBar()->showMessage(message, 10000);
  appendLog({message});
}

void MainWindow::restoreSettings() {
  QSettings settings;
  restoreWindowLayout(this, m_layoutVersion);
  const QByteArray saved = settings.value(QStringLiteral("setup/config")).toByteArray();
  if (!saved.isEmpty()) {
    if (auto config = run_config_from_json(saved.toStdString(), nullptr, UnknownFields::Ignore))
      m_setup->setRunConfig(*config);
  }
}

void MainWindow::saveSettings() const {
  QSettings settings;
  saveWindowLayout(this, m_layoutVersion);
  settings.setValue(QStringLiteral("setup/config"),
                    QByteArray::fromStdString(to_json(m_setup->runConfig())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (m_lifecycle->isRunning()) {
    if (m_askBeforeClosing) {
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
    m_lifecycle->endQuietly();
    m_controller->stop();
  }
  saveSettings();
  event->accept();
}

QString MainWindow::openRun(const QString& directory, bool quiet) {
  QString error;
  if (m_lifecycle->isRunning()) {
    error = tr("Stop the training first: a run is in progress");
  } else if (m_history->open(directory, &error)) {
    m_runDirectory = m_history->directory();
    m_export->setRunDirectory(m_runDirectory);
    for (DockPanel* panel : m_panels) panel->runChanged(m_runDirectory, false);
    m_status->setRunDirectory(m_runDirectory);
    stopComparing();
    m_attention->setVocabulary(m_history->sourcePieces(), m_history->targetPieces());
    m_loss->showHistory(*m_history);
    showMoment(m_timeline->current());  // again, now with the run's tokens and curves
    // Train again from here: the setup shows the run's configuration.
    if (auto parsed = run_config_from_json(m_history->configJson().toStdString(), nullptr,
                                           UnknownFields::Ignore))
      m_setup->setRunConfig(*parsed);
    m_lifecycle->showOpenedRun(*m_history);
    appendLog({tr("— opened %1 —").arg(m_runDirectory)});
    QFile log(QDir(m_runDirectory).filePath(QStringLiteral("logs/train.log")));
    if (log.open(QIODevice::ReadOnly | QIODevice::Text))
      appendLog(QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts));
    reportSkippedMoments(*m_history);
    m_menus->rememberRun(m_runDirectory);
    return {};
  }
  if (!quiet) {
    QMessageBox box(QMessageBox::Warning, tr("Open run"), error, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("openRunError"));
    box.exec();
  }
  return error;
}

QString MainWindow::openHuggingFace(const QString& folder, bool quiet) {
  std::string error;
  std::shared_ptr<const InspectionModel> model;
  {
    // Reading an opus-mt-sized model takes a second or two.
    QApplication::setOverrideCursor(Qt::WaitCursor);
    model = InspectionModel::open(folder.toStdString(), {}, &error);
    QApplication::restoreOverrideCursor();
  }
  if (!model) {
    const QString message = QString::fromStdString(error);
    if (!quiet) {
      QMessageBox box(QMessageBox::Warning, tr("Open Hugging Face model"), message, QMessageBox::Ok,
                      this);
      box.setObjectName(QStringLiteral("openHuggingFaceError"));
      box.exec();
    }
    return message;
  }
  panel<InspectorPanel>()->setHuggingFaceModel(model, folder);
  if (auto* dock = findChild<QDockWidget*>(QStringLiteral("inspectorDock"))) {
    dock->show();
    dock->raise();
  }
  appendLog({tr("— opened the Hugging Face model %1 —").arg(folder)});
  return {};
}

QString MainWindow::compareWith(const QString& directory, bool quiet, bool addCurves) {
  QString error;
  if (addCurves && m_lifecycle->isRunning()) {
    error = tr("Stop the training first: a run is in progress");
  } else if (m_comparison->open(directory, &error)) {
    RunHistory* other = m_comparison->history();
    reportSkippedMoments(*other);
    if (addCurves)
      m_loss->addHistory(*other, other->implementation() != m_history->implementation()
                                     ? other->implementation()
                                     : other->runName());
    showMoment(m_timeline->current());
    return {};
  }
  if (!quiet) QMessageBox::warning(this, tr("Compare with run"), error);
  return error;
}

void MainWindow::stopComparing() {
  m_comparison->stop();
  // The other run's curves leave the plot and its legend too (a live run's
  // curves are only ever its own).
  if (!m_lifecycle->isRunning()) m_loss->showHistory(*m_history);
}

AttentionView* MainWindow::comparisonView() const { return m_comparison->view(); }
RunHistory* MainWindow::comparison() const { return m_comparison->history(); }

RunsBrowser* MainWindow::browseRuns(bool modal) {
  // The open run, the one training and the compared one stay.
  QStringList busy = {m_runDirectory, m_history->directory(), comparison()->directory()};
  auto* browser = new RunsBrowser(m_runsDirectory, busy, this);
  browser->setAttribute(Qt::WA_DeleteOnClose);
  connect(browser, &RunsBrowser::openRequested, this, [this, browser](const QString& run) {
    if (openRun(run).isEmpty()) browser->accept();
  });
  connect(browser, &RunsBrowser::compareRequested, this, [this, browser](const QString& run) {
    if (compareWith(run).isEmpty()) browser->accept();
  });
  connect(browser, &RunsBrowser::continueRequested, this, [this, browser](const QString& run) {
    browser->accept();
    continueRun(run);
  });
  if (modal) browser->open();
  return browser;
}

void MainWindow::reportSkippedMoments(const RunHistory& history) {
  if (history.skippedMoments().isEmpty()) return;
  appendLog(history.skippedMoments());
  statusBar()->showMessage(history.skippedSummary(), 15000);
}

void MainWindow::newRun() {
  if (m_lifecycle->isRunning()) return;
  m_loss->clear();
  m_attention->clear();
  m_history->clear();
  m_log->clear();
  m_lifecycle->clearProgress();
  m_runDirectory.clear();
  m_export->setRunDirectory({});
  m_status->setRunDirectory({});
  for (DockPanel* panel : m_panels) panel->runChanged({}, false);
}

void MainWindow::resetLayout() {
  restoreState(m_defaultState, m_layoutVersion);
  for (QDockWidget* dock : m_docks->docks()) dock->show();
}

void MainWindow::focusInspector() {
  auto* dock = findChild<QDockWidget*>(QStringLiteral("inspectorDock"));
  auto* inspector = panel<InspectorPanel>();
  if (!dock || !inspector) return;
  DockLayout::bringToFront(dock);
  inspector->focusInput();
}

void MainWindow::rebuildWhenIdle() {
  if (!m_lifecycle->isRunning()) {
    // Every label is made again in the new language, nothing else changes.
    QTimer::singleShot(0, this, [this] { rebuildInCurrentLanguage(); });
    return;
  }
  m_rebuildWhenIdle = true;
  QMessageBox::information(this, tr("Language"),
                           tr("The window changes to this language when the training ends; "
                              "new messages and dialogs use it now."));
}

MainWindow* MainWindow::rebuildInCurrentLanguage() {
  if (m_lifecycle->isRunning()) return nullptr;
  m_rebuildWhenIdle = false;
  return remakeWindow(*this);
}

}  // namespace attn::ui
