#pragma once
// Lives on the UI thread. The window's left column: the setup (what to
// train), Train, Pause and Stop, why Train is disabled, and the progress of
// the run. It has the data the setup names read in the background (the Data
// dock shows it) and disables Train while that data cannot be trained on.

#include <QWidget>
#include <string>

class QLabel;
class QProgressBar;
class QPushButton;

namespace attn::ui {

class DatasetPreview;
class SetupPanel;

class SetupColumn : public QWidget {
  Q_OBJECT

 public:
  SetupColumn(SetupPanel* setup, DatasetPreview* data, QWidget* parent = nullptr);

  QProgressBar* progress() const { return m_progress; }
  QLabel* progressText() const { return m_progressText; }
  // Why Train is disabled: the setup's first problem, else the data's (read
  // in the background; empty while it is being read, the trainer checks it
  // again). *fromSetup: whether it is the setup's, which the setup shows itself.
  QString trainingProblem(bool* fromSetup = nullptr) const;
  // The buttons and the reason for the state of the run.
  void showState(bool running, bool paused);
  // Whether the data may be read now (not while a run trains on it).
  void setDataReadable(bool readable) { m_dataReadable = readable; }

 signals:
  void trainClicked();
  void pauseClicked();
  void stopClicked();
  // The setup or what was found in its data changed.
  void problemChanged();

 private:
  void readData();

  SetupPanel* m_setup;
  DatasetPreview* m_data;
  QPushButton* m_train;
  QPushButton* m_pause;
  QPushButton* m_stop;
  QLabel* m_reason;
  QProgressBar* m_progress;
  QLabel* m_progressText;
  bool m_dataReadable = true;
  std::string m_previewedData;  // the data settings the preview shows
  QString m_dataProblem;        // why the previewed data cannot be trained on
};

}  // namespace attn::ui
