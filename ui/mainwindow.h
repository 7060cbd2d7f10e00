#pragma once
// Lives on the UI thread. The Attention Studio window: setup on the left,
// attention in the centre, training curves and the log below.

#include <QMainWindow>

#include "dockpanel.h"
#include "metatypes.h"

class QAction;
class QDockWidget;
class QMenu;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace attn::ui {

class RunsBrowser;
class AttentionView;
class DatasetPreview;
class ElidedLabel;
class LossPlot;
class RedrawPacer;
class RunHistory;
class SetupPanel;
class Timeline;
class TrainingController;
struct FigureOptions;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  SetupPanel* setupPanel() const { return m_setup; }
  AttentionView* attentionView() const { return m_attention; }
  LossPlot* lossPlot() const { return m_loss; }
  DatasetPreview* datasetPreview() const { return m_data; }
  TrainingController* controller() const { return m_controller; }
  RunHistory* history() const { return m_history; }
  Timeline* timeline() const { return m_timeline; }
  // The docks of the panel registry, in its order.
  QList<DockPanel*> dockPanels() const { return m_panels; }
  // The registered dock of type Panel (nullptr when there is none).
  template <class Panel>
  Panel* panel() const {
    for (DockPanel* candidate : m_panels) {
      if (auto* found = qobject_cast<Panel*>(candidate)) return found;
    }
    return nullptr;
  }
  // The version the window's layout is saved under (changes with the docks).
  int layoutVersion() const { return m_layoutVersion; }
  QString runDirectory() const { return m_runDirectory; }
  // A window like this one, built anew in the language installed now: the
  // same size, docks, setup, open run, compared run and moment. It is shown,
  // deletes itself when closed, and this window closes. Only while nothing
  // trains (the engine belongs to this window); nullptr otherwise.
  MainWindow* rebuildInCurrentLanguage();
  // Where new runs go (default: the user's data folder).
  void setRunsDirectory(const QString& directory) { m_runsDirectory = directory; }
  // The newest snapshot shown (tests compare the heatmap with it).
  const Snapshot& lastSnapshot() const { return m_lastSnapshot; }
  // Whether closing during training asks first (tests and scripts turn it off).
  void setAskBeforeClosing(bool ask) { m_askBeforeClosing = ask; }

 public slots:
  // Loads a run directory for scrubbing; a readable error (also shown in a
  // dialog unless quiet) when it cannot be read. Returns the error, empty on success.
  QString openRun(const QString& directory, bool quiet = false);
  // One figure per dock at the current moment into `folder`; returns the
  // files written and sets *error when one could not be written.
  QStringList exportAllFigures(const QString& folder, const FigureOptions& options, QString* error);
  // Shows another run's attention beside this one's at the same step (and, with
  // `addCurves`, its curves over these). Returns the error, empty on success.
  QString compareWith(const QString& directory, bool quiet = false, bool addCurves = true);
  // Every run in the runs folder (File → Browse runs…); shown window-modal
  // unless `modal` is false (tests drive it directly). Deletes itself on close.
  RunsBrowser* browseRuns(bool modal = true);
  void stopComparing();
  AttentionView* comparisonView() const { return m_compareView; }
  RunHistory* comparison() const { return m_compare; }
  // Puts a saved configuration (JSON) into the setup; the error naming the
  // file, empty on success.
  QString loadConfiguration(const QString& path);
  void startTraining();
  void togglePause();
  void stopTraining();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  // A live run redraws at most ~7 times a second and at least once a second;
  // in between, as often as keeps drawing at 5% of one processor, so the
  // app trains about as fast as attention-train on the same cores.
  static constexpr int kFastestRedrawMs = 150;
  static constexpr int kSlowestRedrawMs = 1000;
  static constexpr double kRedrawShare = 0.05;

  void startRun(const TrainRequest& request, bool labelled);
  void buildMenus();
  void buildDocks();
  void updateActions();
  QString trainingProblem(bool* fromSetup = nullptr) const;
  // False, after saying so, while there is no run to draw a figure from.
  bool hasSomethingToExport(const QString& title);
  void showPaused();
  void onSteps(const QVector<attn::StepMetrics>& steps);
  void onEpoch(const attn::EpochMetrics& metrics);
  void onSnapshot(const attn::Snapshot& snapshot);
  void onFinished(const attn::RunOutcome& outcome);
  void showMoment(int index);
  void refreshAnalysis();
  QDockWidget* addPanelDock(QWidget* panel, const QString& title, const QString& name,
                            Qt::DockWidgetArea area);
  void connectPanels();
  void chooseRunToOpen();
  void chooseRunToCompare();
  void updateCaptions();
  void chooseExportAll();
  void chooseTutorialFigures();
  void rememberRun(const QString& directory);
  void rebuildRecentMenu();
  void appendLog(const QStringList& lines);
  // The moments an opened run left out (damaged snapshots): in the log, and
  // counted in the status bar.
  void reportSkippedMoments(const RunHistory& history);
  // Asks where, then saves the figure; `csv` (the numbers drawn), when given,
  // goes beside it with the same name and .csv.
  void exportPlot(QCustomPlot* plot, const QString& name, const QString& csv = QString());
  void saveConfiguration();
  void openConfiguration();
  void restoreSettings();
  void saveSettings() const;
  void showAbout();

  SetupPanel* m_setup;
  AttentionView* m_attention;
  LossPlot* m_loss;
  DatasetPreview* m_data;
  QPlainTextEdit* m_log;
  TrainingController* m_controller;
  RunHistory* m_history;
  RunHistory* m_compare;  // the run shown beside this one, when comparing
  AttentionView* m_compareView;
  Timeline* m_timeline;
  QList<DockPanel*> m_panels;  // the panel registry's docks
  int m_layoutVersion = 0;
  QMenu* m_recentMenu = nullptr;
  QTimer* m_refreshTimer;
  // Spaces a live run's redraws (docks, curves, timeline) by what they cost.
  RedrawPacer* m_redrawPacer;
  bool m_rebuildWhenIdle = false;  // a language was chosen while training
  QPushButton* m_trainButton;
  QPushButton* m_pauseButton;
  QPushButton* m_stopButton;
  QProgressBar* m_progress;
  QLabel* m_progressText;
  QLabel* m_reason;
  QLabel* m_statusDevice;
  QLabel* m_statusStep;
  QLabel* m_statusSpeed;
  ElidedLabel* m_statusRun;
  QAction* m_trainAction;
  QAction* m_pauseAction;
  QAction* m_stopAction;
  QByteArray m_defaultState;
  QString m_runDirectory;
  QString m_runsDirectory;
  Snapshot m_lastSnapshot;
  std::int64_t m_lastStep = 0;
  bool m_closeAfterStop = false;
  bool m_askBeforeClosing = true;
  std::string m_previewedData;              // the data settings the preview shows
  QString m_dataProblem;                    // why the previewed data cannot be trained on
  std::vector<TrainRequest> m_pendingRuns;  // "both": the implementation still to train
};

}  // namespace attn::ui
