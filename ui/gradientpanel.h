#pragma once
// Lives on the UI thread. Gradient flow: the gradient norm of every layer over
// the training steps (log axis), and at the selected moment a bar chart of the
// attention / FFN / LayerNorm gradient norms per layer with the embedding's,
// and each layer's grad/weight ratio. Layers far below or above the others
// (100× from the median) are marked vanishing or exploding.
//
// currentValues(): the embedding's gradient norm, then per layer (encoder
// first) attention, FFN and norm gradient norms, then the grad/weight ratios
// (embedding first, then per layer), all at the selected moment's step.

#include "analysispanel.h"

class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCPItemText;
class QCPTextElement;

namespace attn::ui {

class GradientPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  explicit GradientPanel(const RunHistory* history, QWidget* parent = nullptr);
  QVector<double> currentValues() const override;
  // Layer labels flagged at the current moment ("encoder 2: vanishing").
  QStringList warnings() const { return m_warnings; }

 protected:
  void rebuild() override;
  void drawMoment() override;

 private:
  QCPAxisRect* m_overTime;
  QCPAxisRect* m_atStep;
  QCPTextElement* m_stepTitle;
  QCPBars* m_embedding;
  QCPBars* m_attention;
  QCPBars* m_ffn;
  QCPBars* m_norm;
  QCPGraph* m_ratio;
  QCPItemStraightLine* m_cursor;
  QStringList m_warnings;
  QList<QCPItemText*> m_flags;  // the vanishing/exploding labels of this moment
  int m_layers = 0;
};

}  // namespace attn::ui
