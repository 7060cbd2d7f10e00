#include "setupcolumn.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include "datasetpreview.h"
#include "setuppanel.h"

namespace attn::ui {
namespace {

// The data settings as text: equal keys read the same data.
std::string dataKey(const DataConfig& data) {
  return to_json(RunConfig{{}, {}, {}, {}, data, {}, {}});
}

constexpr int kReadDelayMs = 400;  // typing a number should not start a read per digit

}  // namespace

SetupColumn::SetupColumn(SetupPanel* setup, DatasetPreview* data, QWidget* parent)
    : QWidget(parent), m_setup(setup), m_data(data) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_setup, 1);
  m_train = new QPushButton(tr("Train"), this);
  m_train->setObjectName(QStringLiteral("trainButton"));
  m_pause = new QPushButton(tr("Pause"), this);
  m_pause->setObjectName(QStringLiteral("pauseButton"));
  m_stop = new QPushButton(tr("Stop"), this);
  m_stop->setObjectName(QStringLiteral("stopButton"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_train);
  buttons->addWidget(m_pause);
  buttons->addWidget(m_stop);
  layout->addLayout(buttons);
  m_reason = new QLabel(this);
  m_reason->setObjectName(QStringLiteral("trainDisabledReason"));
  m_reason->setWordWrap(true);
  m_reason->setStyleSheet(QStringLiteral("color: #b00020;"));
  layout->addWidget(m_reason);
  m_progress = new QProgressBar(this);
  m_progress->setObjectName(QStringLiteral("trainingProgress"));
  m_progress->setRange(0, 1000);
  m_progress->setValue(0);
  m_progressText = new QLabel(this);
  m_progressText->setWordWrap(true);
  m_progressText->setObjectName(QStringLiteral("progressText"));
  layout->addWidget(m_progress);
  layout->addWidget(m_progressText);
  connect(m_train, &QPushButton::clicked, this, &SetupColumn::trainClicked);
  connect(m_pause, &QPushButton::clicked, this, &SetupColumn::pauseClicked);
  connect(m_stop, &QPushButton::clicked, this, &SetupColumn::stopClicked);

  // The data is read whether or not its dock is shown: a file that cannot be
  // used disables Train with the reason, and the vocabulary it gives sizes
  // the parameter count.
  auto* delay = new QTimer(this);
  delay->setSingleShot(true);
  delay->setInterval(kReadDelayMs);
  connect(m_setup, &SetupPanel::changed, delay, qOverload<>(&QTimer::start));
  connect(m_setup, &SetupPanel::changed, this, [this] {
    // A problem found in data the settings no longer name is not shown.
    if (!m_dataProblem.isEmpty() && dataKey(m_setup->runConfig().data) != m_previewedData)
      m_dataProblem.clear();
    emit problemChanged();
  });
  connect(delay, &QTimer::timeout, this, &SetupColumn::readData);
  connect(m_data, &DatasetPreview::loaded, this, [this](bool ok) {
    m_dataProblem = ok ? m_data->trainingProblem() : m_data->errorText();
    emit problemChanged();
  });
  connect(m_data, &DatasetPreview::vocabularyMeasured, m_setup, &SetupPanel::setMeasuredVocabulary);
  delay->start();
}

void SetupColumn::readData() {
  if (!m_dataReadable) return;
  const DataConfig data = m_setup->runConfig().data;
  const std::string key = dataKey(data);
  if (key == m_previewedData) return;
  m_previewedData = key;
  m_dataProblem.clear();
  m_setup->forgetMeasuredVocabulary();
  m_data->load(data);
  emit problemChanged();
}

QString SetupColumn::trainingProblem(bool* fromSetup) const {
  const QString setup = m_setup->problem();
  if (fromSetup) *fromSetup = !setup.isEmpty();
  return setup.isEmpty() ? m_dataProblem : setup;
}

void SetupColumn::showState(bool running, bool paused) {
  bool setupProblem = false;
  const QString problem = trainingProblem(&setupProblem);
  m_train->setEnabled(!running && problem.isEmpty());
  m_train->setToolTip(problem);
  // The setup shows its own problem just above; saying it again here would
  // take a laptop screen's lines for nothing.
  m_reason->setText(running || problem.isEmpty() ? QString()
                    : setupProblem               ? tr("Cannot train: fix the setup above")
                                                 : tr("Cannot train: %1").arg(problem));
  m_pause->setEnabled(running);
  m_stop->setEnabled(running);
  m_pause->setText(paused ? tr("Resume") : tr("Pause"));
  m_setup->setEnabled(!running);
}

}  // namespace attn::ui
