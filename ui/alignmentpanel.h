#pragma once
// Lives on the UI thread. Built-in tasks know which source position each
// target position should attend to. This panel plots, per decoder layer, the
// share of cross-attention on that ideal alignment at every evaluation, and
// offers to overlay the ideal alignment on the cross-attention heatmap.
//
// currentValues(): per decoder layer, the score of the evaluation at (or
// before) the selected moment.

#include "analysispanel.h"

class QCheckBox;

namespace attn::ui {

class AlignmentPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  explicit AlignmentPanel(const RunHistory* history, QWidget* parent = nullptr);
  QVector<double> currentValues() const override;
  void setOverlay(bool on);
  // The overlay box draws the ideal alignment over the central heatmap.
  void attach(const PanelServices& services) override;

 signals:
  void overlayToggled(bool on);

 protected:
  void rebuild() override;
  void drawMoment() override;

 private:
  QCheckBox* m_overlay;
  QCPItemStraightLine* m_cursor;
};

}  // namespace attn::ui
