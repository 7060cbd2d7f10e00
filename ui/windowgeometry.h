#pragma once
// Lives on the UI thread. A window's place, size and dock layout: restored
// from the last start within the screen it opens on (a window saved on a
// larger screen, or at another scale, is moved and shrunk to fit), or a roomy
// first size.

#include <QByteArray>
#include <QRect>

class QMainWindow;
class QWidget;

namespace attn::ui {

// `frame` (the window with its title bar) moved and shrunk into `available`,
// keeping its size where it fits; `minimum` is never shrunk past.
QRect fittedFrame(const QRect& frame, const QRect& available, const QSize& minimum = {});

// Restores `saved` (QWidget::saveGeometry) on `window`, then fits it to the
// available area of the screen it is on; a first start (nothing saved) gets
// 1500×950 or nine tenths of the screen, whichever is smaller.
void restoreWindowGeometry(QWidget* window, const QByteArray& saved);

// The geometry and the docks' arrangement in the settings ("window/…"). A
// layout saved under another `version` (other docks) is ignored, not
// half-applied.
void restoreWindowLayout(QMainWindow* window, int version);
void saveWindowLayout(const QMainWindow* window, int version);

}  // namespace attn::ui
