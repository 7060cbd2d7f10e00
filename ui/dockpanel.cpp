#include "dockpanel.h"

namespace attn::ui {

void DockPanel::attach(const PanelServices& services) { Q_UNUSED(services); }

void DockPanel::setMoment(int index, std::shared_ptr<const Snapshot> snapshot) {
  Q_UNUSED(index);
  Q_UNUSED(snapshot);
}

void DockPanel::runChanged(const QString& directory, bool training) {
  Q_UNUSED(directory);
  Q_UNUSED(training);
}

}  // namespace attn::ui
