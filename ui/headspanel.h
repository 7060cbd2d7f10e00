#pragma once
// Lives on the UI thread. Head specialisation over training: for one kind of
// attention, a small plot per layer with a line per head of its entropy or
// mean attention distance (headstatistics.h) at every captured moment, one
// y range for all layers, one legend of heads. Heads whose entropy falls
// have learned to look somewhere in particular; when it happens shows when
// they specialised. Clicking a line opens that head in the attention view.
// An opened run's moments are measured a batch at a time, so a long run does
// not stall the window.
//
// currentValues(): per layer, per head, the value at the selected moment.

#include "analysispanel.h"

class QComboBox;
class QCPAbstractPlottable;
class QCPAxisRect;
class QCPItemStraightLine;
class QCPLegend;
class QCPLayoutGrid;
class QMouseEvent;
class QTimer;

namespace attn::ui {

class HeadsPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  enum class Measure { Entropy, Distance };
  explicit HeadsPanel(const RunHistory* history, QWidget* parent = nullptr);
  void select(AttentionKind kind, Measure measure);
  QVector<double> currentValues() const override;
  // Moments measured so far (tests; an opened run is measured in batches).
  int measuredMoments() const { return m_measured; }
  // A head clicked opens in the central heatmap.
  void attach(const PanelServices& services) override;

 signals:
  // A head's line was clicked: open it in the attention view.
  void headChosen(attn::AttentionKind kind, int layer, int head);

 protected:
  void rebuild() override;
  void drawMoment() override;
  void plotResized() override;

 private:
  AttentionKind kind() const;
  void clicked(QCPAbstractPlottable* plottable);

  QComboBox* m_kind;
  QComboBox* m_measure;
  QTimer* m_more;  // measures the next batch of an opened run's moments
  QCPLayoutGrid* m_grid = nullptr;
  QVector<QCPAxisRect*> m_rects;
  QVector<QCPItemStraightLine*> m_cursors;
  int m_measured = 0;
  int m_columns = 1;  // of the per-layer plots, as last laid out
};

}  // namespace attn::ui
