#pragma once
// Lives on the UI thread. Feed-forward activations: mean, std, max or the
// dead-unit fraction (share of hidden units ≤ 0) per layer over the captured
// moments, and a histogram of one layer's hidden activations at the selected
// moment.
//
// currentValues(): the histogram's bar heights (share of activations per bin)
// of the chosen layer at the selected moment, then the plotted statistic of
// every layer (encoder first) at that moment.

#include "analysispanel.h"

class QComboBox;
class QCPAxisRect;
class QCPBars;
class QCPItemText;
class QCPTextElement;

namespace attn::ui {

class FfnPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  enum class Statistic { Mean, Std, Max, DeadFraction };
  explicit FfnPanel(const RunHistory* history, QWidget* parent = nullptr);
  // layer counts encoder layers first, then decoder layers.
  void select(Statistic statistic, int layer);
  QVector<double> currentValues() const override;

 protected:
  void rebuild() override;
  void drawMoment() override;

 private:
  const FfnStats* stats(int moment, int layer) const;
  int layerCount() const;

  QComboBox* m_statistic;
  QComboBox* m_layer;
  QCPAxisRect* m_overTime;
  QCPAxisRect* m_histogram;
  QCPTextElement* m_histogramTitle;
  QCPBars* m_bars;
  QCPItemStraightLine* m_cursor;
  QCPItemStraightLine* m_zero;
  QCPItemText* m_clipped;  // labels a bar taller than the axis
};

}  // namespace attn::ui
