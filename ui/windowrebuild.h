#pragma once
// Lives on the UI thread. View → Language without a restart: the window is
// made again in the language installed now, with what the person was looking
// at (size, docks, setup, open and compared run, moment, the heatmap's view,
// the Inspector's sentence, model and tab).

namespace attn::ui {

class MainWindow;

// The new window, shown and deleted when closed; `window` closes. Only
// while nothing trains in `window`.
MainWindow* remakeWindow(MainWindow& window);

}  // namespace attn::ui
