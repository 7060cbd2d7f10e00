#pragma once
// Lives on the UI thread. Prepares the configured data set on a background
// thread (with progress, cancellable) and shows its statistics, the length
// histograms and the first pairs with their token pieces. Load errors appear
// inline, with file and line.

#include <QWidget>
#include <atomic>
#include <memory>
#include <thread>

#include "attn/dataset.h"

class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace attn::ui {

class DatasetPreview : public QWidget {
  Q_OBJECT

 public:
  explicit DatasetPreview(QWidget* parent = nullptr);
  ~DatasetPreview() override;

  // Loads `config` in the background; a load still running is cancelled.
  void load(const DataConfig& config);
  bool isLoading() const { return m_loading; }
  QTableWidget* table() const { return m_table; }
  QString errorText() const;
  QString statisticsText() const;
  // Why the data that loaded cannot be trained on although it was read: most
  // of the evaluation set's tokens are unknown to the vocabulary (a word
  // vocabulary on a symbol task, say), so the model would learn <unk>.
  // Empty when it can.
  QString trainingProblem() const { return m_trainingProblem; }

  // More unknown evaluation tokens than this share make the data untrainable.
  static constexpr double kMostlyUnknown = 0.5;

 signals:
  // After every load: ok, or the problem (file, line, what was expected) in errorText().
  void loaded(bool ok);
  // The vocabularies a run on this data would have (specials included).
  void vocabularyMeasured(int sourceSize, int targetSize, bool shared);

 private:
  void cancel();
  void show(std::shared_ptr<DataResult> result, quint64 generation);

  QPushButton* m_reload;
  QProgressBar* m_progress;
  QLabel* m_error;
  QLabel* m_statistics;
  QCustomPlot* m_histogram;
  QTableWidget* m_table;
  std::thread m_worker;
  std::shared_ptr<std::atomic<bool>> m_cancel;
  quint64 m_generation = 0;
  bool m_loading = false;
  DataConfig m_config;
  QString m_trainingProblem;
};

}  // namespace attn::ui
