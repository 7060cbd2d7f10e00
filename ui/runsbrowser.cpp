#include "runsbrowser.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

#include "runsummary.h"

namespace attn::ui {
namespace {

enum Column {
  Name,
  Task,
  Model,
  Seed,
  Status,
  Steps,
  Epochs,
  BestLoss,
  ExactMatch,
  Bleu,
  Date,
  Columns
};
constexpr int kDirectoryRole = Qt::UserRole + 1;
constexpr int kSortRole = Qt::UserRole + 2;

QStandardItem* cell(const QString& text, const QVariant& sortKey = QVariant()) {
  auto* item = new QStandardItem(text);
  item->setEditable(false);
  item->setData(sortKey.isValid() ? sortKey : QVariant(text), kSortRole);
  return item;
}

QStandardItem* number(double value, int decimals, double scale = 1) {
  if (value < 0) return cell(QStringLiteral("–"), -1.0);  // none sorts first
  auto* item = cell(QLocale().toString(value * scale, 'f', decimals), value);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

}  // namespace

RunsBrowser::RunsBrowser(const QString& runsDirectory, const QStringList& busy, QWidget* parent)
    : QDialog(parent), m_folder(runsDirectory), m_busy(busy) {
  setObjectName(QStringLiteral("runsBrowser"));
  setWindowTitle(tr("Runs in %1").arg(QDir::toNativeSeparators(runsDirectory)));
  m_model = new QStandardItemModel(0, Columns, this);
  m_model->setHorizontalHeaderLabels({tr("Run"), tr("Task"), tr("Model"), tr("Seed"), tr("Status"),
                                      tr("Steps"), tr("Epochs"), tr("Best eval loss"),
                                      tr("Exact match %"), tr("BLEU"), tr("Date")});
  m_proxy = new QSortFilterProxyModel(this);
  m_proxy->setSourceModel(m_model);
  m_proxy->setSortRole(kSortRole);
  m_proxy->setFilterKeyColumn(-1);  // any column
  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_view = new QTableView(this);
  m_view->setObjectName(QStringLiteral("runsTable"));
  m_view->setModel(m_proxy);
  m_view->setSortingEnabled(true);
  m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->verticalHeader()->hide();
  m_view->horizontalHeader()->setStretchLastSection(true);
  m_filter = new QLineEdit(this);
  m_filter->setObjectName(QStringLiteral("runsFilter"));
  m_filter->setPlaceholderText(tr("Filter: task, model, status, name…"));
  m_filter->setClearButtonEnabled(true);
  m_count = new QLabel(this);
  m_open = new QPushButton(tr("&Open"), this);
  m_compare = new QPushButton(tr("&Compare with the open run"), this);
  m_continue = new QPushButton(tr("Co&ntinue training"), this);
  m_continue->setObjectName(QStringLiteral("continueRunButton"));
  m_continue->setToolTip(tr("From the run's newest checkpoint, to its own number of epochs"));
  m_delete = new QPushButton(tr("Move to &trash…"), this);
  m_open->setDefault(true);
  auto* top = new QHBoxLayout;
  top->addWidget(m_filter, 1);
  top->addWidget(m_count);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_open);
  buttons->addWidget(m_compare);
  buttons->addWidget(m_continue);
  buttons->addStretch();
  buttons->addWidget(m_delete);
  auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
  buttons->addWidget(close);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(m_view, 1);
  layout->addLayout(buttons);
  connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_filter, &QLineEdit::textChanged, this, &RunsBrowser::setFilter);
  connect(m_view, &QTableView::doubleClicked, this, [this] {
    if (!chosen().isEmpty()) emit openRequested(chosen());
  });
  connect(m_open, &QPushButton::clicked, this, [this] { emit openRequested(chosen()); });
  connect(m_compare, &QPushButton::clicked, this, [this] { emit compareRequested(chosen()); });
  connect(m_continue, &QPushButton::clicked, this, [this] { emit continueRequested(chosen()); });
  connect(m_delete, &QPushButton::clicked, this, [this] {
    const QString error = deleteChosen();
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Move to trash"), error);
  });
  connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
          &RunsBrowser::updateButtons);
  reload();
  m_view->sortByColumn(Date, Qt::DescendingOrder);  // newest first
  if (m_proxy->rowCount() > 0) m_view->selectRow(0);
  m_view->setFocus();
  resize(960, 480);
}

void RunsBrowser::reload() {
  const QString keep = chosen();
  m_model->removeRows(0, m_model->rowCount());
  const QDir folder(m_folder);
  const QFileInfoList entries = folder.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
  for (const QFileInfo& entry : entries) {
    // A folder without run.json is not a run (e.g. a user's notes); a damaged one is.
    if (!QFileInfo::exists(QDir(entry.filePath()).filePath(QStringLiteral("run.json")))) continue;
    const RunSummary run = readRunSummary(entry.filePath());
    QList<QStandardItem*> row;
    // A deterministic run repeats its numbers exactly; others only closely.
    auto* seed =
        cell(run.deterministic ? tr("%1 · deterministic").arg(run.seed) : QString::number(run.seed),
             run.seed);
    row << cell(run.name) << cell(run.task) << cell(run.model) << seed
        << cell(run.problem.isEmpty() ? statusText(run.status) : tr("unreadable"))
        << number(run.problem.isEmpty() ? double(run.steps) : -1, 0)
        << number(run.epochs > 0 ? run.epochs : -1, 0) << number(run.bestEvalLoss, 3)
        << number(run.exactMatch, 1, 100) << number(run.bleu, 1)
        << cell(run.date.toString(QStringLiteral("yyyy-MM-dd HH:mm")), run.date);
    for (QStandardItem* item : row) {
      item->setData(run.directory, kDirectoryRole);
      item->setToolTip(run.problem.isEmpty() ? run.directory : run.problem);
      if (!run.problem.isEmpty()) item->setForeground(QColor(176, 0, 32));
    }
    m_model->appendRow(row);
  }
  m_view->resizeColumnsToContents();
  if (!keep.isEmpty()) choose(keep);
  updateButtons();
}

QStringList RunsBrowser::shownRuns() const {
  QStringList runs;
  for (int row = 0; row < m_proxy->rowCount(); ++row)
    runs << m_proxy->index(row, Name).data(kDirectoryRole).toString();
  return runs;
}

void RunsBrowser::setFilter(const QString& text) {
  if (m_filter->text() != text) m_filter->setText(text);  // comes back here once
  m_proxy->setFilterFixedString(text);
  updateButtons();
}

void RunsBrowser::choose(const QString& directory) {
  for (int row = 0; row < m_proxy->rowCount(); ++row) {
    if (m_proxy->index(row, Name).data(kDirectoryRole).toString() == directory) {
      m_view->selectRow(row);
      return;
    }
  }
}

QString RunsBrowser::chosen() const {
  const QModelIndexList rows = m_view->selectionModel()->selectedRows();
  return rows.isEmpty() ? QString() : rows.front().data(kDirectoryRole).toString();
}

void RunsBrowser::updateButtons() {
  const QString run = chosen();
  const bool unreadable = !run.isEmpty() && !readRunSummary(run).problem.isEmpty();
  m_open->setEnabled(!run.isEmpty() && !unreadable);
  m_compare->setEnabled(!run.isEmpty() && !unreadable);
  m_continue->setEnabled(!run.isEmpty() && !m_busy.contains(run));
  m_delete->setEnabled(!run.isEmpty() && !m_busy.contains(run));
  m_delete->setToolTip(m_busy.contains(run) ? tr("This run is open, training or compared")
                                            : QString());
  m_count->setText(m_proxy->rowCount() == m_model->rowCount()
                       ? tr("%1 runs").arg(m_model->rowCount())
                       : tr("%1 of %2 runs").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

QString RunsBrowser::deleteChosen() {
  const QString run = chosen();
  if (run.isEmpty()) return {};
  if (m_busy.contains(run)) return tr("%1: this run is open, training or compared").arg(run);
  QMessageBox ask(QMessageBox::Question, tr("Move to trash"),
                  tr("Move the run %1 to the trash?").arg(QFileInfo(run).fileName()),
                  QMessageBox::Yes | QMessageBox::Cancel, this);
  ask.setObjectName(QStringLiteral("confirmDelete"));
  ask.setInformativeText(QDir::toNativeSeparators(run));
  ask.setDefaultButton(QMessageBox::Cancel);
  if (ask.exec() != QMessageBox::Yes) return {};
  // Qt makes the trash inside the data folder only when that folder exists
  // (on a fresh account it may not); without it, the move would go astray.
  QDir().mkpath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation));
  if (!QFile::moveToTrash(run)) {
    // No trash here (some file systems, some servers): ask again before
    // deleting for good.
    QMessageBox again(QMessageBox::Warning, tr("Move to trash"),
                      tr("%1 cannot be moved to the trash. Delete it permanently?")
                          .arg(QFileInfo(run).fileName()),
                      QMessageBox::Yes | QMessageBox::Cancel, this);
    again.setObjectName(QStringLiteral("confirmDeletePermanently"));
    again.setDefaultButton(QMessageBox::Cancel);
    if (again.exec() != QMessageBox::Yes) return {};
    if (!QDir(run).removeRecursively()) return tr("%1: could not be deleted completely").arg(run);
  }
  reload();
  return {};
}

}  // namespace attn::ui
