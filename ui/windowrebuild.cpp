#include "windowrebuild.h"

#include "attentionview.h"
#include "inspectorpanel.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "timeline.h"

namespace attn::ui {

MainWindow* remakeWindow(MainWindow& window) {
  // Size, docks and setup travel through the settings, as between two starts.
  window.saveSettings();
  auto* next = new MainWindow;
  next->setAttribute(Qt::WA_DeleteOnClose);
  next->setRunsDirectory(window.runsDirectory());
  next->setAskBeforeClosing(window.askBeforeClosing());
  const int moment = window.timeline()->current();
  const bool following = window.timeline()->following();
  const QString run = window.runDirectory();
  if (!run.isEmpty() && next->openRun(run, /*quiet=*/true).isEmpty()) {
    const QString compared = window.comparison()->directory();
    if (!compared.isEmpty()) next->compareWith(compared, /*quiet=*/true);
    if (!following && moment >= 0) next->timeline()->select(moment);
  }
  // The heatmap shows what it showed: kind, layer, head, example, colour
  // scale, rollout and difference.
  next->attentionView()->copyViewFrom(*window.attentionView());
  // The Inspector reads the same sentence with the same model again, on the same tab.
  auto* inspector = window.panel<InspectorPanel>();
  auto* nextInspector = next->panel<InspectorPanel>();
  if (inspector && nextInspector) nextInspector->copyViewFrom(*inspector);
  next->show();
  window.setAttribute(Qt::WA_DeleteOnClose);
  window.close();
  return next;
}

}  // namespace attn::ui
