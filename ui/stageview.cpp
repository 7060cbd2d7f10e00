#include "stageview.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <cmath>

#include "colormaps.h"
#include "coretext.h"

namespace attn::ui {
namespace {

constexpr int kMargin = 8;
constexpr int kLineHeight = 18;
constexpr int kStripHeight = 16;
constexpr int kMatrixCellHeight = 7;
constexpr int kMaxMatrixLines = 24;

QColor kindColour(StageKind kind) {
  switch (kind) {
    case StageKind::Linear:
      return QColor(0x1f, 0x77, 0xb4);
    case StageKind::NonLinear:
      return QColor(0xd6, 0x5f, 0x00);
    case StageKind::Identity:
      return QColor(0x80, 0x80, 0x80);
    case StageKind::Input:
      return QColor(0x2c, 0xa0, 0x2c);
  }
  return Qt::black;
}

QString kindName(StageKind kind) {
  switch (kind) {
    case StageKind::Linear:
      return StageView::tr("linear");
    case StageKind::NonLinear:
      return StageView::tr("non-linear");
    case StageKind::Identity:
      return StageView::tr("identity");
    case StageKind::Input:
      return StageView::tr("input");
  }
  return {};
}

QString shapeText(const std::vector<std::int64_t>& shape) {
  return QString::fromStdString(shape_text(shape));
}

QString blockTitle(const std::string& block) {
  if (block == "embedding") return StageView::tr("Embedding and positional encoding (§3.4, §3.5)");
  if (block == "self-attention") return StageView::tr("Self-attention (§3.2)");
  if (block == "cross-attention") return StageView::tr("Encoder–decoder attention (§3.2.3)");
  if (block == "feed-forward") return StageView::tr("Position-wise feed-forward network (§3.3)");
  if (block == "output") return StageView::tr("Output");
  return QString::fromStdString(block);
}

bool endsWith(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// Probabilities (softmax rows, attention weights) on 0–1; everything else
// on a diverging scale symmetric about 0.
bool isProbability(const Stage& stage) { return endsWith(stage.id, "softmax"); }

}  // namespace

StageView::StageView(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
}

void StageView::setStages(std::vector<Stage> stages, const QString& heading) {
  m_stages = std::move(stages);
  m_heading = heading;
  layoutRows();
  updateGeometry();
  update();
}

void StageView::clear() { setStages({}, QString()); }

QSize StageView::sizeHint() const { return {520, contentHeight()}; }
QSize StageView::minimumSizeHint() const { return {280, contentHeight()}; }

int StageView::contentHeight() const {
  return m_rows.isEmpty() ? 40 : m_rows.back().top + m_rows.back().height + kMargin;
}

void StageView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  layoutRows();
}

void StageView::layoutRows() {
  m_rows.clear();
  m_laidOutWidth = width();
  int y = kMargin + (m_heading.isEmpty() ? 0 : kLineHeight + 4);
  const int width = std::max(120, this->width() - 2 * kMargin);
  std::string block;
  for (int i = 0; i < int(m_stages.size()); ++i) {
    const Stage& stage = m_stages[std::size_t(i)];
    if (stage.block != block) {
      block = stage.block;
      Row header;
      header.header = true;
      header.text = blockTitle(block);
      header.top = y + 4;
      header.height = kLineHeight + 6;
      m_rows.push_back(header);
      y = header.top + header.height;
    }
    Row row;
    row.stage = i;
    row.top = y;
    int height = kLineHeight;  // title, kind and shape
    if (!stage.values.empty()) {
      const bool matrix = stage.shown_shape.size() == 2;
      row.lines = matrix ? int(std::min<std::int64_t>(stage.shown_shape[0], kMaxMatrixLines)) : 1;
      row.columns = int(matrix ? stage.shown_shape[1] : std::int64_t(stage.values.size()));
      const int stripHeight = matrix ? row.lines * kMatrixCellHeight : kStripHeight;
      row.strip = QRect(kMargin, y + height + 2, width, stripHeight);
      height += stripHeight + 4;
    }
    // The statistics and the note, on as many lines as the width needs: a
    // laptop's column is too narrow for them on one.
    row.noteHeight = std::max(
        kLineHeight,
        QFontMetrics(smallFont())
                .boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap, statisticsAndNote(stage))
                .height() +
            4);
    height += row.noteHeight;
    row.height = height + 6;
    m_rows.push_back(row);
    y += row.height;
  }
}

int StageView::stageTop(const QString& prefix) const {
  const std::string wanted = prefix.toStdString();
  for (const Row& row : m_rows) {
    if (row.stage >= 0 && m_stages[std::size_t(row.stage)].id.rfind(wanted, 0) == 0) return row.top;
  }
  return -1;
}

void StageView::paintEvent(QPaintEvent*) {
  // A widget resized while hidden (an export) gets no resize event.
  if (m_laidOutWidth != width()) layoutRows();
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());
  painter.setPen(palette().text().color());
  if (m_stages.empty()) {
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Type a sentence above and press Enter: every stage of the chosen layer "
                        "appears here, as the model computes it."));
    return;
  }
  QFont bold = font();
  bold.setBold(true);
  const QFont small = smallFont();
  if (!m_heading.isEmpty()) {
    painter.setFont(bold);
    painter.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, kLineHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, m_heading);
  }
  // QCPColorGradient::color() updates its lookup table, so not const.
  QCPColorGradient diverging = divergingGradient();
  QCPColorGradient sequential = viridisGradient();
  const int textWidth = width() - 2 * kMargin;
  for (const Row& row : m_rows) {
    if (row.header) {
      painter.fillRect(QRect(0, row.top, width(), row.height - 2), palette().alternateBase());
      painter.setFont(bold);
      painter.setPen(palette().text().color());
      painter.drawText(QRect(kMargin, row.top, textWidth, row.height - 2),
                       Qt::AlignLeft | Qt::AlignVCenter, row.text);
      continue;
    }
    const Stage& stage = m_stages[std::size_t(row.stage)];
    // Line 1: title, kind (coloured), shape.
    painter.setFont(bold);
    painter.setPen(palette().text().color());
    const QString title = translated(stage.title);
    QRect line(kMargin, row.top, textWidth, kLineHeight);
    painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, title);
    int x = kMargin + painter.fontMetrics().horizontalAdvance(title) + 10;
    painter.setFont(small);
    const QString kind = kindName(stage.kind);
    const int kindWidth = painter.fontMetrics().horizontalAdvance(kind) + 10;
    const QRect badge(x, row.top + 2, kindWidth, kLineHeight - 4);
    painter.setPen(Qt::NoPen);
    painter.setBrush(kindColour(stage.kind));
    painter.drawRoundedRect(badge, 4, 4);
    painter.setPen(Qt::white);
    painter.drawText(badge, Qt::AlignCenter, kind);
    x += kindWidth + 10;
    painter.setPen(palette().placeholderText().color());
    if (!stage.shape.empty()) {
      // In a narrow dock the full shape stays and "showing …" goes first (the
      // statistics line names the head and position shown); only then "…".
      const int room = width() - x - kMargin;
      const QFontMetrics metrics = painter.fontMetrics();
      QString shape =
          tr("%1, showing %2").arg(shapeText(stage.shape), shapeText(stage.shown_shape));
      if (metrics.horizontalAdvance(shape) > room) shape = shapeText(stage.shape);
      painter.drawText(QRect(x, row.top, room, kLineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                       metrics.elidedText(shape, Qt::ElideRight, room));
    }
    // The values.
    int y = row.top + kLineHeight;
    if (!row.strip.isNull() && row.columns > 0) {
      double extent = 0;
      for (float value : stage.values)
        if (std::isfinite(value)) extent = std::max(extent, double(std::fabs(value)));
      if (extent == 0) extent = 1;
      const bool probability = isProbability(stage);
      // ReLU/GELU: the units at or below 0 are grey, so the silenced ones show.
      const bool silencing = endsWith(stage.id, ".activation");
      const QCPRange range = probability ? QCPRange(0, 1) : QCPRange(-extent, extent);
      QCPColorGradient& gradient = probability ? sequential : diverging;
      const double cellWidth = double(row.strip.width()) / row.columns;
      const double cellHeight = double(row.strip.height()) / row.lines;
      painter.setPen(Qt::NoPen);
      for (int line = 0; line < row.lines; ++line) {
        for (int column = 0; column < row.columns; ++column) {
          const float value = stage.values[std::size_t(line * row.columns + column)];
          const QRectF cell(row.strip.left() + column * cellWidth,
                            row.strip.top() + line * cellHeight, std::max(1.0, cellWidth),
                            cellHeight);
          if (std::isinf(value)) {
            painter.setBrush(Qt::black);  // −inf: masked
          } else if (silencing && value <= 0) {
            painter.setBrush(QColor(0xc8, 0xc8, 0xc8));  // a unit the activation silenced
          } else {
            painter.setBrush(QColor::fromRgb(gradient.color(value, range)));
          }
          painter.drawRect(cell);
        }
      }
      painter.setBrush(Qt::NoBrush);
      painter.setPen(palette().mid().color());
      painter.drawRect(row.strip.adjusted(0, 0, -1, -1));
      y = row.strip.bottom() + 4;
    }
    // Then the statistics and the note, wrapped.
    painter.setFont(small);
    painter.setPen(palette().placeholderText().color());
    painter.drawText(QRect(kMargin, y, textWidth, row.noteHeight),
                     Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, statisticsAndNote(stage));
  }
}

QFont StageView::smallFont() const {
  QFont small = font();
  small.setPointSizeF(font().pointSizeF() * 0.9);
  return small;
}

QString StageView::statisticsAndNote(const Stage& stage) const {
  const QString note = translated(stage.note);
  if (stage.shape.empty()) return note;
  QString numbers = tr("mean %1 · std %2 · min %3 · max %4")
                        .arg(stage.mean, 0, 'g', 3)
                        .arg(stage.std, 0, 'g', 3)
                        .arg(stage.min, 0, 'g', 3)
                        .arg(stage.max, 0, 'g', 3);
  if (stage.masked > 0) numbers += tr(" · %n at −∞", nullptr, int(stage.masked));
  return numbers + QStringLiteral(" · ") + note;
}

QString StageView::tooltipAt(const QPoint& position) const {
  for (const Row& row : m_rows) {
    if (row.stage < 0) continue;
    const Stage& stage = m_stages[std::size_t(row.stage)];
    if (!row.strip.contains(position) || row.columns <= 0) {
      if (position.y() >= row.top && position.y() < row.top + row.height)
        return tr("%1: %2").arg(translated(stage.title), translated(stage.note));
      continue;
    }
    const int column =
        std::clamp(int((position.x() - row.strip.left()) * row.columns / row.strip.width()), 0,
                   row.columns - 1);
    const int line = std::clamp(
        int((position.y() - row.strip.top()) * row.lines / row.strip.height()), 0, row.lines - 1);
    const float value = stage.values[std::size_t(line * row.columns + column)];
    QString shown = std::isinf(value) ? tr("−∞ (masked)") : QString::number(value, 'g', 6);
    if (endsWith(stage.id, ".activation") && value <= 0) shown += tr(" (silenced)");
    if (row.lines > 1)
      return tr("%1 · row %2, column %3: %4")
          .arg(translated(stage.title))
          .arg(line + 1)
          .arg(column + 1)
          .arg(shown);
    return tr("%1 · %2 %3: %4")
        .arg(translated(stage.title),
             stage.shown_shape.size() == 1 && stage.id.find("softmax") != std::string::npos
                 ? tr("key")
                 : tr("component"))
        .arg(column + 1)
        .arg(shown);
  }
  return {};
}

bool StageView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QString text = tooltipAt(help->pos());
    if (text.isEmpty()) {
      QToolTip::hideText();
    } else {
      QToolTip::showText(help->globalPos(), text, this);
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace attn::ui
