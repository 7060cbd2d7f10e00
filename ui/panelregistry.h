#pragma once
// The docks of the main window beyond its fixed frame (setup, curves, data,
// log). The window, the View menu, `attention-studio --dock`, "Export all
// figures" and the saved layout's version all loop over this list: a new dock
// is its own files plus one line in panelregistry.cpp.

#include <QString>
#include <QStringList>
#include <Qt>
#include <functional>
#include <vector>

namespace attn::ui {

class DockPanel;
class RunHistory;

struct PanelEntry {
  // The name `--dock` takes; the dock's object name is key + "Dock".
  const char* key;
  // The dock's name, marked for translation in the "attn::ui::PanelRegistry"
  // context: in full for the View menu and the tab's tooltip, and short for
  // its tab (eight tabs must fit a laptop screen's height).
  const char* title;
  const char* shortTitle;
  // Bottom: tabbed with the training curves; right: the analysis column.
  Qt::DockWidgetArea area;
  std::function<DockPanel*(const RunHistory* history)> make;
};

// In the order the tabs appear.
const std::vector<PanelEntry>& panelRegistry();
QString panelTitle(const PanelEntry& entry);
QString panelShortTitle(const PanelEntry& entry);

// Every dock's key: the window's fixed docks (setup, curves, data, log), then
// the registry's. Its object name is key + "Dock"; `--dock` takes these.
QStringList dockKeys();

// The version a saved window layout is stored under: it changes whenever the
// set of docks (`keys`, in order) or `revision` (bumped when the
// arrangement changes) does, so a layout saved with other docks is ignored
// rather than half-applied.
int layoutVersion(const QStringList& keys, int revision);

}  // namespace attn::ui
