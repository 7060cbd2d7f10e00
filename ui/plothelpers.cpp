#include "plothelpers.h"

#include <cmath>
#include <qcustomplot.h>

namespace attn::ui {

QColor seriesColor(int index) {
  static const QColor palette[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},
                                   {148, 103, 189}, {140, 86, 75}, {227, 119, 194}, {127, 127, 127},
                                   {188, 189, 34}, {23, 190, 207}};
  return palette[((index % 10) + 10) % 10];
}

namespace {

const QString kCursorLayer = QStringLiteral("timeCursor");

QCPLayer* cursorLayer(QCustomPlot* plot) {
  if (QCPLayer* layer = plot->layer(kCursorLayer)) return layer;
  plot->addLayer(kCursorLayer, plot->layer(QStringLiteral("axes")), QCustomPlot::limAbove);
  QCPLayer* layer = plot->layer(kCursorLayer);
  layer->setMode(QCPLayer::lmBuffered);
  return layer;
}

}  // namespace

void replotTimeCursors(QCustomPlot* plot) { cursorLayer(plot)->replot(); }

QCPItemStraightLine* addTimeCursor(QCustomPlot* plot, QCPAxisRect* rect) {
  QCPLayer* layer = cursorLayer(plot);
  auto* cursor = new QCPItemStraightLine(plot);
  cursor->setLayer(layer);
  cursor->setClipAxisRect(rect);
  cursor->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  cursor->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  cursor->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
  cursor->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
  cursor->point1->setAxisRect(rect);
  cursor->point2->setAxisRect(rect);
  cursor->setPen(QPen(QColor(0, 0, 0, 140), 1.5, Qt::DashLine));
  cursor->setVisible(false);
  return cursor;
}

void placeTimeCursor(QCPItemStraightLine* cursor, double x, bool visible) {
  cursor->point1->setCoords(x, 0);
  cursor->point2->setCoords(x, 1);
  cursor->setVisible(visible);
}

QVector<double> valuesAtKey(const QCustomPlot* plot, double key) {
  QVector<double> values;
  if (std::isnan(key)) return values;
  for (int i = 0; i < plot->graphCount(); ++i) {
    const auto data = plot->graph(i)->data();
    const auto point = data->findBegin(key, false);
    if (point != data->constEnd() && point->key == key) values << point->value;
  }
  return values;
}

QString visiblePiece(QString piece) {
  if (piece == QStringLiteral(" ")) return QStringLiteral("␣");
  return piece.replace(QLatin1Char('\t'), QStringLiteral("⇥"));
}

QStringList tokenLabels(const std::vector<int>& tokens, const QStringList& pieces) {
  QStringList labels;
  for (int id : tokens) labels << visiblePiece(pieces.value(id, QString::number(id)));
  return labels;
}

QSharedPointer<QCPAxisTickerText> textTicker(const QStringList& labels) {
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  for (int i = 0; i < labels.size(); ++i) ticker->addTick(i, labels[i]);
  return ticker;
}

QString layerName(bool decoder, int layer) {
  return (decoder ? QObject::tr("decoder %1") : QObject::tr("encoder %1")).arg(layer + 1);
}

void placeLegend(QCustomPlot* plot, QCPLegend* legend, int row, int column) {
  auto* side = new QCPLayoutGrid;
  plot->plotLayout()->addElement(row, column, side);
  side->addElement(0, 0, legend);
  side->addElement(1, 0, new QCPLayoutElement(plot));  // takes the rest of the height
  side->setRowStretchFactor(0, 0.001);
  plot->plotLayout()->setColumnStretchFactor(column, 0.001);
}

void rescaleRect(QCustomPlot* plot, QCPAxisRect* rect) {
  bool any = false;
  for (QCPAbstractPlottable* plottable : rect->plottables()) {
    if (plottable->visible()) {
      plottable->rescaleAxes(any);
      any = true;
    }
  }
  if (!any) return;
  for (QCPAxis* axis : {rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft)}) {
    QCPRange range = axis->range();
    if (axis->scaleType() == QCPAxis::stLogarithmic) {
      axis->setRange(range.lower / 1.5, range.upper * 1.5);
    } else {
      const double margin = range.size() > 0 ? range.size() * 0.05 : std::max(1e-3, std::abs(range.lower) * 0.1);
      axis->setRange(range.lower - margin, range.upper + margin);
    }
  }
  Q_UNUSED(plot);
}

}  // namespace attn::ui
