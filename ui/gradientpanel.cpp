#include "gradientpanel.h"

#include <qcustomplot.h>
#include <algorithm>
#include <cmath>

#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {
namespace {

constexpr double kOutlierFactor = 100.0;  // this far from the median norm is flagged

double total(const LayerGradients& g) {
  return std::sqrt(double(g.attention) * g.attention + double(g.ffn) * g.ffn +
                   double(g.norm) * g.norm);
}

QCPBars* makeBars(QCPAxisRect* rect, const QString& name, const QColor& color) {
  auto* bars = new QCPBars(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  bars->setName(name);
  bars->setPen(QPen(color.darker(130)));
  bars->setBrush(color);
  bars->setWidth(0.22);
  return bars;
}

}  // namespace

GradientPanel::GradientPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("gradient_flow"), parent) {
  setObjectName(QStringLiteral("gradientPanel"));
  m_options->addStretch();
  auto* layout = m_plot->plotLayout();
  m_overTime = m_plot->axisRect();
  m_overTime->axis(QCPAxis::atBottom)->setLabel(tr("step"));
  m_overTime->axis(QCPAxis::atLeft)->setLabel(tr("gradient norm"));
  m_overTime->axis(QCPAxis::atLeft)->setScaleType(QCPAxis::stLogarithmic);
  m_overTime->axis(QCPAxis::atLeft)
      ->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont(font().family(), 8));
  layout->insertRow(0);
  layout->addElement(
      0, 0,
      new QCPTextElement(m_plot, tr("Gradient norm per layer over training (before clipping)"),
                         QFont(font().family(), 10, QFont::Bold)));
  m_stepTitle = new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold));
  layout->addElement(2, 0, m_stepTitle);
  m_atStep = new QCPAxisRect(m_plot);
  layout->addElement(3, 0, m_atStep);
  m_atStep->axis(QCPAxis::atLeft)->setLabel(tr("gradient norm"));
  m_atStep->axis(QCPAxis::atRight)->setVisible(true);
  m_atStep->axis(QCPAxis::atRight)->setLabel(tr("‖grad‖ / ‖weight‖"));
  m_atStep->axis(QCPAxis::atRight)->setScaleType(QCPAxis::stLogarithmic);
  m_atStep->axis(QCPAxis::atRight)
      ->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  m_atStep->axis(QCPAxis::atRight)->setTickLabels(true);
  m_embedding = makeBars(m_atStep, tr("embedding"), seriesColor(7));
  m_attention = makeBars(m_atStep, tr("attention"), seriesColor(0));
  m_ffn = makeBars(m_atStep, tr("feed-forward"), seriesColor(1));
  m_norm = makeBars(m_atStep, tr("LayerNorm"), seriesColor(2));
  auto* group = new QCPBarsGroup(m_plot);
  for (auto* bars : {m_attention, m_ffn, m_norm}) bars->setBarsGroup(group);
  m_embedding->setWidth(0.3);
  m_ratio = m_plot->addGraph(m_atStep->axis(QCPAxis::atBottom), m_atStep->axis(QCPAxis::atRight));
  m_ratio->setName(tr("grad/weight"));
  m_ratio->setLineStyle(QCPGraph::lsNone);
  m_ratio->setScatterStyle(
      QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(Qt::black), QBrush(seriesColor(3)), 8));
  for (QCPAbstractPlottable* p :
       {static_cast<QCPAbstractPlottable*>(m_embedding),
        static_cast<QCPAbstractPlottable*>(m_attention), static_cast<QCPAbstractPlottable*>(m_ffn),
        static_cast<QCPAbstractPlottable*>(m_norm), static_cast<QCPAbstractPlottable*>(m_ratio)}) {
    p->removeFromLegend();
  }
  // Legends beside the axes, not over the data.
  m_overTime->insetLayout()->take(m_plot->legend);
  placeLegend(m_plot, m_plot->legend, 1, 1);
  auto* barLegend = new QCPLegend;
  placeLegend(m_plot, barLegend, 3, 1);
  barLegend->setLayer(QStringLiteral("legend"));
  barLegend->setFont(QFont(font().family(), 8));
  for (QCPAbstractPlottable* p :
       {static_cast<QCPAbstractPlottable*>(m_embedding),
        static_cast<QCPAbstractPlottable*>(m_attention), static_cast<QCPAbstractPlottable*>(m_ffn),
        static_cast<QCPAbstractPlottable*>(m_norm), static_cast<QCPAbstractPlottable*>(m_ratio)}) {
    p->addToLegend(barLegend);
  }
  m_cursor = addTimeCursor(m_plot, m_overTime);
  setEmptyMessage(tr("Gradient flow appears after the first training step"));
  addHelp(HelpTopic::Gradients);  // last in the options row
}

void GradientPanel::rebuild() {
  // Remove the per-layer lines of the top plot (the ratio graph stays).
  for (int i = m_plot->graphCount() - 1; i >= 0; --i) {
    if (m_plot->graph(i) != m_ratio) m_plot->removeGraph(i);
  }
  const auto& steps = m_history->steps();
  setEmptyMessage(steps.isEmpty() ? tr("Gradient flow appears after the first training step")
                                  : QString());
  if (steps.isEmpty()) return;
  const auto& first = steps.front().gradients;
  const int encoder = int(first.encoder.size());
  const int decoder = int(first.decoder.size());
  m_layers = encoder + decoder;
  auto addLine = [&](const QString& name, const QColor& color, Qt::PenStyle style, auto value) {
    QVector<double> x, y;
    x.reserve(steps.size());
    y.reserve(steps.size());
    for (const auto& s : steps) {
      const double v = value(s.gradients);
      if (v > 0 && std::isfinite(v)) {
        x << double(s.step);
        y << v;
      }
    }
    QCPGraph* graph =
        m_plot->addGraph(m_overTime->axis(QCPAxis::atBottom), m_overTime->axis(QCPAxis::atLeft));
    graph->setName(name);
    graph->setPen(QPen(color, 1.5, style));
    graph->setData(x, y, true);
  };
  addLine(tr("global"), Qt::black, Qt::DashLine,
          [](const GradientStats& g) { return double(g.global_norm); });
  addLine(tr("embedding"), seriesColor(7), Qt::SolidLine,
          [](const GradientStats& g) { return double(g.embedding); });
  for (int l = 0; l < m_layers; ++l) {
    const bool dec = l >= encoder;
    const int index = dec ? l - encoder : l;
    addLine(layerName(dec, index), seriesColor(l), dec ? Qt::DashDotLine : Qt::SolidLine,
            [=](const GradientStats& g) {
              const auto& stack = dec ? g.decoder : g.encoder;
              return index < int(stack.size()) ? total(stack[index]) : 0.0;
            });
  }
  rescaleRect(m_plot, m_overTime);

  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  ticker->addTick(1, tr("embed"));
  for (int l = 0; l < m_layers; ++l) {
    ticker->addTick(l + 2,
                    l < encoder ? tr("enc %1").arg(l + 1) : tr("dec %1").arg(l - encoder + 1));
  }
  m_atStep->axis(QCPAxis::atBottom)->setTicker(ticker);
  m_atStep->axis(QCPAxis::atBottom)->setRange(0.4, m_layers + 1.6);
}

void GradientPanel::drawMoment() {
  for (QCPItemText* flag : m_flags) m_plot->removeItem(flag);
  m_flags.clear();
  placeTimeCursor(m_cursor, momentStep(), m_moment >= 0);
  m_warnings.clear();
  const StepMetrics* metrics =
      m_moment >= 0 ? m_history->stepMetrics(qint64(momentStep())) : nullptr;
  if (!metrics) {
    for (auto* bars : {m_embedding, m_attention, m_ffn, m_norm}) bars->data()->clear();
    m_ratio->data()->clear();
    m_stepTitle->setText(QString());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const GradientStats& g = metrics->gradients;
  QVector<double> positions, attention, ffn, norm, ratioX, ratio, totals;
  m_embedding->setData({1.0}, {double(g.embedding)});
  ratioX << 1;
  ratio << g.embedding_grad_to_weight;
  totals << g.embedding;
  int position = 2;
  for (const auto* stack : {&g.encoder, &g.decoder}) {
    for (const auto& layer : *stack) {
      positions << position;
      attention << layer.attention;
      ffn << layer.ffn;
      norm << layer.norm;
      ratioX << position;
      ratio << layer.grad_to_weight;
      totals << total(layer);
      ++position;
    }
  }
  m_attention->setData(positions, attention, true);
  m_ffn->setData(positions, ffn, true);
  m_norm->setData(positions, norm, true);
  QVector<double> positiveX, positiveRatio;  // a log axis cannot show 0
  for (int i = 0; i < ratio.size(); ++i) {
    if (ratio[i] > 0) {
      positiveX << ratioX[i];
      positiveRatio << ratio[i];
    }
  }
  m_ratio->setData(positiveX, positiveRatio, true);

  QVector<double> sorted = totals;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted.isEmpty() ? 0 : sorted[sorted.size() / 2];
  double highest = 0;
  for (double t : totals) highest = std::max(highest, std::isfinite(t) ? t : 0.0);
  for (int i = 0; i < totals.size(); ++i) {
    const double t = totals[i];
    const bool exploding = !std::isfinite(t) || (median > 0 && t > kOutlierFactor * median);
    const bool vanishing = !exploding && median > 0 && t < median / kOutlierFactor;
    if (!exploding && !vanishing) continue;
    const QString flag = exploding ? tr("exploding") : tr("vanishing");
    const QString name =
        i == 0 ? tr("embedding")
               : (i - 1 < int(g.encoder.size()) ? layerName(false, i - 1)
                                                : layerName(true, i - 1 - int(g.encoder.size())));
    m_warnings << tr("%1: %2").arg(name, flag);
    auto* label = new QCPItemText(m_plot);
    m_flags << label;
    label->setClipAxisRect(m_atStep);
    label->position->setAxes(m_atStep->axis(QCPAxis::atBottom), m_atStep->axis(QCPAxis::atLeft));
    label->position->setCoords(i + 1, std::isfinite(t) ? t : highest);
    label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    label->setText(exploding ? tr("▲ exploding") : tr("▼ vanishing"));
    label->setColor(exploding ? QColor(200, 0, 0) : QColor(0, 70, 200));
    label->setFont(QFont(font().family(), 8, QFont::Bold));
  }
  m_stepTitle->setText(tr("At step %1: global norm %2%3")
                           .arg(metrics->step)
                           .arg(g.global_norm, 0, 'g', 3)
                           .arg(m_warnings.isEmpty() ? QString()
                                                     : QStringLiteral(" · ") +
                                                           m_warnings.join(QStringLiteral(", "))));
  m_atStep->axis(QCPAxis::atLeft)->setRange(0, std::max(1e-12, highest) * 1.25);
  if (!positiveRatio.isEmpty()) {
    const auto [low, high] = std::minmax_element(positiveRatio.begin(), positiveRatio.end());
    m_atStep->axis(QCPAxis::atRight)->setRange(*low / 3, *high * 3);
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QVector<double> GradientPanel::currentValues() const {
  QVector<double> values;
  if (m_embedding->data()->isEmpty()) return values;
  values << m_embedding->data()->begin()->value;
  for (int i = 0; i < m_attention->data()->size(); ++i) {
    values << m_attention->data()->at(i)->value << m_ffn->data()->at(i)->value
           << m_norm->data()->at(i)->value;
  }
  for (int i = 0; i < m_ratio->data()->size(); ++i) values << m_ratio->data()->at(i)->value;
  return values;
}

}  // namespace attn::ui
