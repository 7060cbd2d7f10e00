#pragma once
// Lives on the UI thread. The residual stream: its mean L2 norm after each
// sub-layer (x + Sublayer(x), taken before a post-norm model's LayerNorm, which
// would rescale every position to about √d_model), through the encoder then the
// decoder, at the selected moment, with the first captured moment drawn faintly
// for comparison.
//
// currentValues(): the norms at the selected moment, encoder layers first
// (2 sub-layers each), then decoder layers (3 each).

#include "analysispanel.h"

class QCPGraph;
class QCPTextElement;

namespace attn::ui {

class ResidualPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  explicit ResidualPanel(const RunHistory* history, QWidget* parent = nullptr);
  QVector<double> currentValues() const override;

 protected:
  void rebuild() override;
  void drawMoment() override;

 private:
  QVector<double> norms(int moment) const;
  // Names where the norms were taken (runs recorded by earlier versions differ).
  void setTitle();
  void setStream(QCPGraph* graph, const QVector<double>& values) const;
  QCPTextElement* m_title;
  int m_encoderPositions = 0;  // values before the decoder's in norms()
  QCPGraph* m_first;
  QCPGraph* m_current;
};

}  // namespace attn::ui
