#include "inspectorpanel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QThreadPool>
#include <QToolButton>
#include <QVBoxLayout>

#include "attentionview.h"
#include "coretext.h"
#include "dataflowview.h"
#include "dockhelp.h"
#include "figures.h"
#include "runhistory.h"
#include "stageview.h"
#include "trainingcontroller.h"
#include "translationtable.h"

namespace attn::ui {

// The models the worker has loaded, by checkpoint (path and modification
// time) or configuration: scrubbing back and forth does not reload.
struct ModelCache {
  QMap<QString, std::shared_ptr<const InspectionModel>> models;
};

// What one request needs, copied so the worker reads nothing of the panel.
struct InspectorPanel::Job {
  Source source;
  QString run;
  std::int64_t step;
  RunConfig setup;
  std::shared_ptr<const InspectionModel> live;
  std::shared_ptr<const InspectionModel> huggingFace;
  InspectionRequest request;
  int generation;
};

namespace {

QString html(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

// Loads (or finds) the model a job asks for; null with *error.
std::shared_ptr<const InspectionModel> modelFor(
    const InspectorPanel::Source source, const QString& run, std::int64_t step,
    const RunConfig& setup, const std::shared_ptr<const InspectionModel>& live,
    const std::shared_ptr<const InspectionModel>& huggingFace, ModelCache& cache,
    std::string* error) {
  using Source = InspectorPanel::Source;
  if (source == Source::HuggingFace) {
    if (!huggingFace)
      *error = InspectorPanel::tr("no Hugging Face model is open (File → Open Hugging Face model…)")
                   .toStdString();
    return huggingFace;
  }
  if (source == Source::Live) {
    if (!live)
      *error = InspectorPanel::tr("no live weights yet: they arrive at the next training step")
                   .toStdString();
    return live;
  }
  if (source == Source::Untrained) {
    const QString key = QStringLiteral("untrained|") + QString::fromStdString(to_json(setup));
    if (auto found = cache.models.value(key)) return found;
    auto model = InspectionModel::untrained(setup, error);
    if (model) cache.models.insert(key, model);
    return model;
  }
  if (run.isEmpty()) {
    *error = InspectorPanel::tr(
                 "no run is open: open a run (File → Open run…) or choose the untrained model")
                 .toStdString();
    return nullptr;
  }
  const std::string which = source == Source::BestCheckpoint   ? "best"
                            : source == Source::LastCheckpoint ? "last"
                                                               : "step:" + std::to_string(step);
  const std::string path = InspectionModel::resolve_checkpoint(run.toStdString(), which, error);
  if (path.empty()) return nullptr;
  // A checkpoint rewritten since (checkpoint_last.pt during training) is read again.
  const QFileInfo file(QString::fromStdString(path));
  const QString key = file.absoluteFilePath() + '|' +
                      QString::number(file.lastModified().toMSecsSinceEpoch()) + '|' +
                      QString::number(file.size());
  if (auto found = cache.models.value(key)) return found;
  auto model = InspectionModel::open(path, {}, error);
  if (model) {
    if (cache.models.size() > 8) cache.models.clear();  // bounded: models can be large
    cache.models.insert(key, model);
  }
  return model;
}

}  // namespace

InspectorPanel::InspectorPanel(const RunHistory* history, QWidget* parent)
    : DockPanel(parent),
      m_history(history),
      m_generation(std::make_shared<std::atomic<int>>(0)),
      m_pool(new QThreadPool(this)),
      m_cache(std::make_shared<ModelCache>()) {
  // One worker: a stale request is cancelled, never run beside a new one.
  m_pool->setMaxThreadCount(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Model:"), this));
  m_source = new QComboBox(this);
  m_source->setObjectName(QStringLiteral("inspectorSource"));
  m_source->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_source->setMinimumContentsLength(14);
  top->addWidget(m_source, 1);
  top->addWidget(helpButton(HelpTopic::Inspector, this, this));
  layout->addLayout(top);
  m_model = new QLabel(this);
  m_model->setObjectName(QStringLiteral("inspectorModel"));
  m_model->setWordWrap(true);
  layout->addWidget(m_model);

  auto* inputRow = new QHBoxLayout;
  m_input = new QLineEdit(this);
  m_input->setObjectName(QStringLiteral("inspectorInput"));
  m_input->setPlaceholderText(tr("Type a source sentence and press Enter"));
  m_input->setClearButtonEnabled(true);
  m_go = new QPushButton(tr("Inspect"), this);
  m_go->setObjectName(QStringLiteral("inspectButton"));
  inputRow->addWidget(m_input, 1);
  inputRow->addWidget(m_go);
  layout->addLayout(inputRow);
  m_chips = new QLabel(this);
  m_chips->setObjectName(QStringLiteral("inspectorChips"));
  m_chips->setWordWrap(true);
  m_chips->setTextFormat(Qt::RichText);
  layout->addWidget(m_chips);
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("inspectorStatus"));
  m_status->setWordWrap(true);
  layout->addWidget(m_status);

  m_tabs = new QTabWidget(this);
  m_tabs->setObjectName(QStringLiteral("inspectorTabs"));
  // Translation: every output token with its probability and the alternatives.
  auto* translationPage = new QWidget(m_tabs);
  auto* translationLayout = new QVBoxLayout(translationPage);
  translationLayout->setContentsMargins(0, 4, 0, 0);
  m_translation = new QComboBox(translationPage);
  m_translation->addItems({tr("Greedy"), tr("Beam search")});
  translationLayout->addWidget(m_translation);
  m_table = new TranslationTable(translationPage);
  translationLayout->addWidget(m_table, 1);
  m_tabs->addTab(translationPage, tr("Translation"));
  // Attention: the usual heatmap, on this sentence.
  m_attention = new AttentionView(m_tabs);
  m_attention->setObjectName(QStringLiteral("inspectorAttention"));
  m_tabs->addTab(m_attention, tr("Attention"));
  // Stages of one layer, head and position.
  auto* stagePage = new QWidget(m_tabs);
  auto* stageLayout = new QVBoxLayout(stagePage);
  stageLayout->setContentsMargins(0, 4, 0, 0);
  auto* stageRow = new QHBoxLayout;
  m_stageLayer = new QComboBox(stagePage);
  m_stageLayer->setObjectName(QStringLiteral("stageLayer"));
  m_stageHead = new QSpinBox(stagePage);
  m_stageHead->setObjectName(QStringLiteral("stageHead"));
  m_stageHead->setPrefix(tr("head "));
  m_stageHead->setRange(1, 1);
  m_stageToken = new QComboBox(stagePage);
  m_stageToken->setObjectName(QStringLiteral("stageToken"));
  m_stageToken->setToolTip(tr("The query position whose stages are shown"));
  stageRow->addWidget(m_stageLayer, 2);
  stageRow->addWidget(m_stageHead, 1);
  stageRow->addWidget(m_stageToken, 2);
  stageLayout->addLayout(stageRow);
  m_stages = new StageView(stagePage);
  m_stages->setObjectName(QStringLiteral("stageView"));
  m_stageScroll = new QScrollArea(stagePage);
  m_stageScroll->setWidget(m_stages);
  m_stageScroll->setWidgetResizable(true);
  stageLayout->addWidget(m_stageScroll, 1);
  m_tabs->addTab(stagePage, tr("Stages"));
  // The whole model's data flow.
  m_flow = new DataFlowView(m_tabs);
  m_flow->setObjectName(QStringLiteral("dataFlowView"));
  auto* flowScroll = new QScrollArea(m_tabs);
  flowScroll->setWidget(m_flow);
  flowScroll->setWidgetResizable(true);
  m_tabs->addTab(flowScroll, tr("Data flow"));
  layout->addWidget(m_tabs, 1);
  // The pages may shrink below their comfortable size (the stage view and the
  // diagram scroll), so the dock never makes the window taller than a laptop's.
  m_tabs->setMinimumSize(200, 140);

  connect(m_input, &QLineEdit::returnPressed, this, [this] { inspect(m_input->text()); });
  connect(m_go, &QPushButton::clicked, this, [this] { inspect(m_input->text()); });
  connect(m_input, &QLineEdit::textChanged, this, &InspectorPanel::updateChips);
  connect(m_source, qOverload<int>(&QComboBox::activated), this, [this] {
    if (!m_text.isEmpty()) inspect(m_text);
  });
  connect(m_translation, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &InspectorPanel::showTranslation);
  auto restage = [this] {
    if (!m_text.isEmpty() && m_result.error.empty()) submit();
  };
  connect(m_stageLayer, qOverload<int>(&QComboBox::activated), this, restage);
  connect(m_stageHead, qOverload<int>(&QSpinBox::valueChanged), this, restage);
  connect(m_stageToken, qOverload<int>(&QComboBox::activated), this, restage);
  connect(m_flow, &DataFlowView::nodeClicked, this, [this](const FlowNode& node) {
    // A layer's box shows that layer's stages; other boxes jump to their stage.
    if (node.part == "encoder" || node.part == "decoder") {
      selectStages(node.part == "encoder" ? AttentionKind::EncoderSelf : AttentionKind::Cross,
                   node.layer, m_stageHead->value() - 1, m_stageToken->currentIndex());
    } else if (node.part == "target" || node.part == "output") {
      if (m_stageLayer->currentIndex() < m_stageLayer->count() / 2)
        selectStages(AttentionKind::Cross, 0, m_stageHead->value() - 1, 0);
    } else if (m_stageLayer->currentIndex() >= m_stageLayer->count() / 2) {
      selectStages(AttentionKind::EncoderSelf, 0, m_stageHead->value() - 1, 0);
    }
    m_tabs->setCurrentIndex(2);
    const int top = m_stages->stageTop(QString::fromStdString(node.id));
    if (top >= 0) m_stageScroll->verticalScrollBar()->setValue(top);
  });
  updateSourceChoices();
  updateChips();
}

InspectorPanel::~InspectorPanel() {
  ++*m_generation;  // the running inspection stops at its next decoding step
  m_pool->waitForDone();
}

QString InspectorPanel::exportFigures(const QString& folder, const FigureOptions& options,
                                      QStringList* written) {
  if (m_result.stages.empty()) return {};
  const QDir dir(folder);
  // Drawn afresh at the size their content needs (the views in the dock
  // live in scroll areas that keep them at the dock's width).
  StageView stages;
  stages.setAttribute(Qt::WA_DontShowOnScreen);
  stages.setStages(m_stages->stages(), m_stages->heading());
  FigureOptions stageFigure = options;
  stageFigure.width = std::max(600, options.width * 3 / 4);
  stageFigure.height = std::max(200, stages.sizeHint().height());
  QString error = saveWidgetFigure(&stages, dir.filePath(QStringLiteral("inspector_stages")),
                                   stageFigure, written);
  DataFlowView flow;
  flow.setAttribute(Qt::WA_DontShowOnScreen);
  flow.setFlow(m_result.flow_nodes, m_result.flow_edges);
  flow.setCurrent(m_flow->current());
  FigureOptions flowFigure = options;
  flowFigure.width = 620;
  flowFigure.height = flow.minimumSizeHint().height();
  const QString flowError = saveWidgetFigure(
      &flow, dir.filePath(QStringLiteral("inspector_dataflow")), flowFigure, written);
  if (!flowError.isEmpty())
    error += (error.isEmpty() ? QString() : QStringLiteral("\n")) + flowError;
  return error;
}

void InspectorPanel::updateSourceChoices() {
  Source current = m_source->count() > 0 ? source() : Source::NearestCheckpoint;
  // "Untrained" as the only choice there was is no choice: a run that
  // arrives brings its checkpoints to the front.
  if (m_source->count() == 1 && current == Source::Untrained && !m_run.isEmpty())
    current = Source::NearestCheckpoint;
  m_source->clear();
  if (!m_run.isEmpty()) {
    m_source->addItem(tr("Checkpoint nearest the timeline's moment"),
                      int(Source::NearestCheckpoint));
    m_source->addItem(tr("Best checkpoint"), int(Source::BestCheckpoint));
    m_source->addItem(tr("Last checkpoint"), int(Source::LastCheckpoint));
  }
  if (m_training) m_source->addItem(tr("Live: the weights being trained"), int(Source::Live));
  m_source->addItem(tr("Untrained: the setup's model, from its seed"), int(Source::Untrained));
  if (m_huggingFace) {
    m_source->addItem(tr("Hugging Face: %1").arg(QDir(m_huggingFaceFolder).dirName()),
                      int(Source::HuggingFace));
  }
  const int index = m_source->findData(int(current));
  m_source->setCurrentIndex(index >= 0 ? index : 0);
}

void InspectorPanel::setHuggingFaceModel(std::shared_ptr<const InspectionModel> model,
                                         const QString& folder) {
  m_huggingFace = std::move(model);
  m_huggingFaceFolder = folder;
  updateSourceChoices();
  setSource(Source::HuggingFace);
}

void InspectorPanel::setRun(const QString& directory) {
  if (directory == m_run) return;
  m_run = directory;
  updateSourceChoices();
  // Nothing of the previous run's model stays on screen as if it were this run's.
  m_lastModel.reset();
  m_result = Inspection();
  clearResults();
  m_model->setText(directory.isEmpty() ? QString() : tr("reads %1").arg(QDir(directory).dirName()));
  m_status->setText(
      m_text.isEmpty()
          ? QString()
          : tr("Another run is open: press Enter to read the sentence with its model"));
}

void InspectorPanel::setMomentStep(std::int64_t step) {
  if (step == m_momentStep) return;
  m_momentStep = step;
  // The nearest checkpoint follows the timeline where a sentence is shown; a
  // hidden dock reads it again when it is shown.
  if (source() != Source::NearestCheckpoint || m_text.isEmpty()) return;
  if (isVisible()) {
    submit();
  } else {
    m_momentPending = true;
  }
}

void InspectorPanel::showEvent(QShowEvent* event) {
  DockPanel::showEvent(event);
  if (m_momentPending && source() == Source::NearestCheckpoint && !m_text.isEmpty()) submit();
  m_momentPending = false;
}

void InspectorPanel::setSetupProvider(std::function<RunConfig()> provider) {
  m_setup = std::move(provider);
}

void InspectorPanel::attach(const PanelServices& services) {
  setSetupProvider(services.setup);
  connect(this, &InspectorPanel::liveModelWanted, services.controller,
          &TrainingController::requestModelCopy);
  connect(services.controller, &TrainingController::modelCopied, this,
          &InspectorPanel::setLiveModel);
}

void InspectorPanel::setMoment(int index, std::shared_ptr<const Snapshot> snapshot) {
  Q_UNUSED(snapshot);
  if (m_history && index >= 0 && index < m_history->momentCount())
    setMomentStep(m_history->moments()[index].step);
}

void InspectorPanel::runChanged(const QString& directory, bool training) {
  setRun(directory);
  setTraining(training);
}

void InspectorPanel::setTraining(bool training) {
  if (training == m_training) return;
  m_training = training;
  if (!training) m_live.reset();
  updateSourceChoices();
}

void InspectorPanel::setLiveModel(std::shared_ptr<const InspectionModel> model) {
  m_live = std::move(model);
  if (m_waitingForLive && source() == Source::Live) {
    m_waitingForLive = false;
    submit();
  }
}

void InspectorPanel::setSource(Source source) {
  const int index = m_source->findData(int(source));
  if (index >= 0) m_source->setCurrentIndex(index);
}

InspectorPanel::Source InspectorPanel::source() const {
  return Source(m_source->currentData().toInt());
}

QTableWidget* InspectorPanel::translationTable() const { return m_table; }

QString InspectorPanel::modelDescription() const { return m_model->text(); }
QString InspectorPanel::statusText() const { return m_status->text(); }
QString InspectorPanel::chipsText() const { return m_chips->text(); }

void InspectorPanel::inspect(const QString& text) {
  if (m_input->text() != text) m_input->setText(text);
  m_text = text;
  if (source() == Source::Live) {
    // The weights of the step the trainer reaches next: it copies them between
    // two steps (or at once while paused) and the inspection runs on the copy.
    m_waitingForLive = true;
    ++*m_generation;  // whatever runs now is stale
    m_status->setText(tr("Waiting for the next training step's weights…"));
    Q_EMIT liveModelWanted();
    return;
  }
  submit();
}

InspectionRequest InspectorPanel::currentRequest() const {
  InspectionRequest request;
  request.text = m_text.toStdString();
  // Before the first model is read the box is empty: encoder layer 1.
  const int encoderLayers =
      m_stageLayer->count() > 0 ? m_stageLayer->property("encoderLayers").toInt() : 1;
  const int layer = std::max(0, m_stageLayer->currentIndex());
  request.kind = layer < encoderLayers ? AttentionKind::EncoderSelf : AttentionKind::Cross;
  request.layer = layer < encoderLayers ? layer : layer - encoderLayers;
  request.head = m_stageHead->value() - 1;
  request.token = std::max(0, m_stageToken->currentIndex());
  return request;
}

void InspectorPanel::submit() {
  Job job{source(), m_run,         m_momentStep,     m_setup ? m_setup() : RunConfig{},
          m_live,   m_huggingFace, currentRequest(), ++*m_generation};
  if (job.source == Source::NearestCheckpoint && job.step < 0) job.source = Source::LastCheckpoint;
  ++m_pending;
  m_status->setText(tr("Reading…"));
  auto generation = m_generation;
  auto cache = m_cache;
  m_pool->start([this, job, generation, cache] {
    const auto stale = [&] { return generation->load() != job.generation; };
    Inspection inspection;
    std::string error;
    std::shared_ptr<const InspectionModel> model;
    if (!stale()) {
      model = modelFor(job.source, job.run, job.step, job.setup, job.live, job.huggingFace, *cache,
                       &error);
      if (model) {
        InspectionRequest request = job.request;
        request.beam_size = model->config().train.beam_size;
        request.length_penalty = model->config().train.length_penalty;
        inspection = model->inspect(request, stale);
      }
    }
    // The panel outlives the job (its destructor waits for the pool).
    QMetaObject::invokeMethod(
        this,
        [this, generation = job.generation, model, inspection, error] {
          deliver(generation, model, inspection, QString::fromStdString(error));
        },
        Qt::QueuedConnection);
  });
}

void InspectorPanel::deliver(int generation, std::shared_ptr<const InspectionModel> model,
                             const Inspection& inspection, const QString& error) {
  --m_pending;
  if (generation != m_generation->load()) return;  // a newer request is on its way
  if (!error.isEmpty() || !model) {
    m_result = Inspection{};
    m_result.error = verbatim(error.toStdString());
    clearResults();
    m_status->setText(
        QStringLiteral("<span style='color:#b00020'>%1</span>").arg(error.toHtmlEscaped()));
    Q_EMIT inspected();
    return;
  }
  const bool newModel = model != m_lastModel;
  m_lastModel = model;
  // Which run the model comes from, then which of its checkpoints.
  const bool fromRun =
      !m_run.isEmpty() && source() != Source::Untrained && source() != Source::HuggingFace;
  m_model->setText((fromRun ? QDir(m_run).dirName() + QStringLiteral(" · ") : QString()) +
                   translated(model->description()) + QStringLiteral(" · ") +
                   QString::fromStdString(to_string(model->config().implementation)));
  m_model->setToolTip(fromRun                           ? m_run
                      : source() == Source::HuggingFace ? m_huggingFaceFolder
                                                        : QString());
  m_result = inspection;
  if (newModel) {
    QStringList source, target;
    for (const auto& piece : model->vocabulary(true)) source << QString::fromStdString(piece);
    for (const auto& piece : model->vocabulary(false)) target << QString::fromStdString(piece);
    m_attention->setVocabulary(source, target);
  }
  updateChips();
  if (!inspection.error.empty()) {
    clearResults();
    m_status->setText(QStringLiteral("<span style='color:#b00020'>%1</span>")
                          .arg(translated(inspection.error).toHtmlEscaped()));
    Q_EMIT inspected();
    return;
  }
  QStringList notes;
  for (const auto& warning : inspection.warnings) notes << translated(warning).toHtmlEscaped();
  notes << tr("read in %1 ms").arg(inspection.seconds * 1000, 0, 'f', 0);
  m_status->setText(notes.join(QStringLiteral(" · ")));
  rebuildStageChoices();
  showTranslation();
  Snapshot snapshot;
  snapshot.step = -1;  // the typed sentence, not a moment of training: no step in titles
  snapshot.examples.push_back(inspection.attention);
  m_attention->setSnapshot(snapshot);
  showStages();
  m_flow->setFlow(inspection.flow_nodes, inspection.flow_edges);
  Q_EMIT inspected();
}

void InspectorPanel::clearResults() {
  // An error leaves nothing of the previous sentence on screen as if it were this one's.
  m_table->setRowCount(0);
  m_attention->clear();
  m_stages->clear();
  m_flow->clear();
}

void InspectorPanel::updateChips() {
  if (!m_lastModel) {
    m_chips->setText(tr("<i>The pieces appear here once a model is read.</i>"));
    return;
  }
  std::vector<bool> unknown;
  const auto pieces = m_lastModel->pieces(m_input->text().toStdString(), &unknown);
  QString text;
  const int limit = m_lastModel->max_source_tokens();
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool cut = int(i) >= limit;
    const QString colour = unknown[i] ? QStringLiteral("#f8d0d0") : QStringLiteral("#e4ecf7");
    text += QStringLiteral("<span style='background:%1;%2'>&nbsp;%3&nbsp;</span> ")
                .arg(cut ? QStringLiteral("#dddddd") : colour,
                     cut ? QStringLiteral("text-decoration:line-through;") : QString(),
                     unknown[i] ? tr("%1 (unknown)").arg(html(pieces[i])) : html(pieces[i]));
  }
  if (int(pieces.size()) > limit)
    text += tr(" <b>%n piece(s) beyond the model's positions are cut</b>", nullptr,
               int(pieces.size()) - limit);
  m_chips->setText(text.isEmpty() ? tr("<i>No pieces yet.</i>") : text);
}

void InspectorPanel::rebuildStageChoices() {
  if (!m_lastModel) return;
  const auto& model = m_lastModel->config().model;
  const QSignalBlocker layerBlock(m_stageLayer), headBlock(m_stageHead), tokenBlock(m_stageToken);
  const int layerIndex = m_stageLayer->currentIndex();
  if (m_stageLayer->count() != model.enc_layers + model.dec_layers) {
    m_stageLayer->clear();
    for (int i = 0; i < model.enc_layers; ++i)
      m_stageLayer->addItem(tr("Encoder layer %1").arg(i + 1));
    for (int i = 0; i < model.dec_layers; ++i)
      m_stageLayer->addItem(tr("Decoder layer %1").arg(i + 1));
    m_stageLayer->setProperty("encoderLayers", model.enc_layers);
    m_stageLayer->setCurrentIndex(std::clamp(layerIndex, 0, m_stageLayer->count() - 1));
  }
  m_stageHead->setRange(1, model.heads);
  const int tokenIndex = m_stageToken->currentIndex();
  const bool decoder = m_stageLayer->currentIndex() >= model.enc_layers;
  const auto& pieces = decoder ? m_result.target_pieces : m_result.source_pieces;
  m_stageToken->clear();
  for (std::size_t i = 0; i < pieces.size(); ++i)
    m_stageToken->addItem(tr("position %1: %2").arg(i + 1).arg(QString::fromStdString(pieces[i])));
  m_stageToken->setCurrentIndex(std::clamp(tokenIndex, 0, m_stageToken->count() - 1));
}

void InspectorPanel::selectStages(AttentionKind kind, int layer, int head, int token) {
  const int encoderLayers = m_stageLayer->property("encoderLayers").toInt();
  const int index = kind == AttentionKind::EncoderSelf ? layer : encoderLayers + layer;
  {
    const QSignalBlocker a(m_stageLayer), b(m_stageHead), c(m_stageToken);
    m_stageLayer->setCurrentIndex(std::clamp(index, 0, std::max(0, m_stageLayer->count() - 1)));
    m_stageHead->setValue(head + 1);
    m_stageToken->setCurrentIndex(token);
  }
  if (!m_text.isEmpty()) submit();
}

void InspectorPanel::showTranslation() {
  const Translation& translation =
      m_translation->currentIndex() == 0 ? m_result.greedy : m_result.beam;
  m_table->show(translation);
}

void InspectorPanel::showStages() {
  const auto request = currentRequest();
  const bool decoder = request.kind != AttentionKind::EncoderSelf;
  const QString where = decoder ? tr("Decoder layer %1").arg(request.layer + 1)
                                : tr("Encoder layer %1").arg(request.layer + 1);
  m_stages->setStages(
      m_result.stages,
      tr("%1 · head %2 · %3").arg(where).arg(request.head + 1).arg(m_stageToken->currentText()));
  m_flow->setCurrent(
      QString::fromStdString((decoder ? "decoder." : "encoder.") + std::to_string(request.layer)));
}

void InspectorPanel::focusInput() {
  m_input->setFocus(Qt::ShortcutFocusReason);
  m_input->selectAll();
}

void InspectorPanel::copyViewFrom(const InspectorPanel& other) {
  m_tabs->setCurrentIndex(other.m_tabs->currentIndex());
  if (other.inspectedText().isEmpty()) return;
  setSource(other.source());
  inspect(other.inspectedText());
}

}  // namespace attn::ui
