#include "runcomparison.h"

#include <QEvent>
#include <QSplitter>

#include "attentionview.h"
#include "runhistory.h"

namespace attn::ui {
namespace {
// Narrower than this, the two heatmaps go one above the other.
constexpr int kSideBySideWidth = 900;
}  // namespace

RunComparison::RunComparison(QSplitter* centre, AttentionView* main, const RunHistory* history)
    : QObject(centre),
      m_centre(centre),
      m_main(main),
      m_view(new AttentionView),
      m_mainHistory(history),
      m_history(new RunHistory(this)) {
  m_centre->addWidget(m_view);
  m_centre->setChildrenCollapsible(false);
  m_view->setObjectName(QStringLiteral("comparisonView"));
  m_view->hide();
  m_view->setControlsVisible(false);  // it mirrors the main view's selection
  connect(m_main, &AttentionView::selectionChanged, m_view,
          [this] { m_view->select(m_main->selection()); });
  // Docks resized or the window resized: the centre's width decides.
  m_centre->installEventFilter(this);
}

bool RunComparison::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_centre && event->type() == QEvent::Resize) arrange();
  return false;
}

bool RunComparison::active() const { return !m_view->isHidden(); }

bool RunComparison::open(const QString& directory, QString* error) {
  if (!m_history->open(directory, error)) return false;
  m_view->clear();
  m_view->setVocabulary(m_history->sourcePieces(), m_history->targetPieces());
  m_view->show();
  arrange();
  updateCaptions();
  return true;
}

void RunComparison::stop() {
  m_history->clear();
  m_view->clear();
  m_main->setComparedSnapshot(nullptr);
  m_view->hide();
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
  const Qt::Orientation wanted =
      m_centre->width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical;
  if (m_centre->orientation() == wanted && m_centre->sizes().value(1) >= 40) return;
  m_centre->setOrientation(wanted);
  const int extent = wanted == Qt::Horizontal ? m_centre->width() : m_centre->height();
  m_centre->setSizes({extent / 2, extent - extent / 2});
}

void RunComparison::updateCaptions() {
  m_main->setCaption(active() ? m_mainHistory->implementation() : QString());
  QString other = m_history->implementation();
  if (other == m_mainHistory->implementation()) other = m_history->runName();
  m_view->setCaption(other);
}

}  // namespace attn::ui
