#pragma once
// Lives on the UI thread. The Dataset, Model and Training settings of a run,
// with the live parameter count and the reason a configuration is invalid.

#include <QWidget>
#include <optional>

#include "attn/train_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace attn::ui {

class SetupPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SetupPanel(QWidget* parent = nullptr);

  RunConfig runConfig() const;
  void setRunConfig(const RunConfig& config);
  // Puts a saved configuration (JSON) into the setup; the error naming the
  // file and the field, empty on success.
  QString loadConfiguration(const QString& path);
  // Empty when the configuration can be trained; otherwise the first problem.
  QString problem() const;
  // The vocabulary the data gives (a run sizes its model to it), so that the
  // parameter count is the one training will have; forget it when the data
  // settings change.
  void setMeasuredVocabulary(int sourceSize, int targetSize, bool shared);
  void forgetMeasuredVocabulary();
  // Processes on this computer that train the model together (data-parallel,
  // attn/world.h); 1 trains in the app alone.
  int processes() const;

 signals:
  void changed();

 private:
  QWidget* buildDataset();
  QWidget* buildModel();
  QWidget* buildTraining();
  void applyPreset(const QString& name);
  void showPresetOrCustom(const RunConfig& config);
  void refresh();
  void chooseCorpus();
  // Back to the built-in task, with the tokenizer it had before the corpus.
  void leaveCorpus();

  // Dataset
  QComboBox* m_task;
  QLabel* m_taskDescription;
  QSpinBox* m_trainSize;
  QSpinBox* m_evalSize;
  QSpinBox* m_minLength;
  QSpinBox* m_maxLength;
  QSpinBox* m_seed;
  QLabel* m_corpusLabel;
  QPushButton* m_useTaskButton;
  QString m_corpusPath;
  QString m_corpusTargetPath;              // set for two aligned files
  std::optional<QString> m_taskTokenizer;  // while a corpus is chosen: the task's tokenizer
  QComboBox* m_tokenizer;
  QSpinBox* m_vocabSize;
  // Model
  QComboBox* m_preset;
  QString m_presetChosen;  // the last preset applied; the combo says "custom" once edited
  QComboBox* m_implementation;
  QSpinBox* m_dModel;
  QSpinBox* m_heads;
  QSpinBox* m_encLayers;
  QSpinBox* m_decLayers;
  QSpinBox* m_dFf;
  QDoubleSpinBox* m_dropout;
  QComboBox* m_norm;
  QComboBox* m_activation;
  QCheckBox* m_tied;
  QLabel* m_parameters;
  // Training
  QSpinBox* m_epochs;
  QSpinBox* m_batchSize;
  QComboBox* m_schedule;
  QSpinBox* m_warmup;
  QDoubleSpinBox* m_lrFactor;
  QDoubleSpinBox* m_lr;
  QDoubleSpinBox* m_labelSmoothing;
  QDoubleSpinBox* m_clip;
  QSpinBox* m_accumulation;
  QComboBox* m_device;
  QComboBox* m_precision;
  QCheckBox* m_cudaGraphs;
  QSpinBox* m_threads;
  QSpinBox* m_processes;
  QSpinBox* m_captureEvery;
  QCheckBox* m_debug;
  QCheckBox* m_deterministic;
  QLabel* m_problem;
  QTabWidget* m_pages;

  struct MeasuredVocabulary {
    int source = 0;
    int target = 0;
    bool shared = true;
  };
  std::optional<MeasuredVocabulary> m_vocabulary;
  RunConfig m_base;  // fields the panel does not show keep their values
  bool m_applying = false;
};

}  // namespace attn::ui
