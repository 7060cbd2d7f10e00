#include "dataflowview.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <cmath>

#include "coretext.h"

namespace attn::ui {
namespace {

constexpr int kBoxHeight = 40;
constexpr int kGap = 30;  // vertical room for an arrow and its shape
constexpr int kMargin = 10;

QString shapeText(const std::vector<std::int64_t>& shape) {
  return QString::fromStdString(shape_text(shape));
}

bool isSourceSide(const FlowNode& node) {
  return node.part == "source" || node.part == "encoder" || node.part == "memory";
}

QColor partColour(const FlowNode& node) {
  if (node.part == "encoder") return QColor(0xdc, 0xe9, 0xf5);
  if (node.part == "decoder") return QColor(0xfb, 0xe3, 0xd0);
  if (node.part == "memory") return QColor(0xd8, 0xef, 0xd8);
  if (node.part == "output") return QColor(0xee, 0xe0, 0xf3);
  return QColor(0xf0, 0xf0, 0xf0);
}

}  // namespace

DataFlowView::DataFlowView(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
  setCursor(Qt::PointingHandCursor);
}

void DataFlowView::setFlow(std::vector<FlowNode> nodes, std::vector<FlowEdge> edges) {
  m_nodes = std::move(nodes);
  m_edges = std::move(edges);
  layoutNodes();
  updateGeometry();
  update();
}

void DataFlowView::clear() { setFlow({}, {}); }

void DataFlowView::setCurrent(const QString& id) {
  m_current = id;
  update();
}

QRect DataFlowView::nodeRect(int index) const {
  return index >= 0 && index < m_rects.size() ? m_rects[index] : QRect();
}

QSize DataFlowView::sizeHint() const { return {460, minimumSizeHint().height()}; }

QSize DataFlowView::minimumSizeHint() const {
  int left = 0, right = 0;
  for (const auto& node : m_nodes) (isSourceSide(node) ? left : right) += 1;
  // The target column starts one row above the memory's (the memory is the
  // last box of the source column).
  const int rows = std::max(left, right + std::max(0, left - 2));
  return {300, kMargin * 2 + rows * (kBoxHeight + kGap)};
}

void DataFlowView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  layoutNodes();
}

void DataFlowView::layoutNodes() {
  m_rects.clear();
  m_laidOutWidth = width();
  const int columnWidth = std::max(130, (width() - 3 * kMargin) / 2);
  int left = 0, right = 0;
  int memoryRow = 0;
  for (const auto& node : m_nodes) {
    if (node.part == "memory") memoryRow = left;
    if (isSourceSide(node)) ++left;
  }
  left = 0;
  // The target column starts one row below the memory's, so the memory's
  // arrows into the decoder layers run down and across.
  right = std::max(0, memoryRow - 1);
  for (const auto& node : m_nodes) {
    const bool source = isSourceSide(node);
    const int row = source ? left++ : right++;
    const int x = source ? kMargin : 2 * kMargin + columnWidth;
    m_rects.push_back(QRect(x, kMargin + row * (kBoxHeight + kGap), columnWidth, kBoxHeight));
  }
}

void DataFlowView::paintEvent(QPaintEvent*) {
  // A widget resized while hidden (an export) gets no resize event.
  if (m_laidOutWidth != width()) layoutNodes();
  QPainter painter(this);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.fillRect(rect(), palette().base());
  if (m_nodes.empty()) {
    painter.setPen(palette().text().color());
    painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("The model's data flow for your sentence appears here."));
    return;
  }
  QFont small = font();
  small.setPointSizeF(font().pointSizeF() * 0.85);
  // Arrows first, boxes over them.
  int labelledAcross = -1;
  for (const auto& edge : m_edges) {
    const QRect from = m_rects[edge.from], to = m_rects[edge.to];
    QPointF start, end;
    const bool sameColumn = from.left() == to.left();
    if (sameColumn) {
      start = QPointF(from.center().x(), from.bottom());
      end = QPointF(to.center().x(), to.top());
    } else {
      start = QPointF(from.right(), from.center().y());
      end = QPointF(to.left(), to.top() + 8);
    }
    painter.setPen(QPen(palette().mid().color(), 1.4));
    painter.drawLine(start, end);
    const QLineF line(end, start);
    const double angle = std::atan2(-line.dy(), line.dx());
    const QPointF tip1 =
        end + QPointF(std::sin(angle + M_PI / 3) * 7, std::cos(angle + M_PI / 3) * 7);
    const QPointF tip2 =
        end + QPointF(std::sin(angle + M_PI - M_PI / 3) * 7, std::cos(angle + M_PI - M_PI / 3) * 7);
    painter.setBrush(palette().mid());
    painter.drawPolygon(QPolygonF({end, tip1, tip2}));
    painter.setFont(small);
    painter.setPen(palette().placeholderText().color());
    if (sameColumn) {
      painter.drawText(QRectF(start.x() + 6, start.y(), from.width() / 2.0 - 6, kGap),
                       Qt::AlignLeft | Qt::AlignVCenter, shapeText(edge.shape));
    } else if (edge.from != labelledAcross) {
      // The memory's arrows into every decoder layer carry one shape: said
      // once, under the memory's box.
      labelledAcross = edge.from;
      painter.drawText(QRectF(from.left() + 6, from.bottom() + 2, from.width() - 6, kGap - 4),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("to every decoder layer %1").arg(shapeText(edge.shape)));
    }
  }
  QFont bold = font();
  bold.setBold(true);
  for (std::size_t i = 0; i < m_nodes.size(); ++i) {
    const auto& node = m_nodes[i];
    const QRect box = m_rects[int(i)];
    const bool current =
        !m_current.isEmpty() && QString::fromStdString(node.id).startsWith(m_current);
    painter.setPen(
        QPen(current ? QColor(0xd6, 0x5f, 0x00) : palette().mid().color(), current ? 2.5 : 1));
    painter.setBrush(partColour(node));
    painter.drawRoundedRect(box, 6, 6);
    painter.setPen(Qt::black);
    painter.setFont(bold);
    painter.drawText(box.adjusted(6, 2, -6, -box.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                     translated(node.label));
    painter.setFont(small);
    painter.setPen(QColor(0x40, 0x40, 0x40));
    const QRect detail = box.adjusted(6, box.height() / 2, -6, -2);
    painter.drawText(
        detail, Qt::AlignLeft | Qt::AlignVCenter,
        painter.fontMetrics().elidedText(translated(node.detail), Qt::ElideRight, detail.width()));
  }
}

void DataFlowView::mousePressEvent(QMouseEvent* event) {
  for (int i = 0; i < m_rects.size(); ++i) {
    if (m_rects[i].contains(event->position().toPoint())) {
      Q_EMIT nodeClicked(m_nodes[std::size_t(i)]);
      return;
    }
  }
  QWidget::mousePressEvent(event);
}

}  // namespace attn::ui
