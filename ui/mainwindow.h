#pragma once
// Lives on the UI thread. The Attention Studio window: setup on the left,
// attention in the centre, training curves and the log below.

#include <QMainWindow>

#include "metatypes.h"

class QAction;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace attn::ui {

class AttentionView;
class DatasetPreview;
class LossPlot;
class SetupPanel;
class TrainingController;

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
  QString runDirectory() const { return m_runDirectory; }
  // Where new runs go (default: the user's data folder).
  void setRunsDirectory(const QString& directory) { m_runsDirectory = directory; }
  // The newest snapshot shown (tests compare the heatmap with it).
  const Snapshot& lastSnapshot() const { return m_lastSnapshot; }
  // Whether closing during training asks first (tests and scripts turn it off).
  void setAskBeforeClosing(bool ask) { m_askBeforeClosing = ask; }

 public slots:
  void startTraining();
  void togglePause();
  void stopTraining();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void startRun(const RunConfig& config, bool labelled);
  void buildMenus();
  void buildDocks();
  void updateActions();
  void onSteps(const QVector<attn::StepMetrics>& steps);
  void onEpoch(const attn::EpochMetrics& metrics);
  void onSnapshot(const attn::Snapshot& snapshot);
  void onFinished(const attn::RunOutcome& outcome);
  void appendLog(const QStringList& lines);
  void exportPlot(QCustomPlot* plot, const QString& name);
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
  QPushButton* m_trainButton;
  QPushButton* m_pauseButton;
  QPushButton* m_stopButton;
  QProgressBar* m_progress;
  QLabel* m_progressText;
  QLabel* m_reason;
  QLabel* m_statusDevice;
  QLabel* m_statusStep;
  QLabel* m_statusSpeed;
  QLabel* m_statusRun;
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
  std::string m_previewedData;  // the data settings the preview shows
  QStringList m_pendingImplementations;  // "both": the implementation still to train
  RunConfig m_lastConfig;
};

}  // namespace attn::ui
