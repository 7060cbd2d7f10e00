#include "attentionview.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>

#include "attn/tokenizer.h"
#include "colormaps.h"
#include "plothelpers.h"

namespace attn::ui {
namespace {

// A probe's source as a short line: characters joined as they are, longer
// pieces (words, subwords) with spaces; specials left out.
QString sentence(const std::vector<int>& tokens, const QStringList& pieces) {
  QStringList shown;
  bool characters = true;
  for (int token : tokens) {
    if (token <= kUnkToken || token >= pieces.size()) continue;  // specials, or unknown
    shown << pieces[token];
    characters = characters && pieces[token].size() == 1;
  }
  QString text = shown.join(characters ? QString() : QStringLiteral(" "));
  text.replace(QChar(0x2581), QLatin1Char(' '));  // SentencePiece's word mark
  text = text.simplified();
  return text.size() > 28 ? text.left(27) + QStringLiteral("…") : text;
}

void fillMap(QCPColorMap* map, const AttentionHeads& heads, int head) {
  map->data()->setSize(heads.keys, heads.queries);
  map->data()->setRange(QCPRange(0, std::max(0, heads.keys - 1)),
                        QCPRange(0, std::max(0, heads.queries - 1)));
  for (int q = 0; q < heads.queries; ++q) {
    for (int k = 0; k < heads.keys; ++k) map->data()->setCell(k, q, heads.at(head, q, k));
  }
  map->setInterpolate(false);  // cells, as computed
  map->setGradient(viridisGradient());
  map->setDataRange(QCPRange(0, 1));
}

}  // namespace

AttentionView::AttentionView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
  setObjectName(QStringLiteral("attentionView"));
  m_plot->setObjectName(QStringLiteral("attentionCanvas"));
  m_kind = new QComboBox(this);
  m_kind->setObjectName(QStringLiteral("attentionKind"));
  m_kind->addItem(tr("Encoder self-attention"), int(AttentionKind::EncoderSelf));
  m_kind->addItem(tr("Decoder self-attention (masked)"), int(AttentionKind::DecoderSelf));
  m_kind->addItem(tr("Cross-attention (decoder → encoder)"), int(AttentionKind::Cross));
  m_kind->setCurrentIndex(2);
  m_layer = new QSpinBox(this);
  m_layer->setObjectName(QStringLiteral("attentionLayer"));
  m_layer->setPrefix(tr("layer "));
  m_layer->setRange(1, 1);
  m_head = new QComboBox(this);
  m_head->setObjectName(QStringLiteral("attentionHead"));
  m_example = new QComboBox(this);
  m_example->setObjectName(QStringLiteral("attentionExample"));
  m_controls = new QWidget(this);
  auto* controls = new QHBoxLayout(m_controls);
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(m_kind);
  controls->addWidget(m_layer);
  controls->addWidget(m_head);
  controls->addWidget(new QLabel(tr("example"), m_controls));
  controls->addWidget(m_example);
  controls->addStretch();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(m_controls);
  layout->addWidget(m_plot, 1);

  auto changed = [this] {
    redraw();
    emit selectionChanged();
  };
  connect(m_kind, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
  connect(m_layer, qOverload<int>(&QSpinBox::valueChanged), this, changed);
  connect(m_head, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
  connect(m_example, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
  connect(m_plot, &QCustomPlot::mouseMove, this, &AttentionView::showTooltip);
  connect(m_plot, &QCustomPlot::mousePress, this, &AttentionView::openGridCell);
  clear();
}

void AttentionView::setControlsVisible(bool visible) { m_controls->setVisible(visible); }

void AttentionView::clear() {
  m_plot->clearItems();
  m_idealCells = 0;
  m_grid.clear();
  m_snapshot = Snapshot();
  m_hasData = false;
  m_map = nullptr;
  m_plot->clearPlottables();
  m_plot->plotLayout()->clear();
  m_plot->plotLayout()->addElement(
      0, 0, new QCPTextElement(m_plot, tr("Attention appears here once training starts")));
  m_plot->replot();
}

void AttentionView::setVocabulary(const QStringList& source, const QStringList& target) {
  m_sourcePieces = source;
  m_targetPieces = target;
  rebuildChoices();  // the example names are sentences in these pieces
}

void AttentionView::setSnapshot(const attn::Snapshot& snapshot) {
  m_snapshot = snapshot;
  m_hasData = !snapshot.examples.empty();
  rebuildChoices();
  redraw();
}

void AttentionView::select(AttentionKind kind, int layer, int head, int example) {
  m_kind->setCurrentIndex(m_kind->findData(int(kind)));
  m_layer->setValue(layer + 1);
  m_head->setCurrentIndex(head + 1);
  m_example->setCurrentIndex(example);
  redraw();
}

QString AttentionView::shortKindName() const {
  const QString prefix = m_caption.isEmpty() ? QString() : m_caption + QStringLiteral(" · ");
  switch (kind()) {
    case AttentionKind::EncoderSelf:
      return prefix + tr("Encoder self-attention");
    case AttentionKind::DecoderSelf:
      return prefix + tr("Decoder self-attention");
    case AttentionKind::Cross:
      return prefix + tr("Cross-attention");
  }
  return {};
}

AttentionView::Selection AttentionView::selection() const {
  return {kind(), m_layer->value() - 1, m_head->currentIndex() - 1,
          std::max(0, m_example->currentIndex())};
}

void AttentionView::setCaption(const QString& caption) {
  m_caption = caption;
  redraw();
}

AttentionKind AttentionView::kind() const {
  return static_cast<AttentionKind>(m_kind->currentData().toInt());
}

QStringList AttentionView::labels(const std::vector<int>& tokens, bool source) const {
  return tokenLabels(tokens, source ? m_sourcePieces : m_targetPieces);
}

void AttentionView::rebuildChoices() {
  if (!m_hasData) return;
  const auto& first = m_snapshot.examples.front();
  const QSignalBlocker blockLayer(m_layer), blockHead(m_head), blockExample(m_example);
  const int layers = static_cast<int>(first.of(kind()).size());
  m_layer->setRange(1, std::max(1, layers));
  const int heads = first.cross.empty() ? 1 : first.cross.front().heads;
  if (m_head->count() != heads + 1) {
    const int previous = m_head->currentIndex();
    m_head->clear();
    m_head->addItem(tr("all heads"));
    for (int h = 0; h < heads; ++h) m_head->addItem(tr("head %1").arg(h + 1));
    m_head->setCurrentIndex(previous >= 0 && previous <= heads ? previous : 1);
  }
  if (m_example->count() != static_cast<int>(m_snapshot.examples.size())) {
    const int previous = m_example->currentIndex();
    m_example->clear();
    for (size_t e = 0; e < m_snapshot.examples.size(); ++e)
      m_example->addItem(QString::number(e + 1));
    m_example->setCurrentIndex(std::max(0, std::min(previous, m_example->count() - 1)));
  }
  // Each probe example by its sentence, not only its number.
  for (int e = 0; e < m_example->count(); ++e) {
    const QString text = sentence(m_snapshot.examples[size_t(e)].src_tokens, m_sourcePieces);
    m_example->setItemText(e, text.isEmpty() ? QString::number(e + 1)
                                             : QStringLiteral("%1 · %2").arg(e + 1).arg(text));
  }
}

void AttentionView::redraw() {
  if (!m_hasData) return;
  const int example = std::max(0, m_example->currentIndex());
  const ExampleAttention& attention = m_snapshot.examples[static_cast<size_t>(example)];
  const auto& layers = attention.of(kind());
  if (layers.empty()) return;
  const bool encoder = kind() == AttentionKind::EncoderSelf;
  m_xLabels =
      labels(kind() == AttentionKind::DecoderSelf ? attention.tgt_tokens : attention.src_tokens,
             kind() != AttentionKind::DecoderSelf);
  m_yLabels = labels(encoder ? attention.src_tokens : attention.tgt_tokens, encoder);
  // The grid shows every layer: the layer box has nothing to choose there.
  m_layer->setEnabled(m_head->currentIndex() > 0);
  m_layer->setToolTip(m_head->currentIndex() > 0 ? QString() : tr("All heads shows every layer"));
  if (m_head->currentIndex() <= 0) {
    drawAll(attention);
  } else {
    const int layer = std::min(m_layer->value(), static_cast<int>(layers.size())) - 1;
    drawSingle(layers[static_cast<size_t>(layer)], m_xLabels, m_yLabels);
  }
}

void AttentionView::showExample(int example) {
  if (example >= 0 && example < m_example->count()) m_example->setCurrentIndex(example);
}

void AttentionView::setIdealAlignmentVisible(bool visible) {
  m_showIdeal = visible;
  redraw();
}

void AttentionView::drawSingle(const AttentionHeads& heads, const QStringList& xLabels,
                               const QStringList& yLabels) {
  const int head = m_head->currentIndex() - 1;
  m_grid.clear();
  m_plot->clearItems();
  m_idealCells = 0;
  m_plot->clearPlottables();
  m_plot->plotLayout()->clear();
  auto* rect = new QCPAxisRect(m_plot);
  m_plot->plotLayout()->addElement(0, 0,
                                   new QCPTextElement(m_plot,
                                                      tr("%1 · layer %2 · head %3 · step %4")
                                                          .arg(shortKindName())
                                                          .arg(m_layer->value())
                                                          .arg(head + 1)
                                                          .arg(m_snapshot.step),
                                                      QFont(font().family(), 10, QFont::Bold)));
  m_plot->plotLayout()->addElement(1, 0, rect);
  m_map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  fillMap(m_map, heads, head);
  QCPAxis* x = rect->axis(QCPAxis::atBottom);
  QCPAxis* y = rect->axis(QCPAxis::atLeft);
  x->setTicker(textTicker(xLabels));
  y->setTicker(textTicker(yLabels));
  x->setTickLabelRotation(xLabels.size() > 12 ? 90 : 0);
  x->setLabel(kind() == AttentionKind::DecoderSelf ? tr("key (target)") : tr("key (source)"));
  y->setLabel(kind() == AttentionKind::EncoderSelf ? tr("query (source)") : tr("query (target)"));
  x->setRange(-0.5, heads.keys - 0.5);
  y->setRange(-0.5, heads.queries - 0.5);
  y->setRangeReversed(true);  // first token at the top, as text reads
  auto* scale = new QCPColorScale(m_plot);
  m_plot->plotLayout()->addElement(1, 1, scale);
  scale->setLabel(tr("weight"));
  m_map->setColorScale(scale);
  scale->setDataRange(QCPRange(0, 1));
  scale->setGradient(viridisGradient());
  const auto& example =
      m_snapshot.examples[static_cast<size_t>(std::max(0, m_example->currentIndex()))];
  if (m_showIdeal && kind() == AttentionKind::Cross) {
    // Entry t of the alignment belongs to the query that predicts target token t.
    for (int t = 0; t < int(example.ideal_alignment.size()) && t < heads.queries; ++t) {
      for (int s : example.ideal_alignment[static_cast<size_t>(t)]) {
        if (s < 0 || s >= heads.keys) continue;
        auto* cell = new QCPItemRect(m_plot);
        cell->setClipAxisRect(rect);
        for (auto* corner : {cell->topLeft, cell->bottomRight}) corner->setAxes(x, y);
        cell->topLeft->setCoords(s - 0.45, t - 0.45);
        cell->bottomRight->setCoords(s + 0.45, t + 0.45);
        cell->setPen(QPen(QColor(255, 60, 60), 2));
        ++m_idealCells;
      }
    }
  }
  auto* margins = new QCPMarginGroup(m_plot);
  rect->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

// Every layer × head as thumbnails on one colour scale: hover names the head,
// the tokens and the weight; a click opens that head (§3.2.2: each head is its
// own attention function, so they are compared side by side).
void AttentionView::drawAll(const ExampleAttention& example) {
  const auto& layers = example.of(kind());
  m_map = nullptr;
  m_grid.clear();
  m_plot->clearPlottables();
  m_plot->plotLayout()->clear();
  const int heads = layers.front().heads;
  m_plot->clearItems();
  m_idealCells = 0;
  m_plot->plotLayout()->addElement(
      0, 0,
      new QCPTextElement(m_plot,
                         tr("%1 · all heads · step %2").arg(shortKindName()).arg(m_snapshot.step),
                         QFont(font().family(), 10, QFont::Bold)));
  auto* hint = new QCPTextElement(m_plot, tr("hover for the weights · click a head to open it"),
                                  QFont(font().family(), 8));
  hint->setTextColor(palette().color(QPalette::Disabled, QPalette::Text));
  m_plot->plotLayout()->addElement(2, 0, hint);
  auto* grid = new QCPLayoutGrid;
  grid->setColumnSpacing(3);
  grid->setRowSpacing(3);
  m_plot->plotLayout()->addElement(1, 0, grid);
  auto* scale = new QCPColorScale(m_plot);
  m_plot->plotLayout()->addElement(1, 1, scale);
  scale->setLabel(tr("weight"));
  scale->setDataRange(QCPRange(0, 1));
  scale->setGradient(viridisGradient());
  for (int layer = 0; layer < static_cast<int>(layers.size()); ++layer) {
    for (int head = 0; head < heads; ++head) {
      auto* rect = new QCPAxisRect(m_plot);
      rect->setAutoMargins(QCP::msLeft | QCP::msTop);
      rect->setMargins(QMargins(0, 0, 0, 0));
      grid->addElement(layer, head, rect);
      for (auto* axis : rect->axes()) {
        axis->setTicks(false);
        axis->setTickLabels(false);
      }
      if (head == 0) rect->axis(QCPAxis::atLeft)->setLabel(tr("L%1").arg(layer + 1));
      if (layer == 0) {
        rect->axis(QCPAxis::atTop)->setVisible(true);
        rect->axis(QCPAxis::atTop)->setTicks(false);
        rect->axis(QCPAxis::atTop)->setTickLabels(false);
        rect->axis(QCPAxis::atTop)->setLabel(tr("H%1").arg(head + 1));
      }
      auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
      fillMap(map, layers[static_cast<size_t>(layer)], head);
      map->setColorScale(scale);
      rect->axis(QCPAxis::atBottom)->setRange(-0.5, layers[static_cast<size_t>(layer)].keys - 0.5);
      rect->axis(QCPAxis::atLeft)->setRange(-0.5, layers[static_cast<size_t>(layer)].queries - 0.5);
      rect->axis(QCPAxis::atLeft)->setRangeReversed(true);
      m_grid.append({map, layer, head});
    }
  }
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

const AttentionView::GridCell* AttentionView::gridCellAt(const QPointF& position) const {
  for (const GridCell& cell : m_grid) {
    if (cell.map->keyAxis()->axisRect()->rect().contains(position.toPoint())) return &cell;
  }
  return nullptr;
}

void AttentionView::openGridCell(QMouseEvent* event) {
  const GridCell* cell = gridCellAt(event->position());
  if (!cell) return;
  const int layer = cell->layer, head = cell->head;
  m_layer->setValue(layer + 1);
  m_head->setCurrentIndex(head + 1);  // redraws and tells the listeners
}

double AttentionView::cellValue(int query, int key) const {
  if (m_map == nullptr) return -1;
  return m_map->data()->cell(key, query);
}

QString AttentionView::tooltipAt(const QPointF& position) const {
  QCPColorMap* map = m_map;
  QString where;
  if (map == nullptr) {
    const GridCell* cell = gridCellAt(position);
    if (!cell) return {};
    map = cell->map;
    where = tr("layer %1 · head %2 · ").arg(cell->layer + 1).arg(cell->head + 1);
  }
  double key = 0, query = 0;
  map->pixelsToCoords(position, key, query);
  const int k = static_cast<int>(std::lround(key)), q = static_cast<int>(std::lround(query));
  if (k < 0 || q < 0 || k >= m_xLabels.size() || q >= m_yLabels.size() ||
      k >= map->data()->keySize() || q >= map->data()->valueSize()) {
    return {};
  }
  return where + tr("query %1 “%2” → key %3 “%4”: %5")
                     .arg(q + 1)
                     .arg(m_yLabels[q])
                     .arg(k + 1)
                     .arg(m_xLabels[k])
                     .arg(map->data()->cell(k, q), 0, 'f', 4);
}

void AttentionView::showTooltip(QMouseEvent* event) {
  const QString text = tooltipAt(event->position());
  if (text.isEmpty()) {
    QToolTip::hideText();
    return;
  }
  QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

QString AttentionView::figureName() const {
  const QString kindName = kind() == AttentionKind::EncoderSelf   ? QStringLiteral("encoder-self")
                           : kind() == AttentionKind::DecoderSelf ? QStringLiteral("decoder-self")
                                                                  : QStringLiteral("cross");
  const QString head = m_head->currentIndex() <= 0
                           ? QStringLiteral("all-heads")
                           : QStringLiteral("head%1").arg(m_head->currentIndex());
  return QStringLiteral("attention_%1_layer%2_%3_step%4")
      .arg(kindName)
      .arg(m_layer->value())
      .arg(head)
      .arg(m_snapshot.step);
}

}  // namespace attn::ui
