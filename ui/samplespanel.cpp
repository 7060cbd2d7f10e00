#include "samplespanel.h"

#include <qcustomplot.h>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "runhistory.h"

namespace attn::ui {

SamplesPanel::SamplesPanel(const RunHistory* history, QWidget* parent)
    : AnalysisPanel(history, QStringLiteral("samples"), parent) {
  setObjectName(QStringLiteral("samplesPanel"));
  delete m_plot;  // a table, not a plot
  m_plot = nullptr;
  m_title = new QLabel(this);
  m_title->setObjectName(QStringLiteral("samplesTitle"));
  m_options->addWidget(m_title, 1);
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
  m_table->setToolTip(tr("Choose one of the first rows (the probe examples) to see its attention"));
  qobject_cast<QVBoxLayout*>(layout())->insertWidget(1, m_table, 1);
  connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (row >= 0 && row < m_probes) emit exampleChosen(row);
  });
  setEmptyMessage(tr("Predictions appear after the first evaluation"));
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
  if (!epoch) m_title->clear();
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
      if (column == 3 && !s.correct) item->setForeground(QColor(190, 0, 0));
      if (row >= m_probes) {
        item->setToolTip(m_probes == 1 ? tr("No attention recorded for this example: the run "
                                            "records it for the first example only")
                                       : tr("No attention recorded for this example: the run "
                                            "records it for the first %1 examples")
                                             .arg(m_probes));
        if (column == 0) item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
      }
      m_table->setItem(row, column, item);
    }
  }
  if (selected >= 0 && selected < m_table->rowCount()) m_table->setCurrentCell(selected, 0);
}

QVector<double> SamplesPanel::currentValues() const {
  QVector<double> values;
  for (int row = 0; row < m_table->rowCount(); ++row) {
    values << (m_table->item(row, 5)->text() == QStringLiteral("✓") ? 1.0 : 0.0);
  }
  return values;
}

}  // namespace attn::ui
