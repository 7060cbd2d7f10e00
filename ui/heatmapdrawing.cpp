#include "heatmapdrawing.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <algorithm>

#include "attentionmaps.h"
#include "colormaps.h"

namespace attn::ui {
namespace {

// The heatmap's words, translated where the view's are.
QString viewText(const char* text) {
  return QCoreApplication::translate("attn::ui::AttentionView", text);
}

}  // namespace

void prepareMap(QCPColorMap* map, int queries, int keys) {
  map->data()->setSize(keys, queries);
  map->data()->setRange(QCPRange(0, std::max(0, keys - 1)), QCPRange(0, std::max(0, queries - 1)));
  map->setInterpolate(false);  // cells, as computed
  map->setGradient(viridisGradient());
}

void shadeMaskedCells(QCustomPlot* plot, QCPAxisRect* rect, int queries, int keys) {
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  for (int q = 0; q < queries && q + 1 < keys; ++q) {
    for (const QBrush& brush :
         {QBrush(QColor(222, 222, 222)), QBrush(QColor(150, 150, 150), Qt::BDiagPattern)}) {
      auto* cells = new QCPItemRect(plot);
      cells->setClipAxisRect(rect);
      for (auto* corner : {cells->topLeft, cells->bottomRight}) corner->setAxes(x, y);
      cells->topLeft->setCoords(q + 0.5, q - 0.5);
      cells->bottomRight->setCoords(keys - 0.5, q + 0.5);
      cells->setPen(Qt::NoPen);
      cells->setBrush(brush);
    }
  }
}

void applyColourScale(const QVector<QCPColorMap*>& maps, QCPColorScale* scale, ColourScale chosen,
                      bool masked) {
  QString label = viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", "weight"));
  QCPRange range(0, 1);
  if (chosen == ColourScale::Log) {
    // Cells below the floor take its colour; hover still gives their value.
    for (QCPColorMap* map : maps) {
      auto* data = map->data();
      for (int q = 0; q < data->valueSize(); ++q) {
        for (int k = 0; k < data->keySize(); ++k)
          data->setCell(k, q, std::max(kLogFloor, data->cell(k, q)));
      }
    }
    range = QCPRange(kLogFloor, 1);
    label =
        viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", "weight, log scale (≤ %1 darkest)"))
            .arg(kLogFloor);
  } else if (chosen == ColourScale::AutoContrast) {
    // From the smallest to the largest weight shown, masked cells left out.
    bool first = true;
    for (QCPColorMap* map : maps) {
      auto* data = map->data();
      for (int q = 0; q < data->valueSize(); ++q) {
        for (int k = 0; k < data->keySize(); ++k) {
          if (masked && k > q) continue;
          const double value = data->cell(k, q);
          range.lower = first ? value : std::min(range.lower, value);
          range.upper = first ? value : std::max(range.upper, value);
          first = false;
        }
      }
    }
    if (range.upper - range.lower < 1e-6) range.upper = range.lower + 1e-6;
    label = viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", "weight, auto contrast"));
  }
  if (masked) label += viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", " (hatched: masked)"));
  scale->setLabel(label);
  scale->setGradient(viridisGradient());
  scale->setDataScaleType(chosen == ColourScale::Log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  if (chosen == ColourScale::Log) {
    scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
  } else {
    scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
  }
  for (QCPColorMap* map : maps) map->setColorScale(scale);
  scale->setDataRange(range);
}

int outlineAlignment(QCustomPlot* plot, QCPAxisRect* rect,
                     const std::vector<std::vector<int>>& alignment, int queries, int keys) {
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  int cells = 0;
  // Entry t of the alignment belongs to the query that predicts target token t.
  for (int t = 0; t < int(alignment.size()) && t < queries; ++t) {
    for (int s : alignment[static_cast<std::size_t>(t)]) {
      if (s < 0 || s >= keys) continue;
      auto* cell = new QCPItemRect(plot);
      cell->setClipAxisRect(rect);
      for (auto* corner : {cell->topLeft, cell->bottomRight}) corner->setAxes(x, y);
      cell->topLeft->setCoords(s - 0.45, t - 0.45);
      cell->bottomRight->setCoords(s + 0.45, t + 0.45);
      cell->setPen(QPen(QColor(255, 60, 60), 2));
      ++cells;
    }
  }
  return cells;
}

QVector<HeadThumbnail> drawAllHeads(QCustomPlot* plot, const std::vector<AttentionHeads>& layers,
                                    bool masked, ColourScale chosen, const QString& title,
                                    const QString& hint) {
  QVector<HeadThumbnail> thumbnails;
  plot->clearPlottables();
  plot->clearItems();
  plot->plotLayout()->clear();
  const QFont font = plot->font();
  plot->plotLayout()->addElement(
      0, 0, new QCPTextElement(plot, title, QFont(font.family(), 10, QFont::Bold)));
  auto* note = new QCPTextElement(plot, hint, QFont(font.family(), 8));
  note->setTextColor(plot->palette().color(QPalette::Disabled, QPalette::Text));
  plot->plotLayout()->addElement(2, 0, note);
  auto* grid = new QCPLayoutGrid;
  grid->setColumnSpacing(3);
  grid->setRowSpacing(3);
  plot->plotLayout()->addElement(1, 0, grid);
  auto* scale = new QCPColorScale(plot);
  plot->plotLayout()->addElement(1, 1, scale);
  QVector<QCPColorMap*> maps;
  const int heads = layers.empty() ? 0 : layers.front().heads;
  for (int layer = 0; layer < static_cast<int>(layers.size()); ++layer) {
    const AttentionHeads& weights = layers[static_cast<std::size_t>(layer)];
    for (int head = 0; head < heads && head < weights.heads; ++head) {
      auto* rect = new QCPAxisRect(plot);
      rect->setAutoMargins(QCP::msLeft | QCP::msTop);
      rect->setMargins(QMargins(0, 0, 0, 0));
      grid->addElement(layer, head, rect);
      for (auto* axis : rect->axes()) {
        axis->setTicks(false);
        axis->setTickLabels(false);
      }
      if (head == 0)
        rect->axis(QCPAxis::atLeft)
            ->setLabel(
                viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", "L%1")).arg(layer + 1));
      if (layer == 0) {
        QCPAxis* top = rect->axis(QCPAxis::atTop);
        top->setVisible(true);
        top->setTicks(false);
        top->setTickLabels(false);
        top->setLabel(viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", "H%1")).arg(head + 1));
      }
      auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      prepareMap(map, weights.queries, weights.keys);
      for (int q = 0; q < weights.queries; ++q) {
        for (int k = 0; k < weights.keys; ++k) map->data()->setCell(k, q, weights.at(head, q, k));
      }
      maps << map;
      rect->axis(QCPAxis::atBottom)->setRange(-0.5, weights.keys - 0.5);
      rect->axis(QCPAxis::atLeft)->setRange(-0.5, weights.queries - 0.5);
      rect->axis(QCPAxis::atLeft)->setRangeReversed(true);
      if (masked) shadeMaskedCells(plot, rect, weights.queries, weights.keys);
      thumbnails.append({map, layer, head});
    }
  }
  applyColourScale(maps, scale, chosen, masked);
  return thumbnails;
}

QString heatmapFileName(AttentionKind kind, int layer, int head, qint64 step,
                        const QString& minus) {
  const QString kindName = kind == AttentionKind::EncoderSelf   ? QStringLiteral("encoder-self")
                           : kind == AttentionKind::DecoderSelf ? QStringLiteral("decoder-self")
                                                                : QStringLiteral("cross");
  const QString heads = head == AttentionMaps::kAllHeads      ? QStringLiteral("all-heads")
                        : head == AttentionMaps::kMeanOfHeads ? QStringLiteral("mean-of-heads")
                        : head == AttentionMaps::kMaxOfHeads  ? QStringLiteral("max-of-heads")
                        : head == AttentionMaps::kRollout     ? QStringLiteral("rollout")
                                                          : QStringLiteral("head%1").arg(head + 1);
  return QStringLiteral("attention_%1_layer%2_%3_step%4%5")
      .arg(kindName)
      .arg(layer)
      .arg(heads)
      .arg(step)
      .arg(minus.isEmpty() ? QString() : QLatin1Char('_') + minus);
}

}  // namespace attn::ui
