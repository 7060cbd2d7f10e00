#pragma once
// Lives on the UI thread. A dock of the panel registry (panelregistry.h): the
// window makes each one, puts it in a dock and loops over all of them to hand
// on the run's history, the timeline's moment and the run shown, and to
// export their figures. A panel connects itself to what the window shares in
// attach(), so adding a dock touches nothing but its own files and one line
// of the registry.

#include <QWidget>
#include <functional>
#include <memory>

#include "metatypes.h"

class QCustomPlot;

namespace attn::ui {

class AttentionView;
class RunHistory;
class TrainingController;
struct FigureOptions;

// What the window shares with its docks.
struct PanelServices {
  const RunHistory* history = nullptr;
  AttentionView* heatmap = nullptr;  // the central attention view
  TrainingController* controller = nullptr;
  // The Setup dock's configuration as it is now.
  std::function<RunConfig()> setup;
  // Opens a head in the central heatmap (the compared run's view follows).
  std::function<void(AttentionKind kind, int layer, int head)> showHead;
  // Reads a sentence in the Inspector (its dock brought to the front), with
  // the model it is set to: by default the checkpoint nearest the moment shown.
  std::function<void(const QString& text)> inspect;
};

class DockPanel : public QWidget {
  Q_OBJECT

 public:
  using QWidget::QWidget;

  // Once, after the window has made every dock.
  virtual void attach(const PanelServices& services);
  // The history now holds another run.
  virtual void historyReplaced() {}
  // The history gained data.
  virtual void historyChanged() {}
  // The timeline selected moment `index` (−1: none); `snapshot` is that
  // moment's whole snapshot, or nullptr where it could not be read.
  virtual void setMoment(int index, std::shared_ptr<const Snapshot> snapshot);
  // Brings the drawing up to date even while hidden (before an export).
  virtual void bringUpToDate() {}
  // The run shown: opened (`training` false), started (true), or its training ended.
  virtual void runChanged(const QString& directory, bool training);
  // This dock's figures at the current moment into `folder`, appended to
  // `written`; an error message, empty on success.
  virtual QString exportFigures(const QString& folder, const FigureOptions& options,
                                QStringList* written) = 0;

 signals:
  // The user asked to export one figure of this dock (right-click on a plot).
  void exportRequested(QCustomPlot* plot, const QString& name);
};

}  // namespace attn::ui
