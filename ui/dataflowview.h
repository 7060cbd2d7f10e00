#pragma once
// Lives on the UI thread. The inspector's data-flow diagram: the whole model
// for the inspected sentence, source on the left and target on the right
// (embedding + positional encoding → encoder layers → memory; <bos> +
// prediction → decoder layers, each reading the memory → linear → softmax),
// with the tensor shape on every arrow. Clicking a box asks for its stages.

#include <QVector>
#include <QWidget>
#include <vector>

#include "attn/inspection.h"

namespace attn::ui {

class DataFlowView : public QWidget {
  Q_OBJECT

 public:
  explicit DataFlowView(QWidget* parent = nullptr);

  void setFlow(std::vector<FlowNode> nodes, std::vector<FlowEdge> edges);
  void clear();
  // Outlines the box whose id starts `id` (the layer the stage view shows).
  void setCurrent(const QString& id);
  int nodeCount() const { return int(m_nodes.size()); }
  const QString& current() const { return m_current; }
  // The box of node `index` (tests click it).
  QRect nodeRect(int index) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 signals:
  // A box was clicked: its node (id, part, layer).
  void nodeClicked(const attn::FlowNode& node);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void layoutNodes();

  std::vector<FlowNode> m_nodes;
  std::vector<FlowEdge> m_edges;
  QVector<QRect> m_rects;
  int m_laidOutWidth = -1;
  QString m_current;
};

}  // namespace attn::ui
