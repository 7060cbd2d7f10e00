#include "translationtable.h"

#include <QHeaderView>

namespace attn::ui {
namespace {

QString percent(float probability) { return QString::number(100.0 * probability, 'f', 1) + '%'; }

}  // namespace

TranslationTable::TranslationTable(QWidget* parent) : QTableWidget(0, 3, parent) {
  setObjectName(QStringLiteral("inspectorTranslation"));
  setHorizontalHeaderLabels({tr("Token"), tr("Probability"), tr("Top 5")});
  horizontalHeader()->setStretchLastSection(true);
  setWordWrap(true);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  verticalHeader()->setVisible(false);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionBehavior(QAbstractItemView::SelectRows);
}

void TranslationTable::show(const Translation& translation) {
  setRowCount(int(translation.tokens.size()));
  for (int row = 0; row < int(translation.tokens.size()); ++row) {
    const auto& token = translation.tokens[std::size_t(row)];
    QStringList alternatives;
    for (const auto& alternative : token.alternatives)
      alternatives << QStringLiteral("%1 %2").arg(QString::fromStdString(alternative.piece),
                                                  percent(alternative.probability));
    auto* probability = new QTableWidgetItem(percent(token.probability));
    probability->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    probability->setData(Qt::ToolTipRole, tr("p = %1").arg(token.probability, 0, 'g', 6));
    auto* top = new QTableWidgetItem(alternatives.join(QStringLiteral(" · ")));
    top->setToolTip(alternatives.join(QLatin1Char('\n')));
    setItem(row, 0, new QTableWidgetItem(QString::fromStdString(token.piece)));
    setItem(row, 1, probability);
    setItem(row, 2, top);
  }
  // Token and probability as wide as they need; the five alternatives wrap
  // in what is left.
  resizeColumnToContents(0);
  resizeColumnToContents(1);
  horizontalHeader()->setStretchLastSection(true);
  resizeRowsToContents();
  setToolTip(tr("%1%2 · log P = %3")
                 .arg(QString::fromStdString(translation.text))
                 .arg(translation.ended ? QString() : tr(" (stopped at the length limit)"))
                 .arg(translation.log_probability, 0, 'f', 3));
}

}  // namespace attn::ui
