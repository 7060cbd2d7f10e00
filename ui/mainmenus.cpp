#include "mainmenus.h"

#include <QAction>
#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QWhatsThis>

#include "attentionview.h"
#include "attn/version.h"
#include "docklayout.h"
#include "figureexport.h"
#include "language.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "runlifecycle.h"
#include "runsummary.h"
#include "setuppanel.h"
#include "timeline.h"

namespace attn::ui {
namespace {
constexpr int kRecentRuns = 10;
}

MainMenus::MainMenus(MainWindow* window) : QObject(window), m_window(window) {
  buildFile();
  buildRun();
  buildTimeline();
  buildView();
  buildHelp();
}

void MainMenus::showState(bool running, bool canTrain) {
  m_train->setEnabled(!running && canTrain);
  m_continue->setEnabled(!running);
  m_pause->setEnabled(running);
  m_stop->setEnabled(running);
}

QString MainMenus::chooseRunFolder(const QString& title) const {
  return QFileDialog::getExistingDirectory(m_window, title, m_window->runsDirectory());
}

void MainMenus::buildFile() {
  QMenu* file = m_window->menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&New run"), QKeySequence::New, m_window, &MainWindow::newRun);
  file->addAction(tr("Open &run…"), QKeySequence::Open, this, [this] {
    const QString directory = chooseRunFolder(tr("Open run directory"));
    if (!directory.isEmpty()) m_window->openRun(directory);
  });
  file->addAction(tr("Open &Hugging Face model…"), QKeySequence(tr("Ctrl+Shift+H")), this, [this] {
    const QString folder = QFileDialog::getExistingDirectory(
        m_window, tr("Open a MarianMT folder (config.json, model.safetensors, *.spm, vocab.json)"));
    if (!folder.isEmpty()) m_window->openHuggingFace(folder);
  });
  file->addAction(tr("&Browse runs…"), QKeySequence(tr("Ctrl+Shift+B")), m_window,
                  [this] { m_window->browseRuns(); });
  m_recent = file->addMenu(tr("Recent r&uns"));
  rebuildRecentMenu();
  file->addAction(tr("Co&mpare with run…"), this, [this] {
    const QString directory = chooseRunFolder(tr("Compare with run directory"));
    if (!directory.isEmpty()) m_window->compareWith(directory);
  });
  file->addAction(tr("Stop compa&ring"), m_window, &MainWindow::stopComparing);
  file->addSeparator();
  file->addAction(tr("Open &configuration…"), QKeySequence(tr("Ctrl+Shift+O")), this,
                  &MainMenus::openConfiguration);
  file->addAction(tr("&Save configuration…"), QKeySequence::Save, this,
                  &MainMenus::saveConfiguration);
  file->addSeparator();
  FigureExport* figures = m_window->figureExport();
  auto* exportFigure =
      file->addAction(tr("&Export figure…"), QKeySequence(tr("Ctrl+E")), this, [this, figures] {
        AttentionView* heatmap = m_window->attentionView();
        if (figures->hasSomethingToExport(tr("Export figure")))
          figures->exportPlot(heatmap->plot(), heatmap->figureName(), heatmap->shownCsv());
      });
  exportFigure->setObjectName(QStringLiteral("exportFigureAction"));
  file->addAction(
      tr("Export &all figures…"), QKeySequence(tr("Ctrl+Shift+E")), this, [this, figures] {
        figures->exportAll(
            [this](const QString& folder, const FigureOptions& options, QString* error) {
              return m_window->exportAllFigures(folder, options, error);
            });
      });
  file->addAction(tr("Write the &tutorial figures…"), this, [this, figures] {
    figures->writeTutorial(m_window->attentionView()->selection());
  });
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, m_window, &QWidget::close);
}

void MainMenus::buildRun() {
  QMenu* run = m_window->menuBar()->addMenu(tr("&Run"));
  m_train = run->addAction(tr("&Train"), QKeySequence(tr("Ctrl+Return")), m_window,
                           &MainWindow::startTraining);
  m_train->setObjectName(QStringLiteral("trainAction"));
  // The open run, or one chosen: from its newest checkpoint.
  m_continue =
      run->addAction(tr("&Continue a run…"), QKeySequence(tr("Ctrl+Shift+Return")), this, [this] {
        const QString directory = m_window->runDirectory().isEmpty()
                                      ? chooseRunFolder(tr("Continue run directory"))
                                      : m_window->runDirectory();
        m_window->continueRun(directory);
      });
  m_continue->setObjectName(QStringLiteral("continueAction"));
  m_continue->setToolTip(
      tr("Continue the open run from its newest checkpoint (to the setup's epochs when they are "
         "more); with no run open, choose one"));
  m_pause = run->addAction(tr("&Pause / Resume"), QKeySequence(tr("Ctrl+P")), m_window,
                           &MainWindow::togglePause);
  m_stop =
      run->addAction(tr("&Stop"), QKeySequence(tr("Ctrl+.")), m_window, &MainWindow::stopTraining);
}

void MainMenus::buildTimeline() {
  Timeline* moments = m_window->timeline();
  QMenu* timeline = m_window->menuBar()->addMenu(tr("Ti&meline"));
  timeline->addAction(tr("&Previous moment"), QKeySequence(tr("Alt+Left")), moments,
                      &Timeline::stepBack);
  timeline->addAction(tr("&Next moment"), QKeySequence(tr("Alt+Right")), moments,
                      &Timeline::stepForward);
  timeline->addAction(tr("&First moment"), QKeySequence(tr("Alt+Home")), moments,
                      [moments] { moments->select(0); });
  timeline->addAction(tr("&Last moment"), QKeySequence(tr("Alt+End")), moments,
                      [this, moments] { moments->select(m_window->history()->momentCount() - 1); });
  timeline->addAction(tr("Play / &pause"), QKeySequence(tr("Alt+P")), moments,
                      &Timeline::togglePlay);
  timeline->addAction(tr("Follow &live"), QKeySequence(tr("Alt+L")), moments,
                      [moments] { moments->setFollowing(true); });
}

void MainMenus::buildView() {
  QMenu* view = m_window->menuBar()->addMenu(tr("&View"));
  view->addActions(m_window->dockLayout()->viewActions());
  view->addSeparator();
  QAction* inspect = view->addAction(tr("&Inspect a sentence"), QKeySequence(tr("Ctrl+I")),
                                     m_window, &MainWindow::focusInspector);
  inspect->setObjectName(QStringLiteral("inspectAction"));
  view->addSeparator();
  view->addAction(tr("&Reset layout"), m_window, &MainWindow::resetLayout);
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
    connect(choice, &QAction::triggered, this, [this, code = entry.code] { chooseLanguage(code); });
  }
}

void MainMenus::chooseLanguage(const QString& code) {
  if (code == installedLanguage()) return;
  QString error;
  if (!installLanguage(code, &error)) {
    m_window->say(error);
    return;
  }
  rememberLanguage(code);
  m_window->rebuildWhenIdle();
}

void MainMenus::buildHelp() {
  QMenu* help = m_window->menuBar()->addMenu(tr("&Help"));
  QAction* whatsThis = QWhatsThis::createAction(m_window);
  whatsThis->setText(tr("&What am I looking at?"));
  help->addAction(whatsThis);
  help->addSeparator();
  help->addAction(tr("&About Attention Studio"), this, &MainMenus::showAbout);
}

void MainMenus::rememberRun(const QString& directory) {
  if (directory.isEmpty()) return;
  QSettings settings;
  QStringList recent = settings.value(QStringLiteral("runs/recent")).toStringList();
  recent.removeAll(directory);
  recent.prepend(directory);
  while (recent.size() > kRecentRuns) recent.removeLast();
  settings.setValue(QStringLiteral("runs/recent"), recent);
  rebuildRecentMenu();
}

void MainMenus::rebuildRecentMenu() {
  m_recent->clear();
  const QStringList recent = QSettings().value(QStringLiteral("runs/recent")).toStringList();
  for (int i = 0; i < recent.size(); ++i) {
    const QString directory = recent[i];
    QAction* action = m_recent->addAction(
        tr("&%1 %2 — %3")
            .arg((i + 1) % 10)
            .arg(QFileInfo(directory).fileName(), shortDescription(readRunSummary(directory))),
        m_window, [this, directory] { m_window->openRun(directory); });
    action->setToolTip(directory);
    action->setStatusTip(directory);
  }
  m_recent->setEnabled(!recent.isEmpty());
}

void MainMenus::saveConfiguration() {
  const QString path = QFileDialog::getSaveFileName(m_window, tr("Save configuration"), QString(),
                                                    tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  QSaveFile file(path);  // written to a temporary name, then renamed
  if (!file.open(QIODevice::WriteOnly) ||
      file.write(QByteArray::fromStdString(to_json(m_window->setupPanel()->runConfig()))) < 0 ||
      !file.commit()) {
    QMessageBox::warning(m_window, tr("Save configuration"),
                         tr("%1: %2").arg(path, file.errorString()));
    return;
  }
  m_window->say(tr("Saved %1").arg(path));
}

void MainMenus::openConfiguration() {
  const QString path = QFileDialog::getOpenFileName(m_window, tr("Open configuration"), QString(),
                                                    tr("JSON (*.json)"));
  if (path.isEmpty()) return;
  const QString error = m_window->setupPanel()->loadConfiguration(path);
  if (!error.isEmpty()) QMessageBox::warning(m_window, tr("Open configuration"), error);
}

void MainMenus::showAbout() {
  QMessageBox::about(
      m_window, tr("About Attention Studio"),
      tr("<h3>Attention Studio %1</h3>"
         "<p>Watch a Transformer from “Attention Is All You Need” learn.</p>"
         "<p>Qt %2 · %3<br>device: %4 · %5</p>")
          .arg(QString::fromStdString(app_version()), QString::fromLatin1(qVersion()),
               QString::fromStdString(torch_build_description()).toHtmlEscaped(),
               QString::fromStdString(device_description()),
               tr("threads: automatic, up to %1 of this machine's processors (measured while "
                  "training; the status bar shows the count in use)")
                   .arg(usable_processors())));
}

}  // namespace attn::ui
