#include "ffnpanel.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <cmath>

#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {

FfnPanel::FfnPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("ffn_activations"), parent) {
  setObjectName(QStringLiteral("ffnPanel"));
  m_statistic = new QComboBox(this);
  m_statistic->setObjectName(QStringLiteral("ffnStatistic"));
  m_statistic->addItems({tr("Mean activation"), tr("Std of activations"), tr("Largest activation"),
                         tr("Dead units (≤ 0)")});
  m_layer = new QComboBox(this);
  m_layer->setObjectName(QStringLiteral("ffnLayer"));
  m_options->addWidget(m_statistic);
  m_options->addWidget(new QLabel(tr("Histogram of"), this));
  m_options->addWidget(m_layer);
  m_options->addStretch();
  connect(m_statistic, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &FfnPanel::historyChanged);
  connect(m_layer, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { setMoment(m_moment, m_snapshot); });

  auto* layout = m_plot->plotLayout();
  m_overTime = m_plot->axisRect();
  m_overTime->axis(QCPAxis::atBottom)->setLabel(tr("step"));
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont(font().family(), 8));
  layout->insertRow(0);
  layout->addElement(
      0, 0,
      new QCPTextElement(m_plot,
                         tr("Feed-forward hidden activations (after the activation function)"),
                         QFont(font().family(), 10, QFont::Bold)));
  m_histogramTitle = new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold));
  layout->addElement(2, 0, m_histogramTitle);
  m_histogram = new QCPAxisRect(m_plot);
  layout->addElement(3, 0, m_histogram);
  // The legend beside the curves, not over them: the plot over time is short,
  // and with many layers no corner of it is free. The two share a grid of
  // their own, so the titles and the histogram keep the full width.
  auto* overTimeRow = new QCPLayoutGrid;
  layout->take(m_overTime);
  layout->addElement(1, 0, overTimeRow);
  overTimeRow->addElement(0, 0, m_overTime);
  m_overTime->insetLayout()->take(m_plot->legend);
  placeLegend(overTimeRow, m_plot->legend, 0, 1);
  m_histogram->axis(QCPAxis::atBottom)->setLabel(tr("activation"));
  m_histogram->axis(QCPAxis::atLeft)->setLabel(tr("share of activations"));
  m_bars = new QCPBars(m_histogram->axis(QCPAxis::atBottom), m_histogram->axis(QCPAxis::atLeft));
  m_bars->setPen(QPen(seriesColor(1).darker(130)));
  m_bars->setBrush(seriesColor(1));
  m_bars->removeFromLegend();
  m_cursor = addTimeCursor(m_plot, m_overTime);
  m_zero = new QCPItemStraightLine(m_plot);
  m_zero->setClipAxisRect(m_histogram);
  for (auto* point : {m_zero->point1, m_zero->point2}) {
    point->setAxes(m_histogram->axis(QCPAxis::atBottom), m_histogram->axis(QCPAxis::atLeft));
  }
  m_zero->point1->setCoords(0, 0);
  m_zero->point2->setCoords(0, 1);
  m_zero->setPen(QPen(QColor(0, 0, 0, 120), 1, Qt::DotLine));
  m_clipped = new QCPItemText(m_plot);
  m_clipped->setClipAxisRect(m_histogram);
  m_clipped->position->setAxes(m_histogram->axis(QCPAxis::atBottom),
                               m_histogram->axis(QCPAxis::atLeft));
  m_clipped->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
  m_clipped->setFont(QFont(font().family(), 8, QFont::Bold));
  m_clipped->setVisible(false);
  setEmptyMessage(tr("FFN activations appear after the first snapshot"));
  addHelp(HelpTopic::Ffn);  // last in the options row
}

void FfnPanel::select(Statistic statistic, int layer) {
  m_statistic->setCurrentIndex(int(statistic));
  bringUpToDate();
  m_layer->setCurrentIndex(layer);
  bringUpToDate();
}

int FfnPanel::layerCount() const {
  if (m_history->momentCount() == 0) return 0;
  const Snapshot& s = m_history->statistics(0);
  return int(s.encoder.size() + s.decoder.size());
}

const FfnStats* FfnPanel::stats(int moment, int layer) const {
  if (moment < 0 || moment >= m_history->momentCount() || layer < 0) return nullptr;
  const Snapshot& s = m_history->statistics(moment);
  if (layer < int(s.encoder.size())) return &s.encoder[layer].ffn;
  layer -= int(s.encoder.size());
  return layer < int(s.decoder.size()) ? &s.decoder[layer].ffn : nullptr;
}

void FfnPanel::rebuild() {
  for (int i = m_plot->graphCount() - 1; i >= 0; --i) m_plot->removeGraph(i);
  const int moments = m_history->momentCount();
  setEmptyMessage(moments == 0 ? tr("FFN activations appear after the first snapshot") : QString());
  if (moments == 0) return;
  const Snapshot& first = m_history->statistics(0);
  const int encoder = int(first.encoder.size());
  const int layers = layerCount();
  if (m_layer->count() != layers) {
    const QSignalBlocker block(m_layer);
    m_layer->clear();
    for (int l = 0; l < layers; ++l)
      m_layer->addItem(layerName(l >= encoder, l >= encoder ? l - encoder : l));
    m_layer->setCurrentIndex(layers - 1);
  }
  const auto statistic = Statistic(m_statistic->currentIndex());
  m_overTime->axis(QCPAxis::atLeft)->setLabel(m_statistic->currentText().toLower());
  for (int l = 0; l < layers; ++l) {
    QVector<double> x, y;
    for (int m = 0; m < moments; ++m) {
      const FfnStats* s = stats(m, l);
      if (!s) continue;
      x << double(m_history->moments()[m].step);
      y << (statistic == Statistic::Mean  ? s->mean
            : statistic == Statistic::Std ? s->std
            : statistic == Statistic::Max ? s->max
                                          : s->dead_fraction);
    }
    QCPGraph* graph =
        m_plot->addGraph(m_overTime->axis(QCPAxis::atBottom), m_overTime->axis(QCPAxis::atLeft));
    graph->setName(m_layer->itemText(l));
    graph->setPen(QPen(seriesColor(l), 2, l >= encoder ? Qt::DashLine : Qt::SolidLine));
    graph->setData(x, y, true);
  }
  rescaleRect(m_plot, m_overTime);
  if (statistic == Statistic::DeadFraction) m_overTime->axis(QCPAxis::atLeft)->setRange(0, 1);
}

void FfnPanel::drawMoment() {
  placeTimeCursor(m_cursor, momentStep(), m_moment >= 0);
  const FfnStats* s = m_moment >= 0 ? stats(m_moment, m_layer->currentIndex()) : nullptr;
  if (!s || s->histogram.empty()) {
    m_bars->data()->clear();
    m_clipped->setVisible(false);
    m_histogramTitle->setText(s ? tr("(this run recorded no histograms)") : QString());
  } else {
    const int bins = int(s->histogram.size());
    const double width = (double(s->max) - s->min) / bins;
    QVector<double> centres, heights;
    for (int b = 0; b < bins; ++b) {
      centres << s->min + (b + 0.5) * width;
      heights << s->histogram[b];
    }
    m_bars->setWidth(width > 0 ? width : 1);
    m_bars->setData(centres, heights, true);
    m_histogramTitle->setText(tr("%1 at step %2: mean %3, std %4, dead %5%")
                                  .arg(m_layer->currentText())
                                  .arg(m_history->moments()[m_moment].step)
                                  .arg(s->mean, 0, 'g', 3)
                                  .arg(s->std, 0, 'g', 3)
                                  .arg(100.0 * s->dead_fraction, 0, 'f', 1));
    const double margin = width > 0 ? width : 0.5;
    m_histogram->axis(QCPAxis::atBottom)
        ->setRange(std::min(0.0, double(s->min)) - margin, s->max + margin);
    // ReLU puts most activations at exactly 0; when that bin dwarfs the rest
    // the axis follows the rest and the tall bar is labelled instead.
    int tallest = 0;
    double others = 0;
    for (int b = 0; b < bins; ++b) {
      if (heights[b] > heights[tallest]) tallest = b;
    }
    for (int b = 0; b < bins; ++b) {
      if (b != tallest) others = std::max(others, heights[b]);
    }
    double top = heights[tallest] * 1.1;
    const bool clipped = others > 0 && heights[tallest] > 4 * others;
    m_clipped->setVisible(clipped);
    if (clipped) {
      top = others * 1.3;
      m_clipped->position->setCoords(centres[tallest], top);
      m_clipped->setText(tr(" ↑ %1% in this bin").arg(100.0 * heights[tallest], 0, 'f', 1));
    }
    m_histogram->axis(QCPAxis::atLeft)->setRange(0, std::max(1e-6, top));
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QVector<double> FfnPanel::currentValues() const {
  QVector<double> values;
  for (int i = 0; i < m_bars->data()->size(); ++i) values << m_bars->data()->at(i)->value;
  return values + valuesAtKey(m_plot, momentStep());
}

}  // namespace attn::ui
