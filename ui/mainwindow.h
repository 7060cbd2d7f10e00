#pragma once
// Lives on the UI thread. The Attention Studio window: the frame, the docks
// and the menus. Setup on the left, attention in the centre, training curves
// and the log below, the analysis docks and the Inspector on the right. Its
// parts are their own classes and the window wires them together: the left
// column (SetupColumn), the run being trained (RunLifecycle), another run
// beside this one (RunComparison), figure export (FigureExport), where the
// docks sit (DockLayout) and the menus (MainMenus).

#include <QMainWindow>

#include "dockpanel.h"
#include "metatypes.h"

class QTimer;

namespace attn::ui {

class AttentionView;
class DatasetPreview;
class DockLayout;
class FigureExport;
class LogView;
class LossPlot;
class MainMenus;
class RedrawPacer;
class RunComparison;
class RunStatusBar;
class RunHistory;
class RunLifecycle;
class RunsBrowser;
class SetupColumn;
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
  RunLifecycle* lifecycle() const { return m_lifecycle; }
  RunHistory* history() const { return m_history; }
  Timeline* timeline() const { return m_timeline; }
  DockLayout* dockLayout() const { return m_docks; }
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
  // same size, docks, setup, open run, compared run, moment, heatmap view and
  // Inspector. It is shown, deletes itself when closed, and this window
  // closes. Only while nothing trains (the engine belongs to this window);
  // nullptr otherwise.
  MainWindow* rebuildInCurrentLanguage();
  // Where new runs go (default: the user's data folder).
  void setRunsDirectory(const QString& directory) { m_runsDirectory = directory; }
  // The newest snapshot shown (tests compare the heatmap with it).
  const Snapshot& lastSnapshot() const;
  // Whether closing during training asks first (tests and scripts turn it off).
  void setAskBeforeClosing(bool ask) { m_askBeforeClosing = ask; }
  bool askBeforeClosing() const { return m_askBeforeClosing; }
  QString runsDirectory() const { return m_runsDirectory; }
  FigureExport* figureExport() const { return m_export; }
  MainMenus* menus() const { return m_menus; }

 public slots:
  // Loads a run directory for scrubbing; a readable error (also shown in a
  // dialog unless quiet) when it cannot be read. Returns the error, empty on success.
  QString openRun(const QString& directory, bool quiet = false);
  // Opens a Hugging Face MarianMT folder in the Inspector (File → Open Hugging
  // Face model…, --open-hf). Returns the reason it cannot, shown in a dialog
  // unless `quiet`.
  QString openHuggingFace(const QString& folder, bool quiet = false);
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
  AttentionView* comparisonView() const;
  RunHistory* comparison() const;
  void startTraining();
  // Continues the run in `directory` from its newest checkpoint, to the
  // setup's number of epochs when that is more than the run's.
  void continueRun(const QString& directory);
  void togglePause();
  void stopTraining();
  // File → New run: an empty window to set up the next run in.
  void newRun();
  // View → Reset layout: every dock back where a first start puts it.
  void resetLayout();
  // View → Inspect a sentence: the Inspector in front, its text field focused.
  void focusInspector();
  // The window is made again in the language installed now: at once, or
  // when the training ends (saying so).
  void rebuildWhenIdle();
  // A message in the status bar and the log (the status bar's fades).
  void say(const QString& message);
  // The window's size, layout and setup, for the next start (or window).
  void saveSettings() const;

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  // A live run redraws at most ~7 times a second and at least once a second;
  // in between, as often as keeps drawing at 5% of one processor, so the
  // app trains about as fast as attention-train on the same cores.
  static constexpr int kFastestRedrawMs = 150;
  static constexpr int kSlowestRedrawMs = 1000;
  static constexpr double kRedrawShare = 0.05;

  void buildDocks();
  void connectLifecycle();
  void connectPanels();
  void updateActions();
  void showMoment(int index);
  void refreshAnalysis();
  void appendLog(const QStringList& lines);
  // The moments an opened run left out (damaged snapshots): in the log, and
  // counted in the status bar.
  void reportSkippedMoments(const RunHistory& history);
  void restoreSettings();

  SetupPanel* m_setup;
  AttentionView* m_attention;
  LossPlot* m_loss;
  DatasetPreview* m_data;
  LogView* m_log;
  TrainingController* m_controller;
  RunHistory* m_history;
  SetupColumn* m_column;
  RunComparison* m_comparison;
  Timeline* m_timeline;
  DockLayout* m_docks;
  QList<DockPanel*> m_panels;  // the panel registry's docks
  int m_layoutVersion = 0;
  RunLifecycle* m_lifecycle = nullptr;
  FigureExport* m_export = nullptr;
  MainMenus* m_menus = nullptr;
  // Spaces a live run's redraws (docks, curves, timeline) by what they cost.
  RedrawPacer* m_redrawPacer;
  bool m_rebuildWhenIdle = false;  // a language was chosen while training
  RunStatusBar* m_status = nullptr;
  QByteArray m_defaultState;
  QString m_runDirectory;
  QString m_runsDirectory;
  bool m_askBeforeClosing = true;
};

}  // namespace attn::ui
