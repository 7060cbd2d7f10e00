#include "embeddingpanel.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLocale>
#include <QSpinBox>
#include <algorithm>

#include "plothelpers.h"
#include "runhistory.h"

namespace attn::ui {

EmbeddingPanel::EmbeddingPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("embeddings"), parent) {
  setObjectName(QStringLiteral("embeddingPanel"));
  m_trails = new QCheckBox(tr("Trails through the epochs:"), this);
  m_trails->setObjectName(QStringLiteral("embeddingTrails"));
  m_trails->setChecked(true);
  m_trailLength = new QSpinBox(this);
  m_trailLength->setObjectName(QStringLiteral("embeddingTrailLength"));
  m_trailLength->setRange(1, 100000);
  m_trailLength->setValue(10);
  m_trailLength->setPrefix(tr("last "));
  m_trailLength->setSuffix(tr(" epochs"));
  m_trailLength->setToolTip(tr("How many epoch ends each trail goes back"));
  m_options->addWidget(m_trails);
  m_options->addWidget(m_trailLength);
  m_options->addStretch();
  connect(m_trails, &QCheckBox::toggled, this, [this](bool on) {
    m_trailLength->setEnabled(on);
    setMoment(m_moment, m_snapshot);
  });
  connect(m_trailLength, qOverload<int>(&QSpinBox::valueChanged), this,
          [this] { setMoment(m_moment, m_snapshot); });
  m_plot->plotLayout()->insertRow(0);
  m_plot->plotLayout()->addElement(
      0, 0,
      new QCPTextElement(m_plot, tr("Token embeddings, first two principal components"),
                         QFont(font().family(), 10, QFont::Bold)));
  m_plot->plotLayout()->insertRow(1);
  m_hint =
      new QCPTextElement(m_plot, tr("Drag to pan, mouse wheel to zoom"), QFont(font().family(), 8));
  m_hint->setTextColor(QColor(110, 110, 110));
  m_plot->plotLayout()->addElement(1, 0, m_hint);
  m_plot->xAxis->setLabel(tr("PC 1"));
  m_plot->yAxis->setLabel(tr("PC 2"));
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  // Pixel positions are known only once the plot is laid out, so labels are
  // placed then; zooming and resizing place them again.
  connect(m_plot, &QCustomPlot::afterLayout, this, &EmbeddingPanel::placeLabels);
  setEmptyMessage(tr("Embeddings appear after the first snapshot"));
  addHelp(HelpTopic::Embeddings);  // last in the options row
}

QVector<int> EmbeddingPanel::fitMoments() const {
  QVector<int> moments;
  for (int m = 0; m < m_history->momentCount(); ++m) {
    if (m_history->moments()[m].epochEnd) moments << m;
  }
  if (moments.isEmpty() && m_history->momentCount() > 0) moments << m_history->momentCount() - 1;
  return moments;
}

void EmbeddingPanel::rebuild() {
  const QVector<int> moments = fitMoments();
  const bool haveEmbeddings =
      !moments.isEmpty() && m_history->statistics(moments.back()).embeddings.dim > 0;
  setEmptyMessage(haveEmbeddings ? QString() : tr("Embeddings appear after the first snapshot"));
  if (!haveEmbeddings || moments == m_fitted) return;
  std::vector<float> rows;
  const int dim = m_history->statistics(moments.back()).embeddings.dim;
  for (int m : moments) {
    const auto& e = m_history->statistics(m).embeddings;
    if (e.dim == dim) rows.insert(rows.end(), e.vectors.begin(), e.vectors.end());
  }
  m_projection = fit_projection(rows, dim);
  m_fitted = moments;
  const auto axisLabel = [this](int component, double explained) {
    return tr("PC %1 (%2% of the variance)")
        .arg(component)
        .arg(QLocale().toString(100 * explained, 'f', explained < 0.1 ? 1 : 0));
  };
  m_plot->xAxis->setLabel(axisLabel(1, m_projection.explained_x));
  m_plot->yAxis->setLabel(axisLabel(2, m_projection.explained_y));
  // Axes that hold every position at every time: scrubbing does not rescale.
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  bool first = true;
  for (int m = 0; m < m_history->momentCount(); ++m) {
    const auto& e = m_history->statistics(m).embeddings;
    if (e.dim != dim || !m_projection.valid()) continue;
    for (std::size_t t = 0; t < e.tokens.size(); ++t) {
      double x, y;
      m_projection.project(e.vectors.data() + t * dim, &x, &y);
      x0 = first ? x : std::min(x0, x);
      x1 = first ? x : std::max(x1, x);
      y0 = first ? y : std::min(y0, y);
      y1 = first ? y : std::max(y1, y);
      first = false;
    }
  }
  const double mx = std::max(1e-6, (x1 - x0) * 0.08), my = std::max(1e-6, (y1 - y0) * 0.08);
  m_xLow = x0 - mx;
  m_xHigh = x1 + mx;
  m_yLow = y0 - my;
  m_yHigh = y1 + my;
}

void EmbeddingPanel::drawMoment() {
  m_plot->clearPlottables();
  m_plot->clearItems();
  m_points = nullptr;
  if (m_moment < 0 || !m_projection.valid()) {
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const auto& current = m_history->statistics(m_moment).embeddings;
  const int dim = m_projection.dim;
  if (current.dim != dim) {
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const int tokens = int(current.tokens.size());
  if (m_trails->isChecked()) {
    // Each token's path through the epoch ends up to now, ending where it is.
    QVector<int> path;
    for (int m : m_fitted) {
      if (m < m_moment) path << m;
    }
    if (path.size() > m_trailLength->value()) path = path.mid(path.size() - m_trailLength->value());
    path << m_moment;
    for (int t = 0; t < tokens; ++t) {
      QVector<double> xs, ys;
      for (int m : path) {
        const auto& e = m_history->statistics(m).embeddings;
        if (e.dim != dim || t >= int(e.tokens.size())) continue;
        double x, y;
        m_projection.project(e.vectors.data() + std::size_t(t) * dim, &x, &y);
        xs << x;
        ys << y;
      }
      if (xs.size() < 2) continue;
      auto* trail = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
      QColor color = seriesColor(t);
      color.setAlpha(90);
      trail->setPen(QPen(color, 1.2));
      trail->setData(xs, ys);
      trail->removeFromLegend();
    }
  }
  QVector<double> xs, ys;
  for (int t = 0; t < tokens; ++t) {
    double x, y;
    m_projection.project(current.vectors.data() + std::size_t(t) * dim, &x, &y);
    xs << x;
    ys << y;
    auto* label = new QCPItemText(m_plot);
    label->position->setCoords(x, y);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    const int id = current.tokens[t];
    label->setText(visiblePiece(m_history->sourcePieces().value(id, QString::number(id))));
    label->setFont(QFont(font().family(), 9));
    label->setColor(seriesColor(t).darker(140));
  }
  m_points = m_plot->addGraph();
  m_points->setLineStyle(QCPGraph::lsNone);
  m_points->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(40, 40, 40), 6));
  m_points->setData(xs, ys, false);
  m_points->removeFromLegend();
  m_points->setName(QStringLiteral("points"));
  m_plot->xAxis->setRange(m_xLow, m_xHigh);
  m_plot->yAxis->setRange(m_yLow, m_yHigh);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void EmbeddingPanel::placeLabels() {
  // Greedy, in vocabulary order: each label takes the first corner of its
  // point where it covers no point and no label placed before it.
  QVector<QCPItemText*> labels;
  for (int i = 0; i < m_plot->itemCount(); ++i) {
    if (auto* label = qobject_cast<QCPItemText*>(m_plot->item(i))) labels << label;
  }
  const QRect area = m_plot->axisRect()->rect();
  QVector<QRectF> taken;
  QVector<QPointF> points;
  for (auto* label : labels) {
    const QPointF p(m_plot->xAxis->coordToPixel(label->position->coords().x()),
                    m_plot->yAxis->coordToPixel(label->position->coords().y()));
    points << p;
    taken << QRectF(p.x() - 3, p.y() - 3, 6, 6);
  }
  const Qt::Alignment corners[] = {Qt::AlignLeft | Qt::AlignBottom, Qt::AlignLeft | Qt::AlignTop,
                                   Qt::AlignRight | Qt::AlignBottom, Qt::AlignRight | Qt::AlignTop};
  int hidden = 0;
  for (int i = 0; i < labels.size(); ++i) {
    QCPItemText* label = labels[i];
    if (!area.contains(points[i].toPoint())) {
      label->setVisible(false);  // its point is zoomed or dragged away
      continue;
    }
    // The text keeps a gap from its point (padding), clear of the point's dot.
    const QMarginsF gap(4, 3, 4, 3);
    label->setPadding(gap.toMargins());
    const QSizeF size = QFontMetricsF(label->font()).size(0, label->text());
    bool placed = false;
    for (Qt::Alignment corner : corners) {
      const double left = corner & Qt::AlignLeft ? points[i].x() + gap.left()
                                                 : points[i].x() - gap.right() - size.width();
      const double top = corner & Qt::AlignTop ? points[i].y() + gap.top()
                                               : points[i].y() - gap.bottom() - size.height();
      const QRectF box(left, top, size.width(), size.height());
      const bool free = std::none_of(taken.begin(), taken.end(),
                                     [&](const QRectF& other) { return other.intersects(box); });
      if (free && QRectF(area).contains(box)) {
        label->setPositionAlignment(corner);
        label->setVisible(true);
        taken << box;
        placed = true;
        break;
      }
    }
    if (!placed) {
      label->setVisible(false);
      ++hidden;
    }
  }
  m_hiddenLabels = hidden;
  // Always one line, so that the text never changes the layout it was
  // placed in.
  m_hint->setText(hidden == 0   ? tr("Drag to pan, mouse wheel to zoom")
                  : hidden == 1 ? tr("1 label hidden where it would overlap: zoom in with the "
                                     "mouse wheel to see it")
                                : tr("%1 labels hidden where they would overlap: zoom in with the "
                                     "mouse wheel to see them")
                                      .arg(hidden));
}

QVector<double> EmbeddingPanel::currentValues() const {
  QVector<double> values;
  if (!m_points) return values;
  // setData without sorting keeps vocabulary order only until the container
  // sorts by key, so read positions back through the labels' order instead.
  QVector<double> xs, ys;
  for (int i = 0; i < m_plot->itemCount(); ++i) {
    if (auto* label = qobject_cast<QCPItemText*>(m_plot->item(i))) {
      xs << label->position->coords().x();
      ys << label->position->coords().y();
    }
  }
  for (int i = 0; i < xs.size(); ++i) values << xs[i] << ys[i];
  return values;
}

}  // namespace attn::ui
