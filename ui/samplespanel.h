#pragma once
// Lives on the UI thread. The evaluation samples of the epoch at (or before)
// the selected moment: source, reference, greedy and beam predictions, and
// whether greedy decoding got it exactly right. Choosing a row that is one of
// the probe examples (the first rows; the run records attention for those
// only) shows that example in the attention view; the other rows say so.
// Predictions that differ from the reference mark the differing characters;
// "wrong only" hides the rows greedy decoding got right.
//
// currentValues(): 1 or 0 per row, whether the greedy prediction is correct.

#include "analysispanel.h"

class QCheckBox;
class QLabel;
class QTableWidget;

namespace attn::ui {

class SamplesPanel : public AnalysisPanel {
  Q_OBJECT

 public:
  explicit SamplesPanel(const RunHistory* history, QWidget* parent = nullptr);
  QVector<double> currentValues() const override;
  QTableWidget* table() const { return m_table; }
  // The epoch shown (0 when none).
  int shownEpoch() const { return m_epoch; }
  void setWrongOnly(bool wrongOnly);
  // A row chosen opens its example in the central heatmap; one activated, its
  // source in the Inspector.
  void attach(const PanelServices& services) override;
  // The table drawn afresh at the requested size, not resized in its dock.
  QString exportFigures(const QString& folder, const FigureOptions& options,
                        QStringList* written) override;

 signals:
  // Row `example` (0-based) was chosen.
  void exampleChosen(int example);
  // A row was activated (double-click, Enter): read its source in the Inspector.
  void inspectRequested(const QString& source);

 protected:
  // The history gained data or was replaced: the shown epoch may be another
  // run's with the same number.
  void rebuild() override { m_epoch = -1; }
  void drawMoment() override;

 private:
  void hideRightRows();
  QLabel* m_title;
  QString m_titleBase;  // the epoch's line, before the filter's count
  QCheckBox* m_wrongOnly;
  QTableWidget* m_table;
  int m_epoch = -1;
  int m_probes = 0;  // examples whose attention the run records (the first rows)
};

}  // namespace attn::ui
