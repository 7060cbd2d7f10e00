#include "samplespanel.h"

#include <qcustomplot.h>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTextDocument>
#include <QVBoxLayout>

#include "attentionview.h"
#include "figures.h"
#include "runhistory.h"
#include "textdiff.h"

namespace attn::ui {
namespace {

constexpr int kReferenceRole = Qt::UserRole + 1;  // a prediction cell's reference

// Draws a prediction with the characters that differ from its reference
// marked (the reference travels in the item's kReferenceRole).
class DiffDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    const QString reference = index.data(kReferenceRole).toString();
    const QString prediction = index.data(Qt::DisplayRole).toString();
    if (reference.isNull() || reference == prediction) {
      QStyledItemDelegate::paint(painter, option, index);
      return;
    }
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();  // background, selection and focus only
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
    QTextDocument document;
    document.setDefaultFont(cell.font);
    document.setDocumentMargin(0);
    document.setHtml(diffHtml(diffAgainstReference(reference, prediction)));
    // Where the style puts an item's text, less the margin it leaves inside.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &cell, widget)
                           .adjusted(margin, 0, -margin, 0);
    painter->save();
    painter->setClipRect(text);
    painter->translate(text.left(), text.top() + (text.height() - document.size().height()) / 2);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = cell.palette;
    context.palette.setColor(QPalette::Text, cell.state & QStyle::State_Selected
                                                 ? cell.palette.color(QPalette::HighlightedText)
                                                 : cell.palette.color(QPalette::Text));
    document.documentLayout()->draw(painter, context);
    painter->restore();
  }
};

}  // namespace

SamplesPanel::SamplesPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("samples"), parent) {
  setObjectName(QStringLiteral("samplesPanel"));
  delete m_plot;  // a table, not a plot
  m_plot = nullptr;
  m_title = new QLabel(this);
  m_title->setObjectName(QStringLiteral("samplesTitle"));
  m_title->setWordWrap(true);
  m_options->addWidget(m_title, 1);
  m_wrongOnly = new QCheckBox(tr("Wrong only"), this);
  m_wrongOnly->setObjectName(QStringLiteral("samplesWrongOnly"));
  m_wrongOnly->setToolTip(tr("Show only the examples greedy decoding got wrong"));
  m_options->addWidget(m_wrongOnly);
  connect(m_wrongOnly, &QCheckBox::toggled, this, &SamplesPanel::hideRightRows);
  m_table = new QTableWidget(0, 6, this);
  m_table->setObjectName(QStringLiteral("samplesTable"));
  m_table->setHorizontalHeaderLabels(
      {tr("#"), tr("Source"), tr("Reference"), tr("Greedy"), tr("Beam"), tr("Correct")});
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  for (int column : {0, 5})
    m_table->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
  m_table->setToolTip(
      tr("Choose one of the first rows (the probe examples) to see its attention; double-click "
         "any row (or press Enter on it) to read its source in the Inspector with the checkpoint "
         "nearest this moment"));
  auto* diff = new DiffDelegate(m_table);
  for (int column : {3, 4}) m_table->setItemDelegateForColumn(column, diff);
  qobject_cast<QVBoxLayout*>(layout())->insertWidget(1, m_table, 1);
  connect(m_table, &QTableWidget::cellActivated, this, [this](int row) {
    if (const QTableWidgetItem* source = m_table->item(row, 1))
      emit inspectRequested(source->text());
  });
  connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (row >= 0 && row < m_probes) emit exampleChosen(row);
  });
  setEmptyMessage(tr("Predictions appear after the first evaluation"));
  addHelp(HelpTopic::Samples);  // last in the options row
}

void SamplesPanel::drawMoment() {
  const EpochMetrics* epoch =
      m_moment >= 0 ? m_history->epochAtStep(m_history->moments()[m_moment].step) : nullptr;
  const int shown = epoch ? epoch->epoch : 0;
  setEmptyMessage(epoch ? QString() : tr("Predictions appear after the first evaluation"));
  m_table->setVisible(epoch != nullptr);
  const int probes = m_snapshot ? int(m_snapshot->examples.size()) : m_probes;
  if (shown == m_epoch && probes == m_probes) return;
  m_epoch = shown;
  m_probes = probes;
  if (!epoch) {
    m_titleBase.clear();
    m_title->clear();
  }
  const int selected = m_table->currentRow();
  const QSignalBlocker block(m_table);
  m_table->setRowCount(0);
  if (!epoch) return;
  QString title = tr("Epoch %1 (step %2) · exact match %3% · BLEU %4")
                      .arg(epoch->epoch)
                      .arg(epoch->step)
                      .arg(100.0 * epoch->exact_match, 0, 'f', 1)
                      .arg(epoch->bleu, 0, 'f', 1);
  if (m_probes > 0 && m_probes < int(epoch->samples.size()))
    title += tr(" · rows 1–%1 show their attention when chosen").arg(m_probes);
  m_titleBase = title;
  m_title->setText(title);
  m_table->setRowCount(int(epoch->samples.size()));
  for (int row = 0; row < int(epoch->samples.size()); ++row) {
    const SamplePrediction& s = epoch->samples[row];
    const QStringList cells = {QString::number(row + 1),
                               QString::fromStdString(s.source),
                               QString::fromStdString(s.reference),
                               QString::fromStdString(s.greedy),
                               QString::fromStdString(s.beam),
                               s.correct ? QStringLiteral("✓") : QStringLiteral("✗")};
    for (int column = 0; column < cells.size(); ++column) {
      auto* item = new QTableWidgetItem(cells[column]);
      if (column == 5) {
        item->setForeground(s.correct ? QColor(0, 130, 0) : QColor(190, 0, 0));
        item->setTextAlignment(Qt::AlignCenter);
      }
      QStringList tips;
      if ((column == 3 || column == 4) && cells[column] != cells[2]) {
        item->setData(kReferenceRole, cells[2]);
        tips << diffSummary(diffAgainstReference(cells[2], cells[column]));
      }
      if (row >= m_probes) {
        tips << (m_probes == 1 ? tr("No attention recorded for this example: the run "
                                    "records it for the first example only")
                               : tr("No attention recorded for this example: the run "
                                    "records it for the first %1 examples")
                                     .arg(m_probes));
        if (column == 0) item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
      }
      if (!tips.isEmpty()) item->setToolTip(tips.join(QLatin1Char('\n')));
      m_table->setItem(row, column, item);
    }
  }
  if (selected >= 0 && selected < m_table->rowCount()) m_table->setCurrentCell(selected, 0);
  hideRightRows();
}

void SamplesPanel::setWrongOnly(bool wrongOnly) { m_wrongOnly->setChecked(wrongOnly); }

void SamplesPanel::attach(const PanelServices& services) {
  connect(this, &SamplesPanel::exampleChosen, services.heatmap, &AttentionView::showExample);
  if (services.inspect) connect(this, &SamplesPanel::inspectRequested, this, services.inspect);
}

QString SamplesPanel::exportFigures(const QString& folder, const FigureOptions& options,
                                    QStringList* written) {
  SamplesPanel copy(m_history);
  copy.setAttribute(Qt::WA_DontShowOnScreen);
  copy.setMoment(moment(), nullptr);
  copy.bringUpToDate();
  return saveWidgetFigure(&copy, QDir(folder).filePath(figureName()), options, written);
}

void SamplesPanel::hideRightRows() {
  int wrong = 0;
  for (int row = 0; row < m_table->rowCount(); ++row) {
    const bool right = m_table->item(row, 5)->text() == QStringLiteral("✓");
    wrong += right ? 0 : 1;
    m_table->setRowHidden(row, m_wrongOnly->isChecked() && right);
  }
  if (m_titleBase.isEmpty()) return;
  // Filtered, the title says how many rows the filter left (none is an answer too).
  m_title->setText(m_wrongOnly->isChecked()
                       ? m_titleBase +
                             tr(" · wrong only: %1 of %2").arg(wrong).arg(m_table->rowCount())
                       : m_titleBase);
}

QVector<double> SamplesPanel::currentValues() const {
  QVector<double> values;
  for (int row = 0; row < m_table->rowCount(); ++row) {
    values << (m_table->item(row, 5)->text() == QStringLiteral("✓") ? 1.0 : 0.0);
  }
  return values;
}

}  // namespace attn::ui
