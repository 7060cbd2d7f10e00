#pragma once
// Lives on the UI thread. The attention heatmap of one kind, layer, head and
// probe example, labelled with its tokens; or the mean or maximum over a
// layer's heads; or every layer × head at once. The colour scale is linear,
// logarithmic or stretched over the values shown (auto contrast). One map can
// be shown as a difference: minus another head, minus a pinned moment or
// minus the compared run, on a diverging scale.

#include <QHash>
#include <QStringList>
#include <QVector>
#include <QWidget>
#include <optional>

#include "attentionmaps.h"
#include "heatmapdrawing.h"
#include "metatypes.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QBoxLayout;
class QComboBox;
class QPushButton;
class QSpinBox;

namespace attn::ui {

class AttentionView : public QWidget {
  Q_OBJECT

 public:
  explicit AttentionView(QWidget* parent = nullptr);

  // Head choices besides a head's index (0-based): every layer × head as
  // thumbnails, the mean or the maximum over a layer's heads, and the
  // attention rollout through the layers up to this one (attentionrollout.h).
  static constexpr int kAllHeads = AttentionMaps::kAllHeads;
  static constexpr int kMeanOfHeads = AttentionMaps::kMeanOfHeads;
  static constexpr int kMaxOfHeads = AttentionMaps::kMaxOfHeads;
  static constexpr int kRollout = AttentionMaps::kRollout;
  using ColourScale = attn::ui::ColourScale;

  QCustomPlot* plot() const { return m_plot; }
  bool hasData() const { return m_hasData; }
  // The value drawn at (query, key) in single-head mode (tests compare it with the snapshot).
  double cellValue(int query, int key) const;
  // "encoder-self", "decoder-self" or "cross"; layer and head 0-based, or
  // one of the head choices above.
  void select(AttentionKind kind, int layer, int head, int example);
  QString figureName() const;
  // Outline the ideal alignment (built-in tasks) on a single-head cross-attention map.
  void setIdealAlignmentVisible(bool visible);
  // Shows probe example `example` (0-based) when the snapshot has it.
  void showExample(int example);
  // What is selected: kind, layer (0-based), head (0-based or a choice
  // above), example, colour scale.
  struct Selection {
    AttentionKind kind;
    int layer;
    int head;
    int example;
    ColourScale scale = ColourScale::Linear;
  };
  Selection selection() const;
  void select(const Selection& selection);
  void setColourScale(ColourScale scale);
  // The numbers drawn now, as CSV (C locale, for notebooks and
  // spreadsheets): one row per query and a column per key for one map; one
  // line per layer, head, query and key for all heads. Empty without data.
  QString shownCsv() const;

  // What a single map is compared with (subtracted): nothing, another head
  // of the same layer (0-based `head`), the pinned moment, or the compared
  // run's map at this step.
  enum class Reference { None, OtherHead, PinnedMoment, ComparedRun };
  void setDifference(Reference reference, int otherHead = 0);
  Reference difference() const;
  // Keeps the moment shown now as the reference for "− pinned moment".
  void pinMoment();
  // The compared run's snapshot at this step; nullptr when not comparing.
  void setComparedSnapshot(const Snapshot* snapshot);
  // Why the difference cannot be drawn now (e.g. the maps' shapes differ); empty when it is.
  QString differenceProblem() const { return m_differenceProblem; }
  // A word before the title (e.g. the implementation, when two are side by side).
  void setCaption(const QString& caption);
  // Shows what `other` shows: kind, layer, head, example, colour scale, the
  // pinned moment and the difference (a window made again in another language).
  void copyViewFrom(const AttentionView& other);

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
  void setControlsVisible(bool visible) { m_controls->setVisible(visible); }
  // Puts `button` (e.g. a help button) at the end of the row of boxes.
  void addControl(QWidget* button);

 protected:
  void resizeEvent(QResizeEvent* event) override;

 public:
 private:
  void rebuildChoices();
  void redraw();
  int currentHead() const;
  // The weight shown at (query, key) of `layer` for `head` (an index or a
  // choice above), read from the snapshot as the model computed it.
  double shownValue(int layer, int head, int query, int key) const;
  // The same cell in the difference's reference; NaN when it has none.
  double referenceValue(int layer, int head, int query, int key) const;
  QString referenceName() const;
  AttentionMaps m_maps;  // the snapshot shown, the pinned one, the compared run's
  void rebuildDifferenceChoices();
  void drawSingle(const AttentionHeads& heads, const QStringList& xLabels,
                  const QStringList& yLabels);
  void drawAll(const ExampleAttention& example);
  void showTooltip(QMouseEvent* event);
  AttentionKind kind() const;
  ColourScale colourScale() const;
  QString shortKindName() const;
  QStringList labels(const std::vector<int>& tokens, bool source) const;
  QString headName(int head) const;

  QCustomPlot* m_plot;
  void arrangeControls();
  QWidget* m_controls;  // the boxes above the plot: what is shown, then how
  QWidget* m_what;      // kind, layer, head, example
  QWidget* m_how;       // colour scale, difference, pin, help
  QBoxLayout* m_controlRows;
  QComboBox* m_kind;
  QSpinBox* m_layer;
  QComboBox* m_head;
  QComboBox* m_example;
  QComboBox* m_scale;
  QComboBox* m_difference;
  QPushButton* m_pin;
  QString m_differenceProblem;
  bool m_showingDifference = false;  // the single map drawn is a difference
  int m_headCount = 0;               // heads listed in m_head
  QCPColorMap* m_map = nullptr;      // single-head mode
  using GridCell = HeadThumbnail;
  QVector<GridCell> m_grid;  // all-heads mode: one thumbnail per layer and head
  const GridCell* gridCellAt(const QPointF& position) const;
  void openGridCell(QMouseEvent* event);
  QStringList m_sourcePieces, m_targetPieces;
  QStringList m_xLabels, m_yLabels;
  bool m_hasData = false;
  bool m_showIdeal = false;
  QString m_caption;
  int m_idealCells = 0;
  int m_shownLayer = 0;  // single-map mode: the layer drawn (0-based)
};

}  // namespace attn::ui
