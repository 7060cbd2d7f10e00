#pragma once
// Lives on the UI thread. The Dataset, Model and Training settings of a run,
// with the live parameter count and the reason a configuration is invalid.

#include <QWidget>

#include "attn/train_config.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace attn::ui {

class SetupPanel : public QWidget {
  Q_OBJECT

 public:
  explicit SetupPanel(QWidget* parent = nullptr);

  RunConfig runConfig() const;
  void setRunConfig(const RunConfig& config);
  // Empty when the configuration can be trained; otherwise the first problem.
  QString problem() const;

 signals:
  void changed();

 private:
  QWidget* buildDataset();
  QWidget* buildModel();
  QWidget* buildTraining();
  void applyPreset(const QString& name);
  void refresh();
  void chooseCorpus();

  // Dataset
  QComboBox* m_task;
  QLabel* m_taskDescription;
  QSpinBox* m_trainSize;
  QSpinBox* m_evalSize;
  QSpinBox* m_minLength;
  QSpinBox* m_maxLength;
  QSpinBox* m_seed;
  QLabel* m_corpusLabel;
  QString m_corpusPath;
  QString m_corpusTargetPath;  // set for two aligned files
  QComboBox* m_tokenizer;
  QSpinBox* m_vocabSize;
  // Model
  QComboBox* m_preset;
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
  QSpinBox* m_threads;
  QSpinBox* m_captureEvery;
  QCheckBox* m_debug;
  QLabel* m_problem;

  RunConfig m_base;  // fields the panel does not show keep their values
  bool m_applying = false;
};

}  // namespace attn::ui
