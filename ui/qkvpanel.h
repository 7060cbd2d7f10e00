#pragma once
// Lives on the UI thread. Q/K/V norms: the mean L2 norm of the query, key or
// value vectors per layer over the captured moments, for encoder self, decoder
// self or cross attention; per head on demand, as small multiples (one small
// plot per layer, one colour per head, one legend of heads).
//
// currentValues(): per layer (encoder or decoder order), the plotted value at
// the selected moment: the mean over heads, or every head when per-head is on.

#include "analysispanel.h"

class QCheckBox;
class QComboBox;
class QCPAxisRect;
class QCPLayoutGrid;
class QCPLegend;

namespace attn::ui {

class QkvPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  enum class Projection { Query, Key, Value };
  explicit QkvPanel(const RunHistory* history, QWidget* parent = nullptr);
  void select(AttentionKind kind, Projection projection, bool perHead);
  QVector<double> currentValues() const override;
  // Entries in the legend shown (tests): one per layer, or one per head.
  int legendEntryCount() const;

 protected:
  void rebuild() override;
  void drawMoment() override;
  void plotResized() override;

 private:
  AttentionKind kind() const;
  Projection projection() const;
  // The norms (one per head) of `layer` in moment `moment` for the choices.
  const std::vector<float>* norms(int moment, int layer) const;
  int layerCount() const;

  QComboBox* m_kind;
  QComboBox* m_projection;
  QCheckBox* m_perHead;
  void showLayersTogether();
  void showLayersApart(int layers, int heads);

  QCPItemStraightLine* m_cursor;
  QCPAxisRect* m_main = nullptr;        // every layer's mean on one plot
  QCPLayoutGrid* m_perLayer = nullptr;  // per head: a plot per layer, and the heads' legend
  QVector<QCPAxisRect*> m_layerRects;   // in m_perLayer
  QVector<QCPItemStraightLine*> m_layerCursors;
  QCPLegend* m_headLegend = nullptr;
  int m_columns = 1;  // of the per-layer plots, as last laid out
};

}  // namespace attn::ui
