#pragma once
// Lives on the UI thread. The common shape of the analysis docks: each reads
// the run's history, draws what spans time once per change, and redraws the
// selected moment when the timeline moves. A hidden dock defers its work until
// it is shown (or exported).

#include <QVector>

#include "dockhelp.h"
#include "dockpanel.h"

class QCustomPlot;
class QCPItemStraightLine;
class QHBoxLayout;
class QLabel;

namespace attn::ui {

class RunHistory;

class AnalysisPanel : public DockPanel {
  Q_OBJECT

 public:
  AnalysisPanel(const RunHistory* history, const QString& figureBase, QWidget* parent = nullptr);

  void historyChanged() override;
  // A "?" at the end of the options row that says what this view shows.
  void addHelp(HelpTopic topic);
  // The moment shown is forgotten (its index may not exist in the other
  // run) until the timeline selects one.
  void historyReplaced() override;
  void setMoment(int index, std::shared_ptr<const Snapshot> snapshot) override;
  void bringUpToDate() override;
  // The plot at the current moment (brought up to date first).
  QString exportFigures(const QString& folder, const FigureOptions& options,
                        QStringList* written) override;

  int moment() const { return m_moment; }
  // The figure to export; nullptr for panels that are not a plot.
  virtual QCustomPlot* plot() const { return m_plot; }
  // File name (without extension) of the figure at the current moment.
  QString figureName() const;
  // The numbers this panel draws for the current moment, in the order its
  // header documents (tests compare them with the history reader).
  virtual QVector<double> currentValues() const = 0;

 protected:
  // Rebuild the series over time from the history.
  virtual void rebuild() = 0;
  // Draw the current moment (m_moment, m_snapshot); then replot.
  virtual void drawMoment() = 0;
  // The plot changed size (panels that arrange small plots by size redo it).
  virtual void plotResized() {}
  bool eventFilter(QObject* watched, QEvent* event) override;
  void showEvent(QShowEvent* event) override;
  // x of the current moment for time cursors (its step), NaN when none.
  double momentStep() const;
  // For panels whose moment is only a cursor over curves: a full replot when
  // rebuild() changed the curves (it sets m_curvesChanged), else only the
  // cursor layer.
  void replotMoment();
  bool m_curvesChanged = true;
  // A message across the plot when there is nothing to show.
  void setEmptyMessage(const QString& message);

  const RunHistory* m_history;
  QCustomPlot* m_plot = nullptr;
  QHBoxLayout* m_options;  // controls above the plot
  int m_moment = -1;
  std::shared_ptr<const Snapshot> m_snapshot;

 private:
  QString m_figureBase;
  QLabel* m_empty;
  bool m_stale = true;        // rebuild() pending
  bool m_momentStale = true;  // drawMoment() pending
};

}  // namespace attn::ui
