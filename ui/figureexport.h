#pragma once
// Lives on the UI thread. The window's figure export: where figures go (the
// run's visualizations/ folder, named after the run; the home folder while
// no run is open), the dialogs that ask for the place, size and format, and
// a message that says where they went.

#include <QObject>
#include <QString>
#include <functional>

#include "attentionview.h"
#include "figures.h"

class QCustomPlot;
class QWidget;

namespace attn::ui {

class DockPanel;
class LossPlot;
class RunHistory;

// Every figure of the window at the moment shown into `folder`: the heatmap
// (and its numbers as CSV), the training curves and each dock's figures.
// Returns the files written; *error collects what could not be written.
QStringList writeWindowFigures(AttentionView* heatmap, LossPlot* curves,
                               const QList<DockPanel*>& docks, const QString& folder,
                               const FigureOptions& options, QString* error);

class FigureExport : public QObject {
  Q_OBJECT

 public:
  // `window` parents the dialogs; `history` says whether there is anything
  // to export yet.
  FigureExport(QWidget* window, const RunHistory* history);

  void setRunDirectory(const QString& directory) { m_runDirectory = directory; }
  // <run>/visualizations, or the home folder while no run is open.
  QString folder() const;

  // One plot (PNG, or PDF by extension), and the numbers drawn beside it as
  // <name>.csv when `csv` is given.
  void exportPlot(QCustomPlot* plot, const QString& name, const QString& csv = QString());
  // Every figure the window draws, written by `writeAll` into the folder chosen.
  using WriteAll =
      std::function<QStringList(const QString& folder, const FigureOptions&, QString* error)>;
  void exportAll(const WriteAll& writeAll);
  // The tutorial's figures (curves, attention evolution of `selection`, Q/K/V
  // evolution, gradient flow, a heatmap per layer).
  void writeTutorial(const AttentionView::Selection& selection);
  // False, after saying so, while there is no run to draw a figure from.
  bool hasSomethingToExport(const QString& title) const;

 signals:
  // "Saved …": where the figures went, for the status bar and the log.
  void saved(const QString& message);

 private:
  // A folder export's result: the error in a dialog, the count and place as a message.
  void report(const QString& title, const QStringList& written, const QString& folder,
              const QString& error);

  QWidget* m_window;
  const RunHistory* m_history;
  QString m_runDirectory;
};

}  // namespace attn::ui
