#pragma once
// Lives on the UI thread. Training curves: loss per step (raw and smoothed),
// eval loss per epoch, token accuracy and exact match, learning rate.

#include <QWidget>

#include "metatypes.h"

class QCustomPlot;
class QCPGraph;
class QCheckBox;

namespace attn::ui {

class LossPlot : public QWidget {
  Q_OBJECT

 public:
  explicit LossPlot(QWidget* parent = nullptr);

  QCustomPlot* plot() const { return m_plot; }
  int stepCount() const;
  void clear();

 public slots:
  void addSteps(const QVector<attn::StepMetrics>& steps);
  void addEpoch(const attn::EpochMetrics& metrics);

 private:
  void replot();

  QCustomPlot* m_plot;
  QCheckBox* m_logScale;
  QCheckBox* m_follow;
  QCPGraph* m_loss;
  QCPGraph* m_smoothed;
  QCPGraph* m_evalLoss;
  QCPGraph* m_accuracy;
  QCPGraph* m_exactMatch;
  QCPGraph* m_learningRate;
  double m_average = 0;  // exponential moving average, before bias correction
  int m_averaged = 0;
};

}  // namespace attn::ui
