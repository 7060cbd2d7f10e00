#include "headspanel.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QTimer>
#include <algorithm>
#include <cmath>

#include "headstatistics.h"
#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {
namespace {

// Reading an opened run's maps costs a few milliseconds a moment: a batch
// per turn of the event loop keeps the window answering.
constexpr int kBatchMilliseconds = 30;

}  // namespace

HeadsPanel::HeadsPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("head_specialisation"), parent) {
  setObjectName(QStringLiteral("headsPanel"));
  m_kind = new QComboBox(this);
  m_kind->setObjectName(QStringLiteral("headsKind"));
  m_kind->addItem(tr("Encoder self-attention"), int(AttentionKind::EncoderSelf));
  m_kind->addItem(tr("Decoder self-attention"), int(AttentionKind::DecoderSelf));
  m_kind->addItem(tr("Cross-attention"), int(AttentionKind::Cross));
  m_kind->setCurrentIndex(2);
  m_measure = new QComboBox(this);
  m_measure->setObjectName(QStringLiteral("headsMeasure"));
  m_measure->addItem(tr("entropy (bits)"), int(Measure::Entropy));
  m_measure->addItem(tr("mean distance (positions)"), int(Measure::Distance));
  m_measure->setItemData(0, tr("0: each query attends to one key; log₂(keys): evenly to all"),
                         Qt::ToolTipRole);
  m_measure->setItemData(1, tr("How far from its own position a query reads, weighted"),
                         Qt::ToolTipRole);
  m_options->addWidget(m_kind);
  m_options->addWidget(m_measure);
  m_options->addStretch();
  for (auto* combo : {m_kind, m_measure}) {
    connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &HeadsPanel::historyChanged);
  }
  m_more = new QTimer(this);
  m_more->setSingleShot(true);
  m_more->setInterval(0);
  connect(m_more, &QTimer::timeout, this, &HeadsPanel::historyChanged);
  // A title over a grid of per-layer plots made in rebuild(): the default
  // plot goes.
  m_plot->plotLayout()->remove(m_plot->axisRect());
  m_plot->plotLayout()->simplify();
  m_plot->plotLayout()->addElement(
      0, 0, new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold)));
  connect(m_plot, &QCustomPlot::plottableClick, this,
          [this](QCPAbstractPlottable* plottable) { clicked(plottable); });
  setEmptyMessage(tr("Head statistics appear after the first snapshot"));
  addHelp(HelpTopic::Heads);  // last in the options row
}

void HeadsPanel::attach(const PanelServices& services) {
  connect(this, &HeadsPanel::headChosen, this, services.showHead);
}

void HeadsPanel::select(AttentionKind kind, Measure measure) {
  m_kind->setCurrentIndex(m_kind->findData(int(kind)));
  m_measure->setCurrentIndex(m_measure->findData(int(measure)));
  bringUpToDate();
}

AttentionKind HeadsPanel::kind() const { return AttentionKind(m_kind->currentData().toInt()); }

void HeadsPanel::rebuild() {
  m_plot->clearGraphs();
  for (auto* cursor : m_cursors) m_plot->removeItem(cursor);
  m_cursors.clear();
  m_rects.clear();
  if (m_grid) {
    m_plot->plotLayout()->remove(m_grid);
    m_grid = nullptr;
  }
  m_plot->plotLayout()->simplify();
  const int moments = m_history->momentCount();
  // Measure what is not measured yet, for a bounded time; the rest next turn.
  QElapsedTimer clock;
  clock.start();
  m_measured = 0;
  for (int m = 0; m < moments; ++m) {
    if (!m_history->headStatisticsReady(m) && clock.elapsed() > kBatchMilliseconds) break;
    m_history->headStatistics(m);
    ++m_measured;
  }
  if (m_measured < moments) m_more->start();
  setEmptyMessage(moments == 0 ? tr("Head statistics appear after the first snapshot") : QString());
  if (moments == 0) return;
  const HeadStatistics* first = nullptr;
  for (int m = 0; m < m_measured && !first; ++m) first = m_history->headStatistics(m);
  if (!first) return;
  const bool entropy = Measure(m_measure->currentData().toInt()) == Measure::Entropy;
  const auto values = [&](const HeadStatistics& s) -> const QVector<QVector<double>>& {
    return entropy ? s.of(kind()).entropy : s.of(kind()).distance;
  };
  const int layers = int(values(*first).size());
  if (layers == 0) return;
  const int heads = int(values(*first).front().size());

  // A plot per layer (two columns past three layers where the plot is wide),
  // the heads' legend beside them.
  m_grid = new QCPLayoutGrid;
  m_plot->plotLayout()->addElement(1, 0, m_grid);
  auto* plots = new QCPLayoutGrid;
  m_grid->addElement(0, 0, plots);
  const int columns = smallMultipleColumns(m_plot, layers);
  m_columns = columns;
  const bool decoder = kind() != AttentionKind::EncoderSelf;
  m_rects = addLayerPlots(m_plot, plots, layers, columns, decoder,
                          entropy ? tr("bits") : tr("positions"));
  auto* legend = new QCPLegend;
  legend->setFont(QFont(font().family(), 8));
  placeLegend(m_grid, legend, 0, 1);
  legend->setLayer(QStringLiteral("legend"));
  for (int layer = 0; layer < layers; ++layer) {
    QCPAxisRect* rect = m_rects[layer];
    m_cursors << addTimeCursor(m_plot, rect);
    for (int head = 0; head < heads; ++head) {
      QVector<double> x, y;
      for (int m = 0; m < m_measured; ++m) {
        const HeadStatistics* s = m_history->headStatistics(m);
        if (!s || layer >= values(*s).size() || head >= values(*s)[layer].size()) continue;
        x << double(m_history->moments()[m].step);
        y << values(*s)[layer][head];
      }
      QCPGraph* graph =
          m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      QPen pen(seriesColor(head), 1.4);
      if (head >= 10) pen.setStyle(Qt::DashLine);
      graph->setPen(pen);
      graph->setName(tr("H%1").arg(head + 1));
      // (not "layer": QCPLayerable has a property of that name)
      graph->setProperty("attentionLayer", layer);
      graph->setProperty("attentionHead", head);
      graph->setData(x, y, true);
      if (x.size() < 3) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
      graph->removeFromLegend();
      if (layer == 0) graph->addToLegend(legend);
    }
  }
  // One y range for every layer, from 0: the small plots compare.
  double top = 0;
  for (QCPAxisRect* rect : m_rects) {
    rescaleRect(m_plot, rect);
    top = std::max(top, rect->axis(QCPAxis::atLeft)->range().upper);
  }
  for (QCPAxisRect* rect : m_rects) {
    rect->axis(QCPAxis::atLeft)->setRange(0, std::max(top, 1e-3));
    QCPAxis* steps = rect->axis(QCPAxis::atBottom);
    if (steps->range().size() < 2) {
      const double lower = std::max(0.0, std::floor(steps->range().center() - 1));
      steps->setRange(lower, std::max(steps->range().upper, lower + 2));
    }
  }
  QString title = tr("%1 per head · %2")
                      .arg(entropy ? tr("Attention entropy") : tr("Mean attention distance"),
                           m_kind->currentText().toLower());
  if (m_measured < moments)
    title += tr(" · measuring %1 of %2 moments").arg(m_measured).arg(moments);
  if (auto* element = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0)))
    element->setText(title);
  m_curvesChanged = true;
}

void HeadsPanel::plotResized() {
  if (!m_rects.isEmpty() && smallMultipleColumns(m_plot, int(m_rects.size())) != m_columns)
    historyChanged();
}

void HeadsPanel::drawMoment() {
  for (auto* cursor : m_cursors) placeTimeCursor(cursor, momentStep(), m_moment >= 0);
  replotMoment();
}

void HeadsPanel::clicked(QCPAbstractPlottable* plottable) {
  const QVariant layer = plottable->property("attentionLayer"),
                 head = plottable->property("attentionHead");
  if (layer.isValid() && head.isValid()) emit headChosen(kind(), layer.toInt(), head.toInt());
}

QVector<double> HeadsPanel::currentValues() const { return valuesAtKey(m_plot, momentStep()); }

}  // namespace attn::ui
