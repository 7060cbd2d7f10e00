#include "docklayout.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHelpEvent>
#include <QMainWindow>
#include <QTabBar>
#include <QToolTip>

namespace attn::ui {

bool isInFront(const QDockWidget* dock) {
  return dock->isVisible() && !dock->visibleRegion().isEmpty();
}

DockLayout::DockLayout(QMainWindow* window) : QObject(window), m_window(window) {
  // KDevelop's way: the analysis column's tabs run down the window's right
  // edge, so that their names need the window's height, not the column's width.
  m_window->setTabPosition(Qt::RightDockWidgetArea, QTabWidget::East);
  // The tab bars QMainWindow makes for tabbed docks: their tooltips name the
  // dock in full (filtered here, as the bars come and go with the layout).
  qApp->installEventFilter(this);
}

QDockWidget* DockLayout::add(QWidget* content, const QString& title, const QString& shortTitle,
                             const QString& objectName, Qt::DockWidgetArea area) {
  auto* dock = new QDockWidget(shortTitle, m_window);
  dock->setObjectName(objectName);
  dock->setWidget(content);
  m_window->addDockWidget(area, dock);
  if (QDockWidget* previous = m_last.value(area)) m_window->tabifyDockWidget(previous, dock);
  m_last[area] = dock;
  m_docks << dock;
  m_titles[dock] = title;

  auto* action = new QAction(title, this);
  action->setCheckable(true);
  action->setObjectName(objectName + QStringLiteral("Action"));
  connect(dock, &QDockWidget::visibilityChanged, action,
          [action, dock] { action->setChecked(!dock->isHidden()); });
  connect(action, &QAction::triggered, dock, [dock] {
    if (isInFront(dock))
      dock->hide();
    else
      bringToFront(dock);
  });
  m_actions << action;
  return dock;
}

void DockLayout::bringToFront(QDockWidget* dock) {
  dock->show();
  dock->raise();
  if (QWidget* content = dock->widget()) {
    // The first control that takes the keyboard (the Inspector's text field,
    // a dock's first box), else the dock itself.
    QWidget* target = content->focusPolicy() != Qt::NoFocus ? content : nullptr;
    if (!target) {
      for (QWidget* child : content->findChildren<QWidget*>()) {
        if (child->focusPolicy() & Qt::TabFocus && child->isEnabled()) {
          target = child;
          break;
        }
      }
    }
    (target ? target : content)->setFocus(Qt::ShortcutFocusReason);
  }
}

bool DockLayout::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::ToolTip) return false;
  auto* bar = qobject_cast<QTabBar*>(watched);
  if (!bar || bar->parent() != m_window) return false;
  const auto* help = static_cast<QHelpEvent*>(event);
  const int tab = bar->tabAt(help->pos());
  if (tab < 0) return false;
  for (QDockWidget* dock : m_docks) {
    if (dock->windowTitle() == bar->tabText(tab)) {
      QToolTip::showText(help->globalPos(), m_titles.value(dock), bar, bar->tabRect(tab));
      return true;
    }
  }
  return false;
}

}  // namespace attn::ui
