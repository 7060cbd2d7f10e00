#include "runcomparison.h"

#include <QEvent>
#include <QSplitter>
#include <QTabBar>
#include <QVBoxLayout>

#include "attentionview.h"
#include "runhistory.h"

namespace attn::ui {
namespace {
// What one heatmap needs to stay readable: its tokens, colour scale and title.
constexpr int kReadableWidth = 440;
constexpr int kReadableHeight = 260;
}  // namespace

RunComparison::RunComparison(AttentionView* main, const RunHistory* history, QWidget* parent)
    : QObject(parent),
      m_widget(new QWidget(parent)),
      m_tabs(new QTabBar(m_widget)),
      m_splitter(new QSplitter(Qt::Horizontal, m_widget)),
      m_main(main),
      m_view(new AttentionView),
      m_mainHistory(history),
      m_history(new RunHistory(this)) {
  m_widget->setObjectName(QStringLiteral("attentionCentre"));
  m_splitter->setObjectName(QStringLiteral("attentionSplitter"));
  m_splitter->addWidget(m_main);
  m_splitter->addWidget(m_view);
  m_splitter->setChildrenCollapsible(false);
  m_tabs->setObjectName(QStringLiteral("comparisonTabs"));
  m_tabs->addTab(QString());
  m_tabs->addTab(QString());
  m_tabs->hide();
  auto* layout = new QVBoxLayout(m_widget);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  layout->addWidget(m_tabs);
  layout->addWidget(m_splitter, 1);
  m_view->setObjectName(QStringLiteral("comparisonView"));
  m_view->hide();
  m_view->setControlsVisible(false);  // it mirrors the main view's selection
  connect(m_main, &AttentionView::selectionChanged, m_view,
          [this] { m_view->select(m_main->selection()); });
  connect(m_tabs, &QTabBar::currentChanged, this, [this](int tab) {
    if (m_arrangement != Arrangement::Tabs) return;
    // The main view keeps its controls on its tab; the compared one follows them.
    m_main->setVisible(tab == 0);
    m_view->setVisible(tab == 1);
  });
  // Docks resized or the window resized: the centre's size decides.
  m_widget->installEventFilter(this);
}

bool RunComparison::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_widget && event->type() == QEvent::Resize) arrange();
  return false;
}

bool RunComparison::open(const QString& directory, QString* error) {
  if (!m_history->open(directory, error)) return false;
  m_active = true;
  m_view->clear();
  m_view->setVocabulary(m_history->sourcePieces(), m_history->targetPieces());
  m_arrangement = Arrangement::SideBySide;
  m_splitter->setSizes({1, 1});  // arrange() shares the space anew
  arrange();
  updateCaptions();
  return true;
}

void RunComparison::stop() {
  m_active = false;
  m_history->clear();
  m_view->clear();
  m_main->setComparedSnapshot(nullptr);
  m_view->hide();
  m_main->show();
  m_tabs->hide();
  updateCaptions();
}

void RunComparison::showStep(qint64 step) {
  if (!active()) return;
  const int other = m_history->momentAtStep(step);
  auto compared = other >= 0 ? m_history->snapshot(other) : nullptr;
  if (compared) {
    m_view->setSnapshot(*compared);
    m_view->select(m_main->selection());
  }
  m_main->setComparedSnapshot(compared.get());  // for "− compared run"
}

void RunComparison::arrange() {
  if (!active()) return;
  const QSize room = m_widget->size();
  const Arrangement wanted = room.width() >= 2 * kReadableWidth     ? Arrangement::SideBySide
                             : room.height() >= 2 * kReadableHeight ? Arrangement::Stacked
                                                                    : Arrangement::Tabs;
  const bool changed = wanted != m_arrangement || m_splitter->sizes().value(1) < 40;
  m_arrangement = wanted;
  m_tabs->setVisible(wanted == Arrangement::Tabs);
  if (wanted == Arrangement::Tabs) {
    m_main->setVisible(m_tabs->currentIndex() == 0);
    m_view->setVisible(m_tabs->currentIndex() == 1);
    return;
  }
  m_main->show();
  m_view->show();
  if (!changed) return;  // a splitter the reader moved stays where it is
  const Qt::Orientation orientation =
      wanted == Arrangement::SideBySide ? Qt::Horizontal : Qt::Vertical;
  m_splitter->setOrientation(orientation);
  const int extent = orientation == Qt::Horizontal ? room.width() : room.height();
  m_splitter->setSizes({extent / 2, extent - extent / 2});
}

void RunComparison::updateCaptions() {
  const QString mine = m_mainHistory->implementation();
  QString other = m_history->implementation();
  if (other == mine) other = m_history->runName();
  m_main->setCaption(active() ? mine : QString());
  m_view->setCaption(other);
  m_tabs->setTabText(
      0, active() && mine == m_history->implementation() ? m_mainHistory->runName() : mine);
  m_tabs->setTabText(1, other);
}

}  // namespace attn::ui
