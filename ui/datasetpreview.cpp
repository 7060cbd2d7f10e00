#include "datasetpreview.h"

#include "coretext.h"
#include "dockhelp.h"
#include "plothelpers.h"

#include <qcustomplot.h>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace attn::ui {
namespace {

constexpr int kPreviewRows = 50;

QString joined(const std::vector<std::string>& pieces) {
  QStringList list;
  for (const auto& piece : pieces) list.append(QString::fromStdString(piece));
  return list.join(QStringLiteral(" · "));
}

void addBars(QCustomPlot* plot, const std::vector<std::size_t>& counts, const QString& name,
             const QColor& color, double offset) {
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(name);
  bars->setPen(Qt::NoPen);
  bars->setBrush(color);
  bars->setWidth(0.4);
  for (std::size_t length = 0; length < counts.size(); ++length) {
    if (counts[length] > 0) bars->addData(double(length) + offset, double(counts[length]));
  }
}

}  // namespace

DatasetPreview::DatasetPreview(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("datasetPreview"));
  m_reload = new QPushButton(tr("Load data"), this);
  m_reload->setObjectName(QStringLiteral("loadDataButton"));
  m_progress = new QProgressBar(this);
  m_progress->setRange(0, 100);
  m_progress->setVisible(false);
  m_error = new QLabel(this);
  m_error->setObjectName(QStringLiteral("dataError"));
  m_error->setWordWrap(true);
  m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
  m_statistics = new QLabel(this);
  m_statistics->setObjectName(QStringLiteral("dataStatistics"));
  m_statistics->setWordWrap(true);
  m_statistics->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_histogram = new QCustomPlot(this);
  m_histogram->setMinimumHeight(140);
  m_histogram->xAxis->setLabel(tr("tokens per sequence"));
  m_histogram->yAxis->setLabel(tr("pairs"));
  m_histogram->legend->setVisible(true);
  m_histogram->legend->setFont(QFont(font().family(), 8));
  // One row above the bars: beside them it would take half a laptop's narrow
  // plot, over them it would hide the shortest lengths.
  m_histogram->axisRect()->insetLayout()->take(m_histogram->legend);
  m_histogram->plotLayout()->insertRow(0);
  m_histogram->plotLayout()->addElement(0, 0, m_histogram->legend);
  m_histogram->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  m_histogram->legend->setBorderPen(Qt::NoPen);
  m_histogram->plotLayout()->setRowStretchFactor(0, 0.001);
  // Lengths are whole tokens.
  QSharedPointer<QCPAxisTickerFixed> lengths(new QCPAxisTickerFixed);
  lengths->setTickStep(1.0);
  lengths->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
  m_histogram->xAxis->setTicker(lengths);
  m_table = new QTableWidget(0, 4, this);
  m_table->setObjectName(QStringLiteral("dataPreviewTable"));
  m_table->setHorizontalHeaderLabels(
      {tr("source"), tr("target"), tr("source pieces"), tr("target pieces")});
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
  m_table->horizontalHeader()->setStretchLastSection(true);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

  auto* top = new QHBoxLayout;
  top->addWidget(m_reload);
  top->addWidget(m_progress, 1);
  top->addWidget(helpButton(HelpTopic::Data, this, this));
  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(m_statistics);
  leftLayout->addWidget(m_histogram, 1);
  // The statistics and histogram beside the pairs, as much of each as the
  // reader wants.
  auto* body = new QSplitter(Qt::Horizontal, this);
  body->setObjectName(QStringLiteral("dataSplitter"));
  body->setChildrenCollapsible(false);
  body->addWidget(left);
  body->addWidget(m_table);
  body->setStretchFactor(0, 1);
  body->setStretchFactor(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(top);
  layout->addWidget(m_error);
  layout->addWidget(body, 1);
  connect(m_reload, &QPushButton::clicked, this, [this] { load(m_config); });
}

DatasetPreview::~DatasetPreview() { cancel(); }

void DatasetPreview::cancel() {
  if (m_cancel) m_cancel->store(true);
  if (m_worker.joinable()) m_worker.join();
}

void DatasetPreview::load(const DataConfig& config) {
  cancel();
  m_config = config;
  m_loading = true;
  m_error->clear();
  m_progress->setValue(0);
  m_progress->setVisible(true);
  m_statistics->setText(tr("loading…"));
  const quint64 generation = ++m_generation;
  m_cancel = std::make_shared<std::atomic<bool>>(false);
  QPointer<DatasetPreview> self(this);
  auto cancelFlag = m_cancel;
  m_worker = std::thread([self, config, cancelFlag, generation] {
    auto progress = [self](double fraction) {
      QMetaObject::invokeMethod(
          self,
          [self, fraction] {
            if (self) self->m_progress->setValue(int(100 * fraction));
          },
          Qt::QueuedConnection);
    };
    auto result = std::make_shared<DataResult>(prepare_data(config, progress, cancelFlag.get()));
    QMetaObject::invokeMethod(
        self,
        [self, result, generation] {
          if (self) self->show(result, generation);
        },
        Qt::QueuedConnection);
  });
}

void DatasetPreview::show(std::shared_ptr<DataResult> result, quint64 generation) {
  if (generation != m_generation) return;  // a newer load replaced this one
  if (m_worker.joinable()) m_worker.join();
  m_loading = false;
  m_progress->setVisible(false);
  m_table->setRowCount(0);
  m_histogram->clearPlottables();
  m_trainingProblem.clear();
  if (!result->ok()) {
    m_statistics->clear();
    m_error->setText(translated(result->error));
    m_histogram->replot();
    emit loaded(false);
    return;
  }
  const PreparedData& data = result->data;
  const DatasetStats& s = data.stats;
  QString text =
      tr("<b>%1</b>: %L2 train / %L3 eval pairs · vocabulary %4%5 · eval OOV %6% · longest %7 → %8 "
         "tokens")
          .arg(QString::fromStdString(data.name).toHtmlEscaped())
          .arg(s.train_pairs)
          .arg(s.eval_pairs)
          .arg(s.source_vocab)
          .arg(data.tokenizers.shared() ? tr(" (shared)") : tr(" / %1").arg(s.target_vocab))
          .arg(100 * s.eval_oov_rate, 0, 'f', 2)
          .arg(s.max_source_tokens)
          .arg(s.max_target_tokens);
  if (s.dropped_too_long > 0)
    text += tr(" · %L1 pairs dropped as too long").arg(s.dropped_too_long);
  if (s.skipped_bad > 0) text += tr(" · %L1 malformed lines skipped").arg(s.skipped_bad);
  QStringList top;
  for (const auto& [piece, count] : s.top_tokens)
    top.append(
        QStringLiteral("‘%1’ %2").arg(QString::fromStdString(piece).toHtmlEscaped()).arg(count));
  text += tr("<br>most frequent target tokens: %1").arg(top.join(QStringLiteral(", ")));
  m_statistics->setText(text);

  addBars(m_histogram, s.source_length_histogram, tr("source"), QColor(31, 119, 180), -0.2);
  addBars(m_histogram, s.target_length_histogram, tr("target"), QColor(255, 127, 14), 0.2);
  m_histogram->rescaleAxes();
  m_histogram->yAxis->setRangeLower(0);
  m_histogram->replot();

  const int rows = std::min<int>(kPreviewRows, int(data.train.size()));
  m_table->setRowCount(rows);
  for (int row = 0; row < rows; ++row) {
    const Example& example = data.train[size_t(row)];
    m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(example.source)));
    m_table->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(example.target)));
    m_table->setItem(row, 2,
                     new QTableWidgetItem(joined(data.tokenizers.source->pieces(example.source))));
    m_table->setItem(row, 3,
                     new QTableWidgetItem(joined(data.tokenizers.target->pieces(example.target))));
  }
  m_table->resizeColumnsToContents();
  if (s.eval_oov_rate > kMostlyUnknown) {
    m_trainingProblem =
        tr("%1% of the evaluation tokens are unknown to the %2 vocabulary (<unk>); the model "
           "would learn to write <unk>. Choose another tokenizer or a larger vocabulary")
            .arg(qRound(100 * s.eval_oov_rate))
            .arg(QString::fromStdString(to_string(m_config.tokenizer.kind)));
    m_error->setText(m_trainingProblem);
  }
  emit vocabularyMeasured(data.tokenizers.source->vocab_size(),
                          data.tokenizers.target->vocab_size(), data.tokenizers.shared());
  emit loaded(true);
}

QString DatasetPreview::errorText() const { return m_error->text(); }
QString DatasetPreview::statisticsText() const { return m_statistics->text(); }

}  // namespace attn::ui
