#include "qkvpanel.h"

#include <qcustomplot.h>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <cmath>
#include <numeric>

#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {

QkvPanel::QkvPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("qkv_norms"), parent) {
  setObjectName(QStringLiteral("qkvPanel"));
  m_kind = new QComboBox(this);
  m_kind->setObjectName(QStringLiteral("qkvKind"));
  m_kind->addItem(tr("Encoder self-attention"), int(AttentionKind::EncoderSelf));
  m_kind->addItem(tr("Decoder self-attention"), int(AttentionKind::DecoderSelf));
  m_kind->addItem(tr("Cross-attention"), int(AttentionKind::Cross));
  m_projection = new QComboBox(this);
  m_projection->setObjectName(QStringLiteral("qkvProjection"));
  m_projection->addItems({tr("Q (queries)"), tr("K (keys)"), tr("V (values)")});
  m_perHead = new QCheckBox(tr("Per head"), this);
  m_perHead->setObjectName(QStringLiteral("qkvPerHead"));
  m_options->addWidget(m_kind);
  m_options->addWidget(m_projection);
  m_options->addWidget(m_perHead);
  m_options->addStretch();
  for (auto* combo : {m_kind, m_projection}) {
    connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &QkvPanel::historyChanged);
  }
  connect(m_perHead, &QCheckBox::toggled, this, &QkvPanel::historyChanged);

  m_plot->xAxis->setLabel(tr("step"));
  m_plot->yAxis->setLabel(tr("mean ‖·‖₂ per position"));
  m_plot->legend->setVisible(true);
  m_plot->legend->setFont(QFont(font().family(), 8));
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  keepLegendOffData(m_plot, m_plot->axisRect(), m_plot->legend);
  m_plot->plotLayout()->insertRow(0);
  m_plot->plotLayout()->addElement(
      0, 0, new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold)));
  m_main = m_plot->axisRect();
  m_cursor = addTimeCursor(m_plot, m_main);
  setEmptyMessage(tr("Q/K/V norms appear after the first snapshot"));
  addHelp(HelpTopic::Qkv);  // last in the options row
}

void QkvPanel::select(AttentionKind kind, Projection projection, bool perHead) {
  m_kind->setCurrentIndex(m_kind->findData(int(kind)));
  m_projection->setCurrentIndex(int(projection));
  m_perHead->setChecked(perHead);
  bringUpToDate();
}

AttentionKind QkvPanel::kind() const { return AttentionKind(m_kind->currentData().toInt()); }
QkvPanel::Projection QkvPanel::projection() const {
  return Projection(m_projection->currentIndex());
}

int QkvPanel::layerCount() const {
  if (m_history->momentCount() == 0) return 0;
  const Snapshot& s = m_history->statistics(0);
  return int(kind() == AttentionKind::EncoderSelf ? s.encoder.size() : s.decoder.size());
}

const std::vector<float>* QkvPanel::norms(int moment, int layer) const {
  const Snapshot& s = m_history->statistics(moment);
  const auto& layers = kind() == AttentionKind::EncoderSelf ? s.encoder : s.decoder;
  if (layer >= int(layers.size())) return nullptr;
  const ProjectionNorms& n =
      kind() == AttentionKind::Cross ? layers[layer].cross_attention : layers[layer].self_attention;
  const auto& values = projection() == Projection::Query ? n.q
                       : projection() == Projection::Key ? n.k
                                                         : n.v;
  return &values;
}

// Back to one plot: the per-layer plots (and their graphs and cursors) go.
void QkvPanel::showLayersTogether() {
  m_plot->clearGraphs();
  for (auto* cursor : m_layerCursors) m_plot->removeItem(cursor);
  m_layerCursors.clear();
  m_layerRects.clear();
  m_headLegend = nullptr;
  if (m_perLayer) {
    m_plot->plotLayout()->remove(m_perLayer);  // deletes the plots and the legend in it
    m_perLayer = nullptr;
    m_plot->plotLayout()->addElement(1, 0, m_main);
  }
  // Layerables draw whether or not they are in the layout: hide and show explicitly.
  m_main->setVisible(true);
  m_plot->legend->setVisible(true);
}

// One small plot per layer on a shared y range, with the heads' legend beside
// them: side by side (two rows past three layers) where the plot is wide,
// stacked where it is not.
void QkvPanel::showLayersApart(int layers, int heads) {
  m_plot->plotLayout()->take(m_main);
  m_plot->plotLayout()->simplify();
  m_main->setVisible(false);
  m_plot->legend->setVisible(false);
  m_perLayer = new QCPLayoutGrid;
  m_plot->plotLayout()->addElement(1, 0, m_perLayer);
  const int columns = smallMultipleColumns(m_plot, layers);
  m_columns = columns;
  const bool decoder = kind() != AttentionKind::EncoderSelf;
  auto* plots = new QCPLayoutGrid;
  m_perLayer->addElement(0, 0, plots);
  m_layerRects = addLayerPlots(m_plot, plots, layers, columns, decoder, tr("mean ‖·‖₂"));
  for (QCPAxisRect* rect : m_layerRects) m_layerCursors << addTimeCursor(m_plot, rect);
  m_headLegend = new QCPLegend;
  m_headLegend->setFont(QFont(font().family(), 8));
  placeLegend(m_perLayer, m_headLegend, 0, 1);
  m_headLegend->setLayer(QStringLiteral("legend"));
  Q_UNUSED(heads);
}

void QkvPanel::rebuild() {
  showLayersTogether();
  const int layers = layerCount();
  const int moments = m_history->momentCount();
  setEmptyMessage(moments == 0 ? tr("Q/K/V norms appear after the first snapshot") : QString());
  if (moments == 0) return;
  const bool decoder = kind() != AttentionKind::EncoderSelf;
  const int heads = norms(0, 0) ? int(norms(0, 0)->size()) : 0;
  const bool perHead = m_perHead->isChecked() && heads > 0;
  if (perHead) showLayersApart(layers, heads);
  for (int layer = 0; layer < layers; ++layer) {
    const int lines = perHead ? heads : 1;
    QCPAxisRect* rect = perHead ? m_layerRects[layer] : m_main;
    for (int head = 0; head < lines; ++head) {
      QVector<double> x, y;
      for (int m = 0; m < moments; ++m) {
        const auto* values = norms(m, layer);
        if (!values || values->empty()) continue;
        x << double(m_history->moments()[m].step);
        y << (perHead ? (*values)[head]
                      : std::accumulate(values->begin(), values->end(), 0.0) / values->size());
      }
      QCPGraph* graph =
          m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      // Per head: a colour per head (dashed past the palette), the same in every layer's plot.
      QPen pen(seriesColor(perHead ? head : layer), perHead ? 1.2 : 2);
      if (perHead && head >= 10) pen.setStyle(Qt::DashLine);
      graph->setPen(pen);
      graph->setName(perHead ? tr("H%1").arg(head + 1) : layerName(decoder, layer));
      graph->setData(x, y, true);
      // One or two captures draw no line: dots, so the first moment is not blank.
      if (x.size() < 3) graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
      if (perHead) {
        graph->removeFromLegend();
        if (layer == 0) graph->addToLegend(m_headLegend);
      }
    }
  }
  const QStringList projections = {tr("Q"), tr("K"), tr("V")};
  if (auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0))) {
    title->setText(
        tr("%1 norms · %2").arg(projections[int(projection())], m_kind->currentText().toLower()) +
        (perHead ? tr(" · per head") : QString()));
  }
  if (perHead) {
    // One y range for every layer, so the small plots compare.
    QCPRange shared;
    bool first = true;
    for (QCPAxisRect* rect : m_layerRects) {
      rescaleRect(m_plot, rect);
      const QCPRange range = rect->axis(QCPAxis::atLeft)->range();
      shared = first ? range
                     : QCPRange(std::min(shared.lower, range.lower),
                                std::max(shared.upper, range.upper));
      first = false;
    }
    for (QCPAxisRect* rect : m_layerRects) rect->axis(QCPAxis::atLeft)->setRange(shared);
  } else {
    rescaleRect(m_plot, m_main);
  }
  // Steps are whole and never negative: a single capture gets an axis around
  // it, not ±0.001 about step 0.
  for (QCPAxisRect* rect : perHead ? m_layerRects : QVector<QCPAxisRect*>{m_main}) {
    QCPAxis* steps = rect->axis(QCPAxis::atBottom);
    const QCPRange range = steps->range();
    if (range.size() < 2) {
      const double lower = std::max(0.0, std::floor(range.center() - 1));
      steps->setRange(lower, std::max(range.upper, lower + 2));
    }
  }
  m_curvesChanged = true;
}

void QkvPanel::plotResized() {
  if (!m_layerRects.isEmpty() &&
      smallMultipleColumns(m_plot, int(m_layerRects.size())) != m_columns)
    historyChanged();
}

void QkvPanel::drawMoment() {
  placeTimeCursor(m_cursor, momentStep(), m_moment >= 0 && !m_perLayer);
  for (auto* cursor : m_layerCursors) placeTimeCursor(cursor, momentStep(), m_moment >= 0);
  replotMoment();
}

int QkvPanel::legendEntryCount() const {
  return m_headLegend ? m_headLegend->itemCount() : m_plot->legend->itemCount();
}

QVector<double> QkvPanel::currentValues() const {
  // Read back from the drawn graphs: what the user sees at the cursor.
  return valuesAtKey(m_plot, momentStep());
}

}  // namespace attn::ui
