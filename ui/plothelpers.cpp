#include "plothelpers.h"

#include <QComboBox>

#include <qcustomplot.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "plottextfit.h"

namespace attn::ui {

QColor seriesColor(int index) {
  static const QColor palette[] = {
      {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
      {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
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
  placeLegend(plot->plotLayout(), legend, row, column);
}

void placeLegend(QCPLayoutGrid* grid, QCPLegend* legend, int row, int column) {
  auto* side = new QCPLayoutGrid;
  // Room for the legend's frame at the plot's right edge.
  side->setMargins(QMargins(0, 0, 3, 0));
  grid->addElement(row, column, side);
  side->addElement(0, 0, legend);
  side->addElement(1, 0,
                   new QCPLayoutElement(legend->parentPlot()));  // takes the rest of the height
  side->setRowStretchFactor(0, 0.001);
  grid->setColumnStretchFactor(column, 0.001);
}

namespace {

// How many of the graphs' points (and the midpoints of their segments) on
// `rect` fall inside `area`, in pixels.
int pointsInside(QCPAxisRect* rect, const QRectF& area) {
  int count = 0;
  for (QCPGraph* graph : rect->graphs()) {
    if (!graph->visible()) continue;
    const QCPAxis* keyAxis = graph->keyAxis();
    const QCPAxis* valueAxis = graph->valueAxis();
    QPointF previous;
    bool first = true;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
      if (std::isnan(it->value)) {
        first = true;
        continue;
      }
      const QPointF point(keyAxis->coordToPixel(it->key), valueAxis->coordToPixel(it->value));
      count += area.contains(point);
      if (!first && graph->lineStyle() != QCPGraph::lsNone)
        count += area.contains((point + previous) / 2);
      previous = point;
      first = false;
    }
  }
  return count;
}

// When every corner covers data: raises the top of a linear value axis so that
// a band `pixels` high above the highest point is empty. False when there is
// nothing to raise (a log axis, no data, or the band is there already).
bool makeRoomAtTop(QCPAxisRect* rect, int pixels) {
  QCPAxis* valueAxis = rect->axis(QCPAxis::atLeft);
  if (valueAxis->scaleType() != QCPAxis::stLinear) return false;
  double highest = -std::numeric_limits<double>::infinity();
  for (QCPGraph* graph : rect->graphs()) {
    if (!graph->visible()) continue;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
      if (std::isfinite(it->value)) highest = std::max(highest, it->value);
    }
  }
  const QCPRange range = valueAxis->range();
  const double usable = rect->height() - pixels - 4.0;
  if (!std::isfinite(highest) || highest <= range.lower || usable <= 0) return false;
  const double upper = highest + (highest - range.lower) * (pixels + 4.0) / usable;
  if (upper <= range.upper) return false;
  valueAxis->setRange(range.lower, upper);
  return true;
}

}  // namespace

void keepLegendOffData(QCustomPlot* plot, QCPAxisRect* rect, QCPLegend* legend) {
  QObject::connect(plot, &QCustomPlot::afterLayout, legend, [plot, rect, legend] {
    QCPLayoutInset* inset = rect->insetLayout();
    int index = -1;
    for (int i = 0; i < inset->elementCount(); ++i) {
      if (inset->elementAt(i) == legend) index = i;
    }
    const QRect area = rect->rect();
    const QSize size = legend->minimumOuterSizeHint();
    if (index < 0 || !legend->visible() || area.width() < 2 * size.width() ||
        area.height() < 2 * size.height()) {
      return;
    }
    const Qt::Alignment current = inset->insetAlignment(index);
    QList<Qt::Alignment> corners = {Qt::AlignTop | Qt::AlignLeft, Qt::AlignTop | Qt::AlignRight,
                                    Qt::AlignBottom | Qt::AlignLeft,
                                    Qt::AlignBottom | Qt::AlignRight};
    corners.removeAll(current);
    corners.prepend(current);
    Qt::Alignment best = current;
    int fewest = -1;
    for (const Qt::Alignment corner : corners) {
      const double left = (corner & Qt::AlignLeft) ? area.left() : area.right() - size.width();
      const double top = (corner & Qt::AlignTop) ? area.top() : area.bottom() - size.height();
      // A few pixels' slack: a point on the legend's border is covered too.
      const int covered =
          pointsInside(rect, QRectF(left, top, size.width(), size.height()).adjusted(-3, -3, 3, 3));
      if (fewest < 0 || covered < fewest) {
        fewest = covered;
        best = corner;
      }
    }
    if (fewest > 0 && makeRoomAtTop(rect, size.height())) {
      // The next layout finds a free top corner.
      plot->replot(QCustomPlot::rpQueuedReplot);
    } else if (best != current) {
      inset->setInsetAlignment(index, best);
      plot->replot(QCustomPlot::rpQueuedReplot);
    }
  });
}

QVector<QCPAxisRect*> addLayerPlots(QCustomPlot* plot, QCPLayoutGrid* plots, int layers,
                                    int columns, bool decoder, const QString& valueLabel) {
  QVector<QCPAxisRect*> rects;
  auto* margins = new QCPMarginGroup(plot);
  for (int layer = 0; layer < layers; ++layer) {
    auto* rect = new QCPAxisRect(plot);
    plots->addElement(layer / columns, layer % columns, rect);
    rect->setMarginGroup(QCP::msLeft | QCP::msRight | QCP::msTop | QCP::msBottom, margins);
    QCPAxis* top = rect->axis(QCPAxis::atTop);
    top->setVisible(true);
    top->setTicks(false);
    top->setTickLabels(false);
    top->setLabel(layerName(decoder, layer));
    rect->axis(QCPAxis::atBottom)->ticker()->setTickCount(4);
    rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(3);
    if (layer / columns == (layers - 1) / columns)
      rect->axis(QCPAxis::atBottom)->setLabel(QObject::tr("step"));
    if (layer % columns == 0) rect->axis(QCPAxis::atLeft)->setLabel(valueLabel);
    rects << rect;
  }
  return rects;
}

void settleLayout(QCustomPlot* plot) {
  for (auto phase :
       {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
    plot->plotLayout()->update(phase);
}

int smallMultipleColumns(const QCustomPlot* plot, int count) {
  constexpr int kReadableHeight = 110;     // axis labels, three ticks and a line
  const int usable = plot->height() - 40;  // the title
  const int rows = std::max(1, std::min(count, usable / kReadableHeight));
  return std::max(1, (count + rows - 1) / rows);
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
      const double margin =
          range.size() > 0 ? range.size() * 0.05 : std::max(1e-3, std::abs(range.lower) * 0.1);
      axis->setRange(range.lower - margin, range.upper + margin);
    }
  }
  Q_UNUSED(plot);
}

void letShrink(QWidget* root) {
  // An explicit minimum replaces the widget's own minimum size hint in layouts.
  for (auto* plot : root->findChildren<QCustomPlot*>()) {
    if (plot->minimumWidth() == 0) plot->setMinimumSize(160, 120);
    // Titles and axis labels wrap where the plot is narrow, not cut off.
    keepTextsInside(plot);
  }
  for (auto* box : root->findChildren<QComboBox*>()) {
    if (box->minimumWidth() == 0)
      box->setMinimumWidth(box->fontMetrics().averageCharWidth() * 8 + 32);
    // A box that shrinks ends its entry with "…" (ElidingStyle); the whole
    // entry is its tooltip where it has no other.
    if (box->toolTip().isEmpty() && !box->property("attnEntryTooltip").toBool()) {
      box->setProperty("attnEntryTooltip", true);
      box->setToolTip(box->currentText());
      QObject::connect(box, &QComboBox::currentTextChanged, box,
                       [box](const QString& text) { box->setToolTip(text); });
    }
  }
}

}  // namespace attn::ui
