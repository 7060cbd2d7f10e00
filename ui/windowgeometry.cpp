#include "windowgeometry.h"

#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QWidget>
#include <algorithm>

namespace attn::ui {

QRect fittedFrame(const QRect& frame, const QRect& available, const QSize& minimum) {
  if (!available.isValid()) return frame;
  QRect fitted = frame;
  fitted.setWidth(std::max(std::min(frame.width(), available.width()), minimum.width()));
  fitted.setHeight(std::max(std::min(frame.height(), available.height()), minimum.height()));
  // Left and top edges win where the window is larger than the screen: its
  // title bar and menus stay reachable.
  fitted.moveLeft(
      std::max(available.left(), std::min(fitted.left(), available.right() + 1 - fitted.width())));
  fitted.moveTop(
      std::max(available.top(), std::min(fitted.top(), available.bottom() + 1 - fitted.height())));
  return fitted;
}

void restoreWindowGeometry(QWidget* window, const QByteArray& saved) {
  QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
  const QRect available = screen ? screen->availableGeometry() : QRect(0, 0, 1500, 950);
  if (saved.isEmpty() || !window->restoreGeometry(saved)) {
    window->resize(std::min(1500, available.width() * 9 / 10),
                   std::min(950, available.height() * 9 / 10));
    return;
  }
  // restoreGeometry keeps the size saved on another screen or at another
  // scale: the frame (title bar included) is brought within this one.
  const QRect frame = window->frameGeometry();
  const QRect fitted = fittedFrame(frame, available, window->minimumSize());
  if (fitted == frame) return;
  const QSize decoration = frame.size() - window->geometry().size();
  window->resize(fitted.size() - decoration);
  window->move(fitted.topLeft());
}

void restoreWindowLayout(QMainWindow* window, int version) {
  QSettings settings;
  restoreWindowGeometry(window, settings.value(QStringLiteral("window/geometry")).toByteArray());
  window->restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), version);
}

void saveWindowLayout(const QMainWindow* window, int version) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
  settings.setValue(QStringLiteral("window/state"), window->saveState(version));
}

}  // namespace attn::ui
