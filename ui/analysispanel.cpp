#include "analysispanel.h"

#include <qcustomplot.h>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "figures.h"
#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {

AnalysisPanel::AnalysisPanel(const RunHistory* history, const QString& figureBase, QWidget* parent)
    : DockPanel(parent), m_history(history), m_options(new QHBoxLayout), m_figureBase(figureBase) {
  m_plot = new QCustomPlot(this);
  m_plot->setObjectName(figureBase + QStringLiteral("Canvas"));
  m_plot->setNoAntialiasingOnDrag(true);
  m_plot->setPlottingHint(QCP::phFastPolylines, true);  // long time series: scrubbing stays fast
  m_empty = new QLabel(this);
  m_empty->setAlignment(Qt::AlignCenter);
  m_empty->setWordWrap(true);
  m_empty->setStyleSheet(QStringLiteral("color: palette(mid);"));
  m_empty->hide();
  m_plot->installEventFilter(this);
  m_plot->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(m_plot, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    QMenu menu(this);
    menu.addAction(tr("Export figure…"), this,
                   [this] { emit exportRequested(m_plot, figureName()); });
    menu.exec(m_plot->mapToGlobal(at));
  });
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addLayout(m_options);
  layout->addWidget(m_plot, 1);
  layout->addWidget(m_empty, 1);
}

bool AnalysisPanel::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_plot && event->type() == QEvent::Resize) plotResized();
  return QWidget::eventFilter(watched, event);
}

void AnalysisPanel::addHelp(HelpTopic topic) {
  m_options->addWidget(helpButton(topic, this, this));
}

void AnalysisPanel::historyChanged() {
  m_stale = true;
  m_momentStale = true;
  if (isVisible()) bringUpToDate();
}

void AnalysisPanel::historyReplaced() {
  m_moment = -1;
  m_snapshot.reset();
  historyChanged();
}

void AnalysisPanel::setMoment(int index, std::shared_ptr<const Snapshot> snapshot) {
  m_moment = index;
  m_snapshot = std::move(snapshot);
  m_momentStale = true;
  if (isVisible()) bringUpToDate();
}

QString AnalysisPanel::exportFigures(const QString& folder, const FigureOptions& options,
                                     QStringList* written) {
  bringUpToDate();  // a hidden dock may be behind
  return saveFigure(plot(), QDir(folder).filePath(figureName()), options, written);
}

void AnalysisPanel::bringUpToDate() {
  if (m_stale) {
    m_stale = false;
    rebuild();
  }
  if (m_momentStale) {
    m_momentStale = false;
    drawMoment();
  }
}

void AnalysisPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  bringUpToDate();
}

double AnalysisPanel::momentStep() const {
  if (m_moment < 0 || m_moment >= m_history->momentCount()) return std::nan("");
  return double(m_history->moments()[m_moment].step);
}

QString AnalysisPanel::figureName() const {
  const QString step = m_moment >= 0 && m_moment < m_history->momentCount()
                           ? QStringLiteral("_step%1").arg(m_history->moments()[m_moment].step)
                           : QString();
  return m_figureBase + step;
}

void AnalysisPanel::replotMoment() {
  if (m_curvesChanged) {
    m_curvesChanged = false;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
  } else {
    replotTimeCursors(m_plot);
  }
}

void AnalysisPanel::setEmptyMessage(const QString& message) {
  m_empty->setText(message);
  // Panels that draw a table replace the plot (m_plot is then null).
  m_empty->setVisible(!message.isEmpty());
  if (m_plot) m_plot->setVisible(message.isEmpty());
}

}  // namespace attn::ui
