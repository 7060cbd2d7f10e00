#pragma once
// Lives on the UI thread. The attention heatmap of one kind, layer, head and
// probe example, labelled with its tokens; or every layer × head at once.

#include <QStringList>
#include <QVector>
#include <QWidget>

#include "metatypes.h"

class QCustomPlot;
class QCPColorMap;
class QComboBox;
class QSpinBox;

namespace attn::ui {

class AttentionView : public QWidget {
  Q_OBJECT

 public:
  explicit AttentionView(QWidget* parent = nullptr);

  QCustomPlot* plot() const { return m_plot; }
  bool hasData() const { return m_hasData; }
  // The value drawn at (query, key) in single-head mode (tests compare it with the snapshot).
  double cellValue(int query, int key) const;
  // "encoder-self", "decoder-self" or "cross"; layer and head 0-based; head -1 = all heads.
  void select(AttentionKind kind, int layer, int head, int example);
  QString figureName() const;
  // Outline the ideal alignment (built-in tasks) on a single-head cross-attention map.
  void setIdealAlignmentVisible(bool visible);
  // Shows probe example `example` (0-based) when the snapshot has it.
  void showExample(int example);
  // What is selected: kind, layer (0-based), head (−1: all), example.
  struct Selection {
    AttentionKind kind;
    int layer;
    int head;
    int example;
  };
  Selection selection() const;
  // A word before the title (e.g. the implementation, when two are side by side).
  void setCaption(const QString& caption);

 signals:
  // The user chose another kind, layer, head or example.
  void selectionChanged();

 public:
  // Cells outlined now (tests).
  int idealAlignmentCells() const { return m_idealCells; }
  // Thumbnails in the all-heads grid (tests); 0 in single-head mode.
  int gridCellCount() const { return int(m_grid.size()); }
  // What hovering at `position` (plot pixels) says; empty off the maps (tests).
  QString tooltipAt(const QPointF& position) const;

 public slots:
  void setSnapshot(const attn::Snapshot& snapshot);
  void setVocabulary(const QStringList& source, const QStringList& target);
  void clear();
  // The kind, layer, head and example boxes; a view that mirrors another's
  // selection (the compared run's) hides them.
  void setControlsVisible(bool visible);

 private:
  void rebuildChoices();
  void redraw();
  void drawSingle(const AttentionHeads& heads, const QStringList& xLabels,
                  const QStringList& yLabels);
  void drawAll(const ExampleAttention& example);
  void showTooltip(QMouseEvent* event);
  AttentionKind kind() const;
  QString shortKindName() const;
  QStringList labels(const std::vector<int>& tokens, bool source) const;

  QCustomPlot* m_plot;
  QWidget* m_controls;  // the row of boxes above the plot
  QComboBox* m_kind;
  QSpinBox* m_layer;
  QComboBox* m_head;
  QComboBox* m_example;
  QCPColorMap* m_map = nullptr;  // single-head mode
  struct GridCell {
    QCPColorMap* map;
    int layer;  // 0-based
    int head;   // 0-based
  };
  QVector<GridCell> m_grid;  // all-heads mode: one thumbnail per layer and head
  const GridCell* gridCellAt(const QPointF& position) const;
  void openGridCell(QMouseEvent* event);
  Snapshot m_snapshot;
  QStringList m_sourcePieces, m_targetPieces;
  QStringList m_xLabels, m_yLabels;
  bool m_hasData = false;
  bool m_showIdeal = false;
  QString m_caption;
  int m_idealCells = 0;
};

}  // namespace attn::ui
