#pragma once
// Lives on the UI thread. Where a window's docks sit and how a person finds
// them: the analysis docks tabbed down the right edge with short names
// (the full name in the tab's tooltip and the View menu), so that every tab
// shows on a 1366×768 laptop in either language; View menu entries that bring
// a dock to the front and give it the keyboard, even when it is behind
// another tab; and the arrangement saved and restored with the window.

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class QAction;
class QDockWidget;
class QMainWindow;
class QWidget;

namespace attn::ui {

class DockLayout : public QObject {
  Q_OBJECT

 public:
  explicit DockLayout(QMainWindow* window);

  // A dock around `content` in `area`, tabbed behind the area's previous
  // dock; its tab says `shortTitle`, its tooltip and menu entry `title`.
  QDockWidget* add(QWidget* content, const QString& title, const QString& shortTitle,
                   const QString& objectName, Qt::DockWidgetArea area);
  QList<QDockWidget*> docks() const { return m_docks; }
  // Shows the dock, brings its tab to the front and gives it the keyboard.
  static void bringToFront(QDockWidget* dock);
  // The View menu's entry of each dock, in the order they were added:
  // checked while shown; choosing it brings the dock to the front, or hides
  // it when it is in front already.
  QList<QAction*> viewActions() const { return m_actions; }
  // The dock's full name (the tab may show a shorter one).
  QString fullTitle(const QDockWidget* dock) const { return m_titles.value(dock); }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QMainWindow* m_window;
  QList<QDockWidget*> m_docks;
  QList<QAction*> m_actions;
  QHash<const QDockWidget*, QString> m_titles;
  QHash<Qt::DockWidgetArea, QDockWidget*> m_last;  // the newest dock of each area
};

// Whether `dock` can be seen now: shown, and its tab in front.
bool isInFront(const QDockWidget* dock);

}  // namespace attn::ui
