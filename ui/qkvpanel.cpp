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
  m_cursor = addTimeCursor(m_plot, m_plot->axisRect());
  setEmptyMessage(tr("Q/K/V norms appear after the first snapshot"));
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

void QkvPanel::rebuild() {
  m_plot->clearGraphs();
  const int layers = layerCount();
  const int moments = m_history->momentCount();
  setEmptyMessage(moments == 0 ? tr("Q/K/V norms appear after the first snapshot") : QString());
  if (moments == 0) return;
  const bool decoder = kind() != AttentionKind::EncoderSelf;
  const int heads = norms(0, 0) ? int(norms(0, 0)->size()) : 0;
  for (int layer = 0; layer < layers; ++layer) {
    const int lines = m_perHead->isChecked() ? heads : 1;
    for (int head = 0; head < lines; ++head) {
      QVector<double> x, y;
      for (int m = 0; m < moments; ++m) {
        const auto* values = norms(m, layer);
        if (!values || values->empty()) continue;
        x << double(m_history->moments()[m].step);
        y << (m_perHead->isChecked()
                  ? (*values)[head]
                  : std::accumulate(values->begin(), values->end(), 0.0) / values->size());
      }
      QCPGraph* graph = m_plot->addGraph();
      QPen pen(seriesColor(layer), m_perHead->isChecked() ? 1.2 : 2);
      if (m_perHead->isChecked()) pen.setStyle(Qt::PenStyle(Qt::SolidLine + head % 4));
      graph->setPen(pen);
      graph->setName(m_perHead->isChecked()
                         ? tr("%1, head %2").arg(layerName(decoder, layer)).arg(head + 1)
                         : layerName(decoder, layer));
      graph->setData(x, y, true);
    }
  }
  const QStringList projections = {tr("Q"), tr("K"), tr("V")};
  if (auto* title = qobject_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0))) {
    title->setText(
        tr("%1 norms · %2").arg(projections[int(projection())], m_kind->currentText().toLower()));
  }
  rescaleRect(m_plot, m_plot->axisRect());
  m_curvesChanged = true;
}

void QkvPanel::drawMoment() {
  placeTimeCursor(m_cursor, momentStep(), m_moment >= 0);
  replotMoment();
}

QVector<double> QkvPanel::currentValues() const {
  // Read back from the drawn graphs: what the user sees at the cursor.
  return valuesAtKey(m_plot, momentStep());
}

}  // namespace attn::ui
