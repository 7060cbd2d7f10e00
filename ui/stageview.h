#pragma once
// Lives on the UI thread. The inspector's stage view: every stage of one
// layer for one head and query position, top to bottom as the model computes
// them, each with its name, whether it is linear or not, its tensor's shape,
// its values as a heat strip (a matrix for K and V) and a line on what it
// means. Masked cells (−inf) are drawn black and say so.

#include <QVector>
#include <QWidget>
#include <vector>

#include "attn/inspection.h"

namespace attn::ui {

class StageView : public QWidget {
  Q_OBJECT

 public:
  explicit StageView(QWidget* parent = nullptr);

  void setStages(std::vector<Stage> stages, const QString& heading);
  void clear();
  const std::vector<Stage>& stages() const { return m_stages; }
  const QString& heading() const { return m_heading; }
  // The top of the first stage whose id starts with `prefix` (−1: none).
  int stageTop(const QString& prefix) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;
  // The text of the tooltip at `position` (tests).
  QString tooltipAt(const QPoint& position) const;

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  bool event(QEvent* event) override;

 private:
  struct Row {
    int top = 0;
    int height = 0;
    bool header = false;  // a block's heading (self-attention, feed-forward …)
    QString text;         // the heading
    int stage = -1;       // index into m_stages
    QRect strip;          // where the values are drawn
    int columns = 0;      // cells per line of the strip
    int lines = 0;        // lines (rows of a matrix)
    int noteHeight = 0;   // the statistics and the note, wrapped to the width
  };
  void layoutRows();
  // The line under a stage's values: its statistics, then what it is.
  QString statisticsAndNote(const Stage& stage) const;
  QFont smallFont() const;
  int contentHeight() const;

  std::vector<Stage> m_stages;
  QString m_heading;
  QVector<Row> m_rows;
  int m_laidOutWidth = -1;
};

}  // namespace attn::ui
