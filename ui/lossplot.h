#pragma once
// Lives on the UI thread. Training curves: loss per step (raw and smoothed),
// eval loss per epoch, token accuracy and exact match, learning rate; with
// the dock's "?" and Export buttons below them.

#include <QWidget>

#include "metatypes.h"

class QCustomPlot;
class QCPGraph;
class QCheckBox;
class QCPItemStraightLine;
class QCPLayoutElement;

namespace attn::ui {

class LossPlot : public QWidget {
  Q_OBJECT

 public:
  explicit LossPlot(QWidget* parent = nullptr);

  QCustomPlot* plot() const { return m_plot; }
  // Points of the current series.
  int stepCount() const;
  int seriesCount() const { return int(m_series.size()); }
  // Removes every series and starts an unnamed one.
  void clear();
  // Starts another series drawn over the previous ones (e.g. the second
  // implementation of a side-by-side run); its legend entries carry `label`.
  void beginSeries(const QString& label);
  // Replaces everything with a recorded run's curves (one series per implementation).
  void showHistory(const class RunHistory& history);
  // Overlays a recorded run's curves (an implementation's name labels each
  // series when it has several; `label` when it has one).
  void addHistory(const class RunHistory& history, const QString& label);
  // The timeline's cursor at `step`; NaN hides it.
  void setCursorStep(double step);
  // While deferred (a live run), new points are kept but not drawn until
  // redraw(): the window paces redraws so that drawing leaves the cores to
  // the training threads.
  void setRedrawDeferred(bool deferred);
  // Draws what arrived since the last drawing, if anything did.
  void redraw();

 public slots:
  void addSteps(const QVector<attn::StepMetrics>& steps);
  void addEpoch(const attn::EpochMetrics& metrics);

 signals:
  // The Export button: the window asks where and writes the figure.
  void exportRequested();

 private:
  // Draws now, or at the next redraw() while deferred.
  void replot();
  // The legend beside the axes, or under them in rows where one column of
  // it would take more than two fifths of the plot's width.
  void arrangeLegend();
  void draw();

  QCustomPlot* m_plot;
  QCheckBox* m_logScale;
  QCheckBox* m_follow;
  QCPItemStraightLine* m_cursor;
  QCPLayoutElement* m_legendHolder = nullptr;  // the legend's cell in the plot's layout
  bool m_legendBelow = false;
  struct Series {
    QCPGraph* loss;
    QCPGraph* smoothed;
    QCPGraph* evalLoss;
    QCPGraph* accuracy;
    QCPGraph* exactMatch;
    QCPGraph* learningRate;
    double average = 0;  // exponential moving average, before bias correction
    int averaged = 0;
  };
  void addSeries(const QString& label);
  QString learningRateName() const;
  void fitLearningRate(double lr);
  double m_lrScale = 100;  // the learning rate is drawn times this
  QVector<Series> m_series;
  bool m_deferred = false;
  bool m_pending = false;  // points arrived and are not drawn yet
};

}  // namespace attn::ui
