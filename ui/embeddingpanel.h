#pragma once
// Lives on the UI thread. Token embeddings projected onto their two principal
// axes, labelled with their tokens, with trails through the epoch ends that
// show how each token moved. One projection is fitted to every epoch end's
// embeddings together, so positions at different times share axes and motion
// means motion (it is refitted only when a new epoch ends).
//
// Token labels that would cover another label or a point move to another
// corner of their point, or are hidden (zooming in shows them); the axes
// say how much of the variance each principal component holds.
//
// currentValues(): x then y of each token at the selected moment, in
// vocabulary order.

#include "analysispanel.h"
#include "attn/projection.h"

class QCheckBox;
class QSpinBox;
class QCPGraph;
class QCPTextElement;

namespace attn::ui {

class EmbeddingPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  explicit EmbeddingPanel(const RunHistory* history, QWidget* parent = nullptr);
  QVector<double> currentValues() const override;
  const Projection2D& projection() const { return m_projection; }
  int hiddenLabelCount() const { return m_hiddenLabels; }

 protected:
  void rebuild() override;
  void drawMoment() override;

 private:
  QVector<int> fitMoments() const;  // the moments the projection is fitted on
  void placeLabels();               // after each layout, in pixels
  QCheckBox* m_trails;
  QSpinBox* m_trailLength;
  QCPGraph* m_points = nullptr;
  QCPTextElement* m_hint = nullptr;  // how many labels are hidden
  int m_hiddenLabels = 0;
  Projection2D m_projection;
  QVector<int> m_fitted;                                    // moments of the current fit
  double m_xLow = 0, m_xHigh = 1, m_yLow = 0, m_yHigh = 1;  // axes that hold every moment
};

}  // namespace attn::ui
