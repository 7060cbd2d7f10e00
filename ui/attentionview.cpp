#include "attentionview.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

#include "attentionmaps.h"
#include "attn/tokenizer.h"
#include "colormaps.h"
#include "dockhelp.h"
#include "heatmapdrawing.h"
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
  m_scale = new QComboBox(this);
  m_scale->setObjectName(QStringLiteral("attentionColourScale"));
  m_scale->addItem(tr("linear scale"), int(ColourScale::Linear));
  m_scale->addItem(tr("log scale"), int(ColourScale::Log));
  m_scale->addItem(tr("auto contrast"), int(ColourScale::AutoContrast));
  m_difference = new QComboBox(this);
  m_difference->setObjectName(QStringLiteral("attentionDifference"));
  m_difference->setToolTip(
      tr("Show this map minus another: another head of the layer, a pinned moment (what "
         "changed since), or the compared run at this step. Red: more attention here."));
  m_pin = new QPushButton(tr("Pin step"), this);
  m_pin->setObjectName(QStringLiteral("attentionPin"));
  m_pin->setToolTip(tr("Keep the moment shown now, to subtract it from later ones"));
  connect(m_pin, &QPushButton::clicked, this, &AttentionView::pinMoment);
  m_scale->setToolTip(
      tr("Linear: 0 to 1. Log: 0.001 to 1, so that small weights differ. Auto contrast: from "
         "the smallest to the largest weight shown."));
  // What is shown (kind, layer, head, example), then how (scale,
  // difference): one row where there is room, two where there is not.
  m_controls = new QWidget(this);
  m_controls->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  m_what = new QWidget(m_controls);
  auto* what = new QHBoxLayout(m_what);
  what->setContentsMargins(0, 0, 0, 0);
  what->addWidget(m_kind);
  what->addWidget(m_layer);
  what->addWidget(m_head);
  what->addWidget(new QLabel(tr("example"), m_what));
  what->addWidget(m_example);
  what->addStretch();
  m_how = new QWidget(m_controls);
  auto* how = new QHBoxLayout(m_how);
  how->setContentsMargins(0, 0, 0, 0);
  for (QWidget* widget : {static_cast<QWidget*>(m_scale), static_cast<QWidget*>(m_difference),
                          static_cast<QWidget*>(m_pin)}) {
    widget->setParent(m_how);
    how->addWidget(widget);
  }
  how->addStretch();
  m_controlRows = new QBoxLayout(QBoxLayout::LeftToRight, m_controls);
  m_controlRows->setContentsMargins(0, 0, 0, 0);
  m_controlRows->addWidget(m_what);
  m_controlRows->addWidget(m_how);
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
  connect(m_scale, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
  connect(m_difference, qOverload<int>(&QComboBox::currentIndexChanged), this,
          [this] { redraw(); });
  rebuildDifferenceChoices();
  connect(m_plot, &QCustomPlot::mouseMove, this, &AttentionView::showTooltip);
  connect(m_plot, &QCustomPlot::mousePress, this, &AttentionView::openGridCell);
  // "What am I looking at", with the paper's sections.
  addControl(helpButton(HelpTopic::Attention, this, this));
  clear();
  arrangeControls();
}

void AttentionView::copyViewFrom(const AttentionView& other) {
  if (other.m_maps.pinned()) {
    const Snapshot shown = m_maps.snapshot();
    m_maps.setSnapshot(*other.m_maps.pinned());
    m_maps.pin();
    m_maps.setSnapshot(shown);
  }
  rebuildDifferenceChoices();
  select(other.selection());
  const QSignalBlocker block(m_difference);
  m_difference->setCurrentIndex(
      std::max(0, m_difference->findData(other.m_difference->currentData())));
  redraw();
}

void AttentionView::addControl(QWidget* button) {
  button->setParent(m_how);
  qobject_cast<QBoxLayout*>(m_how->layout())->insertWidget(m_how->layout()->count() - 1, button);
}

void AttentionView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  arrangeControls();
}

void AttentionView::arrangeControls() {
  // The narrower of the two rows sets how narrow the view may get.
  const int oneRow =
      m_what->sizeHint().width() + m_how->sizeHint().width() + m_controlRows->spacing();
  const bool room = width() >= oneRow;
  m_controlRows->setDirection(room ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
  m_controls->setMinimumWidth(
      std::max(m_what->minimumSizeHint().width(), m_how->minimumSizeHint().width()));
}

void AttentionView::clear() {
  m_plot->clearItems();
  m_idealCells = 0;
  m_grid.clear();
  m_maps.clear();
  m_showingDifference = false;
  rebuildDifferenceChoices();
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
  m_maps.setSnapshot(snapshot);
  m_hasData = !snapshot.examples.empty();
  rebuildChoices();
  redraw();
}

void AttentionView::select(AttentionKind kind, int layer, int head, int example) {
  const QSignalBlocker blockKind(m_kind), blockLayer(m_layer), blockHead(m_head),
      blockExample(m_example);
  m_kind->setCurrentIndex(m_kind->findData(int(kind)));
  rebuildChoices();  // the layer range of this kind
  m_layer->setValue(layer + 1);
  const int index = m_head->findData(head);
  if (index >= 0) m_head->setCurrentIndex(index);
  m_example->setCurrentIndex(example);
  redraw();
}

void AttentionView::select(const Selection& selection) {
  {
    const QSignalBlocker block(m_scale);
    m_scale->setCurrentIndex(m_scale->findData(int(selection.scale)));
  }
  select(selection.kind, selection.layer, selection.head, selection.example);
}

void AttentionView::setColourScale(ColourScale scale) {
  m_scale->setCurrentIndex(m_scale->findData(int(scale)));  // redraws and tells the listeners
}

int AttentionView::currentHead() const {
  return m_head->currentIndex() < 0 ? 0 : m_head->currentData().toInt();
}

QString AttentionView::headName(int head) const {
  switch (head) {
    case kAllHeads:
      return tr("all heads");
    case kMeanOfHeads:
      return tr("mean of %1 heads").arg(m_headCount);
    case kMaxOfHeads:
      return tr("max over %1 heads").arg(m_headCount);
    case kRollout:
      return tr("rollout through the layers");
    default:
      return tr("head %1").arg(head + 1);
  }
}

double AttentionView::shownValue(int layer, int head, int query, int key) const {
  return m_maps.value(layer, head, query, key);
}

double AttentionView::referenceValue(int layer, int head, int query, int key) const {
  return m_maps.referenceValue(m_difference->currentData().toInt(), layer, head, query, key);
}

QString AttentionView::referenceName() const {
  const int chosen = m_difference->currentData().toInt();
  if (chosen == AttentionMaps::kPinnedMoment && m_maps.pinned())
    return tr("step %1").arg(m_maps.pinned()->step);
  if (chosen == AttentionMaps::kComparedRun) return tr("the compared run");
  if (chosen >= 0) return tr("head %1").arg(chosen + 1);
  return {};
}

void AttentionView::setDifference(Reference reference, int otherHead) {
  const int data = reference == Reference::None           ? AttentionMaps::kNoReference
                   : reference == Reference::PinnedMoment ? AttentionMaps::kPinnedMoment
                   : reference == Reference::ComparedRun  ? AttentionMaps::kComparedRun
                                                          : otherHead;
  m_difference->setCurrentIndex(std::max(0, m_difference->findData(data)));
}

AttentionView::Reference AttentionView::difference() const {
  const int chosen = m_difference->currentData().toInt();
  return chosen == AttentionMaps::kNoReference    ? Reference::None
         : chosen == AttentionMaps::kPinnedMoment ? Reference::PinnedMoment
         : chosen == AttentionMaps::kComparedRun  ? Reference::ComparedRun
                                                  : Reference::OtherHead;
}

void AttentionView::pinMoment() {
  if (!m_hasData) return;
  m_maps.pin();
  rebuildDifferenceChoices();
  setDifference(Reference::PinnedMoment);
  redraw();
}

void AttentionView::setComparedSnapshot(const Snapshot* snapshot) {
  m_maps.setCompared(snapshot);
  rebuildDifferenceChoices();
  if (difference() == Reference::ComparedRun || !snapshot) redraw();
}

// The references there are: another head, the pinned moment, the compared run.
void AttentionView::rebuildDifferenceChoices() {
  const int previous = m_difference->currentData().toInt();
  const QSignalBlocker block(m_difference);
  m_difference->clear();
  m_difference->addItem(tr("no difference"), AttentionMaps::kNoReference);
  if (m_maps.pinned()) {
    m_difference->addItem(tr("− pinned step %1").arg(m_maps.pinned()->step),
                          AttentionMaps::kPinnedMoment);
  }
  if (m_maps.compared()) m_difference->addItem(tr("− compared run"), AttentionMaps::kComparedRun);
  for (int h = 0; h < m_headCount; ++h) m_difference->addItem(tr("− head %1").arg(h + 1), h);
  m_difference->setCurrentIndex(std::max(0, m_difference->findData(previous)));
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
  return {kind(), m_layer->value() - 1, currentHead(), std::max(0, m_example->currentIndex()),
          static_cast<ColourScale>(m_scale->currentData().toInt())};
}

void AttentionView::setCaption(const QString& caption) {
  m_caption = caption;
  redraw();
}

AttentionView::ColourScale AttentionView::colourScale() const {
  return static_cast<ColourScale>(m_scale->currentData().toInt());
}

AttentionKind AttentionView::kind() const {
  return static_cast<AttentionKind>(m_kind->currentData().toInt());
}

QStringList AttentionView::labels(const std::vector<int>& tokens, bool source) const {
  return tokenLabels(tokens, source ? m_sourcePieces : m_targetPieces);
}

void AttentionView::rebuildChoices() {
  if (!m_hasData) return;
  const auto& first = m_maps.snapshot().examples.front();
  const QSignalBlocker blockLayer(m_layer), blockHead(m_head), blockExample(m_example);
  const int layers = static_cast<int>(first.of(kind()).size());
  m_layer->setRange(1, std::max(1, layers));
  const int heads = first.cross.empty() ? 1 : first.cross.front().heads;
  if (m_headCount != heads) {
    const int previous = m_head->currentIndex() < 0 ? 0 : currentHead();
    m_headCount = heads;
    m_head->clear();
    for (int head : {kAllHeads, kMeanOfHeads, kMaxOfHeads, kRollout})
      m_head->addItem(headName(head), head);
    m_head->setItemData(1, tr("The heads' weights averaged: still sums to 1 over the keys"),
                        Qt::ToolTipRole);
    m_head->setItemData(2, tr("At each cell the largest weight any head gives"), Qt::ToolTipRole);
    m_head->setItemData(
        3,
        tr("Attention rollout (Abnar and Zuidema, 2020): each layer's heads averaged, half "
           "kept for the residual connection, multiplied through the layers up to this one; "
           "how much each position draws on each input token. Cross-attention is followed "
           "through the encoder's rollout to the source tokens."),
        Qt::ToolTipRole);
    m_head->insertSeparator(4);
    for (int h = 0; h < heads; ++h) m_head->addItem(headName(h), h);
    const int index = m_head->findData(previous < heads ? previous : 0);
    m_head->setCurrentIndex(index);
    rebuildDifferenceChoices();
  }
  if (m_example->count() != static_cast<int>(m_maps.snapshot().examples.size())) {
    const int previous = m_example->currentIndex();
    m_example->clear();
    for (size_t e = 0; e < m_maps.snapshot().examples.size(); ++e)
      m_example->addItem(QString::number(e + 1));
    m_example->setCurrentIndex(std::max(0, std::min(previous, m_example->count() - 1)));
  }
  // Each probe example by its sentence, not only its number.
  for (int e = 0; e < m_example->count(); ++e) {
    const QString text = sentence(m_maps.snapshot().examples[size_t(e)].src_tokens, m_sourcePieces);
    m_example->setItemText(e, text.isEmpty() ? QString::number(e + 1)
                                             : QStringLiteral("%1 · %2").arg(e + 1).arg(text));
  }
}

void AttentionView::redraw() {
  if (!m_hasData) return;
  const int example = std::max(0, m_example->currentIndex());
  m_maps.select(example, kind());
  const ExampleAttention& attention = m_maps.snapshot().examples[static_cast<size_t>(example)];
  const auto& layers = attention.of(kind());
  if (layers.empty()) return;
  const bool encoder = kind() == AttentionKind::EncoderSelf;
  m_xLabels =
      labels(kind() == AttentionKind::DecoderSelf ? attention.tgt_tokens : attention.src_tokens,
             kind() != AttentionKind::DecoderSelf);
  m_yLabels = labels(encoder ? attention.src_tokens : attention.tgt_tokens, encoder);
  // The grid shows every layer: the layer box has nothing to choose there.
  const bool grid = currentHead() == kAllHeads;
  m_layer->setEnabled(!grid);
  m_layer->setToolTip(grid ? tr("All heads shows every layer") : QString());
  m_difference->setEnabled(!grid);
  m_scale->setEnabled(grid || difference() == Reference::None);
  if (grid) {
    drawAll(attention);
  } else {
    m_shownLayer = std::min(m_layer->value(), static_cast<int>(layers.size())) - 1;
    drawSingle(layers[static_cast<size_t>(m_shownLayer)], m_xLabels, m_yLabels);
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
  const int head = currentHead();
  m_grid.clear();
  m_plot->clearItems();
  m_idealCells = 0;
  m_plot->clearPlottables();
  m_plot->plotLayout()->clear();
  auto* rect = new QCPAxisRect(m_plot);
  auto* title = new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold));
  m_plot->plotLayout()->addElement(0, 0, title);
  m_plot->plotLayout()->addElement(1, 0, rect);
  m_map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
  prepareMap(m_map, heads.queries, heads.keys);
  // A difference needs a reference map of the same shape (the same example
  // at another moment or in a run with the same data).
  m_differenceProblem.clear();
  m_showingDifference = false;
  if (difference() != Reference::None) {
    const double probe = referenceValue(m_shownLayer, head, heads.queries - 1, heads.keys - 1);
    const double beyond = referenceValue(m_shownLayer, head, heads.queries, heads.keys);
    const bool sameShape = !std::isnan(probe) && std::isnan(beyond);
    if (sameShape || difference() == Reference::OtherHead) {
      m_showingDifference = true;
    } else {
      m_differenceProblem =
          tr("Not subtracted: %1 has another length for this example").arg(referenceName());
    }
  }
  double largest = 1e-6;
  for (int q = 0; q < heads.queries; ++q) {
    for (int k = 0; k < heads.keys; ++k) {
      double value = shownValue(m_shownLayer, head, q, k);
      if (m_showingDifference) {
        value -= referenceValue(m_shownLayer, head, q, k);
        largest = std::max(largest, std::abs(value));
      }
      m_map->data()->setCell(k, q, value);
    }
  }
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
  if (kind() == AttentionKind::DecoderSelf)
    shadeMaskedCells(m_plot, rect, heads.queries, heads.keys);
  auto* scale = new QCPColorScale(m_plot);
  m_plot->plotLayout()->addElement(1, 1, scale);
  const QString headText =
      headName(head) + (m_showingDifference ? QStringLiteral(" − ") + referenceName() : QString());
  // A step < 0: a sentence read by the Inspector, no moment of training.
  const auto step = m_maps.snapshot().step;
  title->setText(
      step < 0 ? tr("%1 · layer %2 · %3").arg(shortKindName()).arg(m_layer->value()).arg(headText)
               : tr("%1 · layer %2 · %3 · step %4")
                     .arg(shortKindName())
                     .arg(m_layer->value())
                     .arg(headText)
                     .arg(step));
  if (m_showingDifference) {
    // Symmetric about 0, so that white means "no change".
    scale->setGradient(divergingGradient());
    scale->setDataScaleType(QCPAxis::stLinear);
    m_map->setColorScale(scale);
    m_map->setGradient(divergingGradient());
    scale->setDataRange(QCPRange(-largest, largest));
    scale->setLabel(tr("Δ weight"));
  } else {
    applyColourScale({m_map}, scale, colourScale(), kind() == AttentionKind::DecoderSelf);
  }
  if (!m_differenceProblem.isEmpty() || m_showingDifference) {
    auto* note = new QCPTextElement(
        m_plot,
        m_showingDifference ? tr("red: more attention than in %1, blue: less").arg(referenceName())
                            : m_differenceProblem,
        QFont(font().family(), 8));
    note->setTextColor(m_showingDifference ? palette().color(QPalette::Disabled, QPalette::Text)
                                           : QColor(176, 0, 32));
    m_plot->plotLayout()->addElement(2, 0, note);
  }
  const auto& example =
      m_maps.snapshot().examples[static_cast<size_t>(std::max(0, m_example->currentIndex()))];
  if (m_showIdeal && kind() == AttentionKind::Cross) {
    m_idealCells =
        outlineAlignment(m_plot, rect, example.ideal_alignment, heads.queries, heads.keys);
  }
  auto* margins = new QCPMarginGroup(m_plot);
  rect->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
  settleLayout(m_plot);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

// Every layer × head as thumbnails on one colour scale: hover names the head,
// the tokens and the weight; a click opens that head (§3.2.2: each head is its
// own attention function, so they are compared side by side).
void AttentionView::drawAll(const ExampleAttention& example) {
  m_map = nullptr;
  m_idealCells = 0;
  m_grid = drawAllHeads(
      m_plot, example.of(kind()), kind() == AttentionKind::DecoderSelf, colourScale(),
      m_maps.snapshot().step < 0
          ? tr("%1 · all heads").arg(shortKindName())
          : tr("%1 · all heads · step %2").arg(shortKindName()).arg(m_maps.snapshot().step),
      tr("hover for the weights · click a head to open it"));
  settleLayout(m_plot);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString AttentionView::shownCsv() const {
  if (!m_hasData) return {};
  if (currentHead() == kAllHeads) {
    const ExampleAttention* example = m_maps.example();
    return example ? allHeadsCsv(example->of(kind()), m_yLabels, m_xLabels,
                                 kind() == AttentionKind::DecoderSelf)
                   : QString();
  }
  return mapCsv(
      m_maps, m_shownLayer, currentHead(),
      m_showingDifference ? m_difference->currentData().toInt() : AttentionMaps::kNoReference,
      m_yLabels, m_xLabels, kind() == AttentionKind::DecoderSelf);
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
  m_head->setCurrentIndex(m_head->findData(head));  // redraws and tells the listeners
}

double AttentionView::cellValue(int query, int key) const {
  if (m_map == nullptr) return -1;
  return m_map->data()->cell(key, query);
}

QString AttentionView::tooltipAt(const QPointF& position) const {
  QCPColorMap* map = m_map;
  QString where;
  int layer = m_shownLayer, head = currentHead();
  if (map == nullptr) {
    const GridCell* cell = gridCellAt(position);
    if (!cell) return {};
    map = cell->map;
    layer = cell->layer;
    head = cell->head;
    where = tr("layer %1 · head %2 · ").arg(cell->layer + 1).arg(cell->head + 1);
  }
  double key = 0, query = 0;
  map->pixelsToCoords(position, key, query);
  const int k = static_cast<int>(std::lround(key)), q = static_cast<int>(std::lround(query));
  if (k < 0 || q < 0 || k >= m_xLabels.size() || q >= m_yLabels.size() ||
      k >= map->data()->keySize() || q >= map->data()->valueSize()) {
    return {};
  }
  const int reference = m_map && m_showingDifference ? m_difference->currentData().toInt()
                                                     : AttentionMaps::kNoReference;
  return where + cellText(m_maps, layer, head, q, k, m_yLabels[q], m_xLabels[k],
                          kind() == AttentionKind::DecoderSelf, reference);
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
  QString minus;
  if (m_showingDifference) {
    const int chosen = m_difference->currentData().toInt();
    minus = chosen == AttentionMaps::kPinnedMoment && m_maps.pinned()
                ? QStringLiteral("minus-step%1").arg(m_maps.pinned()->step)
            : chosen == AttentionMaps::kComparedRun
                ? QStringLiteral("minus-compared")
                : QStringLiteral("minus-head%1").arg(chosen + 1);
  }
  return heatmapFileName(kind(), m_layer->value(), currentHead(), m_maps.snapshot().step, minus);
}

}  // namespace attn::ui
