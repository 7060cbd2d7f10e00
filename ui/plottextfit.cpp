#include "plottextfit.h"

#include <qcustomplot.h>
#include <QFontMetrics>
#include <algorithm>

namespace attn::ui {
namespace {

// The text a caller set, kept beside the wrapped one shown (properties on
// the QCustomPlot objects themselves).
const char* const kFullText = "attnFullText";
const char* const kShownText = "attnShownText";
const char* const kWatched = "attnKeepsTextsInside";
const char* const kTurned = "attnTurnedTickLabels";  // this file turned an axis's labels
constexpr int kPadding = 8;                          // pixels left free beside a text

// The text a caller set: a shown text that differs from what was wrapped
// last was set anew.
QString fullText(QObject* owner, const QString& shown) {
  if (owner->property(kShownText).toString() != shown) owner->setProperty(kFullText, shown);
  return owner->property(kFullText).toString();
}

void show(QObject* owner, const QString& wrapped) { owner->setProperty(kShownText, wrapped); }

// The widest each column of `grid` must be, from its elements' minimum sizes.
int columnMinimum(QCPLayoutGrid* grid, int column) {
  int widest = 0;
  for (int row = 0; row < grid->rowCount(); ++row) {
    if (grid->hasElement(row, column))
      widest = std::max(widest, grid->element(row, column)->minimumOuterSizeHint().width());
  }
  return widest;
}

// The width a text element may take: its grid's width (the plot's, for the
// top level) less the other columns' minimum widths.
int availableWidth(QCustomPlot* plot, QCPTextElement* text) {
  auto* grid = qobject_cast<QCPLayoutGrid*>(text->layout());
  int width = plot->viewport().width();
  if (!grid) return width - kPadding;
  if (grid != plot->plotLayout() && grid->outerRect().width() > 0)
    width = std::min(width, grid->outerRect().width());
  int row = 0, column = 0;
  for (int index = 0; index < grid->elementCount(); ++index) {
    if (grid->elementAt(index) != text) continue;
    grid->indexToRowCol(index, row, column);
  }
  for (int other = 0; other < grid->columnCount(); ++other) {
    if (other != column) width -= columnMinimum(grid, other) + grid->columnSpacing();
  }
  return width - kPadding;
}

// Tick labels that do not overlap: numbers as many as the axis's length
// leaves room for; words (a text ticker) turned on their side when they are
// wider than the axis together, and upright again when they are not.
void spaceTicks(QCPAxis* axis, int length) {
  const QFontMetrics metrics(axis->tickLabelFont());
  const QVector<QString> labels = axis->tickVectorLabels();
  if (auto text = qSharedPointerDynamicCast<QCPAxisTickerText>(axis->ticker())) {
    if (axis->orientation() != Qt::Horizontal) return;
    int total = 0;
    for (const QString& label : labels) total += metrics.horizontalAdvance(label) + 6;
    const bool turned = axis->property(kTurned).toBool();
    if (total > length && axis->tickLabelRotation() == 0) {
      axis->setTickLabelRotation(-60);
      axis->setProperty(kTurned, true);
    } else if (turned && total <= length) {
      axis->setTickLabelRotation(0);
      axis->setProperty(kTurned, false);
    }
    return;
  }
  int widest = metrics.height() * 2;  // vertical axes: a label and a gap
  if (axis->orientation() == Qt::Horizontal) {
    widest = metrics.horizontalAdvance(QStringLiteral("0.000"));
    for (const QString& label : labels) widest = std::max(widest, metrics.horizontalAdvance(label));
    widest += metrics.averageCharWidth() * 3;
  }
  axis->ticker()->setTickCount(std::clamp(length / std::max(1, widest), 2, 5));
}

void fitTexts(QCustomPlot* plot) {
  for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
    auto* text = qobject_cast<QCPTextElement*>(element);
    if (!text) continue;
    const QString full = fullText(text, text->text());
    const QString wrapped = wrappedText(full, text->font(), availableWidth(plot, text));
    show(text, wrapped);
    if (wrapped != text->text()) text->setText(wrapped);
  }
  // Axis labels along their axis: the axis rect's height for a vertical
  // one, its width for a horizontal one, as of the last layout.
  for (QCPAxisRect* rect : plot->axisRects()) {
    for (QCPAxis* axis : rect->axes()) {
      if (!axis->visible()) continue;
      const bool vertical = axis->orientation() == Qt::Vertical;
      const int length = vertical ? rect->height() : rect->width();
      if (length <= 0) continue;
      if (axis->tickLabels()) spaceTicks(axis, length);
      if (axis->label().isEmpty()) continue;
      const QString full = fullText(axis, axis->label());
      const QString wrapped = wrappedText(full, axis->labelFont(), length);
      show(axis, wrapped);
      if (wrapped != axis->label()) axis->setLabel(wrapped);
    }
  }
}

}  // namespace

QString wrappedText(const QString& text, const QFont& font, int width) {
  const QFontMetrics metrics(font);
  QStringList lines;
  for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
    QString line;
    for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
      const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
      if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
        lines << line;
        line = word;
      } else {
        line = longer;
      }
    }
    lines << line;
  }
  return lines.join(QLatin1Char('\n'));
}

void keepTextsInside(QCustomPlot* plot) {
  if (plot->property(kWatched).toBool()) return;
  plot->setProperty(kWatched, true);
  QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { fitTexts(plot); });
}

}  // namespace attn::ui
