#include "residualpanel.h"

#include <limits>

#include <qcustomplot.h>
#include <QFontMetrics>
#include <cmath>

#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {

ResidualPanel::ResidualPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("residual_stream"), parent) {
  setObjectName(QStringLiteral("residualPanel"));
  m_options->addStretch();
  m_plot->plotLayout()->insertRow(0);
  m_title = new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold));
  m_plot->plotLayout()->addElement(0, 0, m_title);
  setTitle();
  m_plot->yAxis->setLabel(tr("mean ‖x‖₂ per position"));
  // Rotated anticlockwise, each label ends at its tick: the last ones stay
  // inside the plot however narrow the dock.
  m_plot->xAxis->setTickLabelRotation(-35);
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont(font().family(), 8));
  // Norms sit well above zero: the bottom is usually free for the legend.
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  keepLegendOffData(m_plot, m_plot->axisRect(), m_plot->legend);
  m_first = m_plot->addGraph();
  m_first->setPen(QPen(QColor(150, 150, 150), 1.5, Qt::DashLine));
  m_first->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
  m_current = m_plot->addGraph();
  m_current->setPen(QPen(seriesColor(0), 2.5));
  m_current->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
  setEmptyMessage(tr("The residual stream appears after the first snapshot"));
  addHelp(HelpTopic::Residual);  // last in the options row
}

QVector<double> ResidualPanel::norms(int moment) const {
  QVector<double> values;
  const Snapshot& s = m_history->statistics(moment);
  for (const auto* stack : {&s.encoder, &s.decoder}) {
    for (const auto& layer : *stack) {
      for (float v : layer.residual_norms) values << v;
    }
  }
  return values;
}

// The encoder's and the decoder's residual streams are two streams (the
// decoder's starts from the target embeddings, §3.1): a gap between them, not
// a line from one to the other.
void ResidualPanel::setStream(QCPGraph* graph, const QVector<double>& values) const {
  QVector<double> x, y;
  for (int i = 0; i < values.size(); ++i) {
    if (i == m_encoderPositions && i > 0) {
      x << i - 0.5;
      y << std::numeric_limits<double>::quiet_NaN();
    }
    x << i;
    y << values[i];
  }
  graph->setData(x, y, true);
}

void ResidualPanel::setTitle() {
  m_title->setText(m_history->residualNormsAfterLayerNorm()
                       ? tr("Residual stream norm after each LayerNorm (an earlier version's run)")
                       : tr("Residual stream norm after each sub-layer, before LayerNorm"));
}

void ResidualPanel::rebuild() {
  setTitle();
  const int moments = m_history->momentCount();
  setEmptyMessage(moments == 0 ? tr("The residual stream appears after the first snapshot")
                               : QString());
  if (moments == 0) return;
  const Snapshot& s = m_history->statistics(0);
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  int position = 0;
  for (int l = 0; l < int(s.encoder.size()); ++l) {
    const QStringList names = {tr("self-attn"), tr("FFN")};
    for (int i = 0; i < int(s.encoder[l].residual_norms.size()); ++i) {
      ticker->addTick(position++, tr("enc %1 %2").arg(l + 1).arg(names.value(i)));
    }
  }
  for (int l = 0; l < int(s.decoder.size()); ++l) {
    const QStringList names = {tr("self-attn"), tr("cross-attn"), tr("FFN")};
    for (int i = 0; i < int(s.decoder[l].residual_norms.size()); ++i) {
      ticker->addTick(position++, tr("dec %1 %2").arg(l + 1).arg(names.value(i)));
    }
  }
  m_plot->xAxis->setTicker(ticker);
  m_plot->xAxis->setRange(-0.5, position - 0.5);
  // The first label reaches left of the axis: room for it in the margin.
  if (!ticker->ticks().isEmpty()) {
    const int labelWidth =
        QFontMetrics(m_plot->xAxis->tickLabelFont()).horizontalAdvance(ticker->ticks().first());
    const int reach = int(std::ceil(labelWidth * std::cos(35.0 * M_PI / 180.0))) + 8;
    m_plot->axisRect()->setMinimumMargins(QMargins(reach, 0, 0, 0));
  }
  m_encoderPositions = 0;
  for (const auto& layer : s.encoder) m_encoderPositions += int(layer.residual_norms.size());
  setStream(m_first, norms(0));
  m_first->setName(tr("step %1 (first capture)").arg(m_history->moments()[0].step));
  // A y range steady while scrubbing: it spans every captured moment.
  double high = 0;
  for (int m = 0; m < moments; ++m) {
    for (double v : norms(m)) high = std::max(high, v);
  }
  m_plot->yAxis->setRange(0, std::max(1e-6, high * 1.1));
}

void ResidualPanel::drawMoment() {
  if (m_history->momentCount() == 0) {
    m_first->data()->clear();
    m_current->data()->clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  if (m_moment < 0) {
    m_current->data()->clear();
  } else {
    setStream(m_current, norms(m_moment));
    m_current->setName(tr("step %1 (epoch %2)")
                           .arg(m_history->moments()[m_moment].step)
                           .arg(m_history->moments()[m_moment].epoch));
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QVector<double> ResidualPanel::currentValues() const {
  QVector<double> values;
  for (int i = 0; i < m_current->data()->size(); ++i) {
    const double value = m_current->data()->at(i)->value;
    if (!std::isnan(value)) values << value;  // the gap between the two stacks
  }
  return values;
}

}  // namespace attn::ui
