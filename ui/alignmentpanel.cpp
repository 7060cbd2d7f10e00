#include "alignmentpanel.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QHBoxLayout>
#include <cmath>

#include "attentionview.h"
#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {

AlignmentPanel::AlignmentPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("alignment"), parent) {
  setObjectName(QStringLiteral("alignmentPanel"));
  m_overlay = new QCheckBox(tr("Show the ideal alignment on the cross-attention heatmap"), this);
  m_overlay->setObjectName(QStringLiteral("alignmentOverlay"));
  m_options->addWidget(m_overlay);
  m_options->addStretch();
  connect(m_overlay, &QCheckBox::toggled, this, &AlignmentPanel::overlayToggled);
  m_plot->plotLayout()->insertRow(0);
  m_plot->plotLayout()->addElement(
      0, 0,
      new QCPTextElement(m_plot, tr("Share of cross-attention on the ideal alignment"),
                         QFont(font().family(), 10, QFont::Bold)));
  m_plot->xAxis->setLabel(tr("step"));
  m_plot->yAxis->setLabel(tr("alignment score (1 = all mass on the ideal source)"));
  m_plot->yAxis->setRange(0, 1.05);
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont(font().family(), 8));
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  keepLegendOffData(m_plot, m_plot->axisRect(), m_plot->legend);
  m_cursor = addTimeCursor(m_plot, m_plot->axisRect());
  setEmptyMessage(tr("Alignment is scored for the built-in tasks, at every evaluation"));
  addHelp(HelpTopic::Alignment);  // last in the options row
}

void AlignmentPanel::attach(const PanelServices& services) {
  connect(this, &AlignmentPanel::overlayToggled, services.heatmap,
          &AttentionView::setIdealAlignmentVisible);
}

void AlignmentPanel::setOverlay(bool on) { m_overlay->setChecked(on); }

void AlignmentPanel::rebuild() {
  m_curvesChanged = true;
  m_plot->clearGraphs();
  const auto& epochs = m_history->epochs();
  int layers = 0;
  for (const auto& e : epochs) layers = std::max(layers, int(e.alignment_score.size()));
  setEmptyMessage(layers == 0
                      ? tr("Alignment is scored for the built-in tasks, at every evaluation")
                      : QString());
  m_overlay->setEnabled(layers > 0);
  for (int l = 0; l < layers; ++l) {
    QVector<double> x, y;
    for (const auto& e : epochs) {
      if (l < int(e.alignment_score.size())) {
        x << double(e.step);
        y << e.alignment_score[l];
      }
    }
    QCPGraph* graph = m_plot->addGraph();
    graph->setName(layerName(true, l));
    graph->setPen(QPen(seriesColor(l), 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    graph->setData(x, y, true);
  }
  if (layers > 0) {
    m_plot->graph(0)->rescaleKeyAxis();
    for (int i = 1; i < m_plot->graphCount(); ++i) m_plot->graph(i)->rescaleKeyAxis(true);
    const QCPRange range = m_plot->xAxis->range();
    m_plot->xAxis->setRange(0, range.upper + std::max(1.0, range.size() * 0.03));
  }
}

void AlignmentPanel::drawMoment() {
  placeTimeCursor(m_cursor, momentStep(), m_moment >= 0);
  replotMoment();
}

QVector<double> AlignmentPanel::currentValues() const {
  QVector<double> values;
  const double step = momentStep();
  if (std::isnan(step)) return values;
  for (int i = 0; i < m_plot->graphCount(); ++i) {
    const auto data = m_plot->graph(i)->data();
    // The last evaluation at or before the cursor.
    auto point = data->findEnd(step, false);
    if (point == data->constBegin()) continue;
    --point;
    values << point->value;
  }
  return values;
}

}  // namespace attn::ui
