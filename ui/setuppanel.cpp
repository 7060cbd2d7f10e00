#include "setuppanel.h"

#include <QFile>

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QVBoxLayout>

#include "attn/model_summary.h"
#include "attn/tasks.h"
#include "attn/translatable.h"
#include "attn/version.h"
#include "attn/world.h"
#include "coretext.h"

namespace attn::ui {
namespace {

QSpinBox* spin(QWidget* parent, const char* name, int low, int high, int value) {
  auto* box = new QSpinBox(parent);
  box->setObjectName(QString::fromLatin1(name));
  box->setRange(low, high);
  box->setValue(value);
  return box;
}

QDoubleSpinBox* doubleSpin(QWidget* parent, const char* name, double low, double high, double value,
                           int decimals, double step) {
  auto* box = new QDoubleSpinBox(parent);
  box->setObjectName(QString::fromLatin1(name));
  box->setRange(low, high);
  box->setDecimals(decimals);
  box->setSingleStep(step);
  box->setValue(value);
  return box;
}

// A page of the setup: scrolls vertically, never sideways.
QScrollArea* scrolling(QWidget* page) {
  auto* scroll = new QScrollArea;
  scroll->setWidget(page);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // Tab goes to the fields, not to the page around them, which shows no focus.
  scroll->setFocusPolicy(Qt::NoFocus);
  return scroll;
}

// Labels beside fields while there is room, fields under their labels when not.
QFormLayout* wrappingForm(QWidget* parent) {
  auto* form = new QFormLayout(parent);
  form->setRowWrapPolicy(QFormLayout::WrapLongRows);
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  return form;
}

QString megabytes(std::int64_t bytes) {
  return QString::number(bytes / (1024.0 * 1024.0), 'f', 1) + " MiB";
}

}  // namespace

SetupPanel::SetupPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("setupPanel"));
  // Three pages rather than one long column: each fits a laptop-sized dock
  // without scrolling, and each scrolls only vertically (fields wrap under
  // their labels when the dock is narrow).
  m_pages = new QTabWidget(this);
  m_pages->setObjectName(QStringLiteral("setupPages"));
  m_pages->setDocumentMode(true);
  m_pages->setUsesScrollButtons(false);
  m_pages->addTab(scrolling(buildDataset()), tr("Dataset"));
  m_pages->addTab(scrolling(buildModel()), tr("Model"));
  m_pages->addTab(scrolling(buildTraining()), tr("Training"));
  m_problem = new QLabel(this);
  m_problem->setObjectName(QStringLiteral("setupProblem"));
  m_problem->setWordWrap(true);
  m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_pages, 1);
  layout->addWidget(m_problem);

  RunConfig defaults;
  defaults.model = *model_preset("tiny");
  setRunConfig(defaults);

  for (auto* box : findChildren<QSpinBox*>())
    connect(box, qOverload<int>(&QSpinBox::valueChanged), this, &SetupPanel::refresh);
  for (auto* box : findChildren<QDoubleSpinBox*>()) {
    connect(box, qOverload<double>(&QDoubleSpinBox::valueChanged), this, &SetupPanel::refresh);
  }
  for (auto* box : findChildren<QComboBox*>()) {
    if (box != m_preset)
      connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, &SetupPanel::refresh);
  }
  for (auto* box : {m_tied, m_deterministic, m_debug, m_cudaGraphs})
    connect(box, &QCheckBox::toggled, this, &SetupPanel::refresh);
  connect(m_preset, &QComboBox::textActivated, this, &SetupPanel::applyPreset);
  refresh();
}

QWidget* SetupPanel::buildDataset() {
  auto* group = new QWidget;
  group->setObjectName(QStringLiteral("datasetGroup"));
  auto* form = wrappingForm(group);
  m_task = new QComboBox(group);
  m_task->setObjectName(QStringLiteral("taskCombo"));
  for (const auto& task : task_catalog()) m_task->addItem(QString::fromStdString(task.name));
  m_taskDescription = new QLabel(group);
  m_taskDescription->setWordWrap(true);
  m_taskDescription->setStyleSheet(QStringLiteral("color: palette(mid);"));
  m_trainSize = spin(group, "trainSize", 1, 10'000'000, 2000);
  m_evalSize = spin(group, "evalSize", 1, 1'000'000, 200);
  m_minLength = spin(group, "minLength", 1, 200, 5);
  m_maxLength = spin(group, "maxLength", 1, 200, 10);
  m_seed = spin(group, "seed", 0, 1'000'000, 1);
  auto* corpusButton = new QPushButton(tr("Open corpus…"), group);
  corpusButton->setObjectName(QStringLiteral("openCorpusButton"));
  m_useTaskButton = new QPushButton(tr("Use the task instead"), group);
  m_useTaskButton->setObjectName(QStringLiteral("useTaskButton"));
  m_useTaskButton->setToolTip(tr("Train on the built-in task chosen above, not on the corpus"));
  m_corpusLabel = new QLabel(tr("none (built-in task)"), group);
  m_corpusLabel->setWordWrap(true);
  m_tokenizer = new QComboBox(group);
  m_tokenizer->setObjectName(QStringLiteral("tokenizerCombo"));
  m_tokenizer->addItems(
      {QStringLiteral("char"), QStringLiteral("word"), QStringLiteral("sentencepiece")});
  m_vocabSize = spin(group, "vocabSize", 0, 1'000'000, 0);
  m_vocabSize->setSpecialValueText(tr("all"));
  form->addRow(tr("Task"), m_task);
  form->addRow(m_taskDescription);
  form->addRow(tr("Train pairs"), m_trainSize);
  form->addRow(tr("Eval pairs"), m_evalSize);
  form->addRow(tr("Min length"), m_minLength);
  form->addRow(tr("Max length"), m_maxLength);
  form->addRow(tr("Seed"), m_seed);
  form->addRow(corpusButton, m_corpusLabel);
  form->addRow(QString(), m_useTaskButton);
  form->addRow(tr("Tokenizer"), m_tokenizer);
  form->addRow(tr("Vocabulary"), m_vocabSize);
  connect(corpusButton, &QPushButton::clicked, this, &SetupPanel::chooseCorpus);
  connect(m_useTaskButton, &QPushButton::clicked, this, [this] {
    leaveCorpus();
    refresh();
  });
  connect(m_task, &QComboBox::textActivated, this, [this](const QString& name) {
    leaveCorpus();
    if (auto task = find_task(name.toStdString())) {
      const QSignalBlocker a(m_minLength), b(m_maxLength);
      m_minLength->setValue(task->default_min_length);
      m_maxLength->setValue(task->default_max_length);
    }
    refresh();
  });
  return group;
}

QWidget* SetupPanel::buildModel() {
  auto* group = new QWidget;
  group->setObjectName(QStringLiteral("modelGroup"));
  auto* form = wrappingForm(group);
  m_preset = new QComboBox(group);
  m_preset->setObjectName(QStringLiteral("presetCombo"));
  for (const auto& name : model_preset_names()) m_preset->addItem(QString::fromStdString(name));
  m_implementation = new QComboBox(group);
  m_implementation->setObjectName(QStringLiteral("implementationCombo"));
  m_implementation->addItem(tr("from scratch"), int(Implementation::Scratch));
  m_implementation->addItem(tr("LibTorch layers"), int(Implementation::Library));
  m_implementation->addItem(tr("both, one after the other"), int(Implementation::Both));
  m_dModel = spin(group, "dModel", 2, 16384, 64);
  m_heads = spin(group, "heads", 1, 256, 4);
  m_encLayers = spin(group, "encLayers", 1, 64, 2);
  m_decLayers = spin(group, "decLayers", 1, 64, 2);
  m_dFf = spin(group, "dFf", 1, 65536, 256);
  m_dropout = doubleSpin(group, "dropout", 0, 0.99, 0.1, 2, 0.05);
  m_norm = new QComboBox(group);
  m_norm->addItems({QStringLiteral("post"), QStringLiteral("pre")});
  m_activation = new QComboBox(group);
  m_activation->addItems({QStringLiteral("relu"), QStringLiteral("gelu"), QStringLiteral("silu")});
  m_tied = new QCheckBox(tr("tied embeddings (§3.4)"), group);
  m_tied->setToolTip(tr("Share the embeddings and the output projection's weights (§3.4)"));
  m_parameters = new QLabel(group);
  m_parameters->setObjectName(QStringLiteral("parameterCount"));
  m_parameters->setWordWrap(true);
  form->addRow(tr("Preset"), m_preset);
  form->addRow(tr("Implementation"), m_implementation);
  form->addRow(tr("d_model"), m_dModel);
  form->addRow(tr("Heads"), m_heads);
  form->addRow(tr("Encoder layers"), m_encLayers);
  form->addRow(tr("Decoder layers"), m_decLayers);
  form->addRow(tr("d_ff"), m_dFf);
  form->addRow(tr("Dropout"), m_dropout);
  form->addRow(tr("LayerNorm"), m_norm);
  form->addRow(tr("Activation"), m_activation);
  form->addRow(m_tied);
  form->addRow(m_parameters);
  return group;
}

QWidget* SetupPanel::buildTraining() {
  auto* group = new QWidget;
  group->setObjectName(QStringLiteral("trainingGroup"));
  auto* form = wrappingForm(group);
  m_epochs = spin(group, "epochs", 1, 100000, 10);
  m_batchSize = spin(group, "batchSize", 1, 65536, 64);
  m_schedule = new QComboBox(group);
  m_schedule->addItem(tr("Noam (warm-up, §5.3)"), QStringLiteral("noam"));
  m_schedule->addItem(tr("constant"), QStringLiteral("constant"));
  const TrainConfig defaults;
  m_warmup = spin(group, "warmup", 1, 1'000'000, defaults.warmup);
  m_lrFactor = doubleSpin(group, "lrFactor", 0.001, 100, defaults.lr_factor, 3, 0.1);
  m_lr = doubleSpin(group, "lr", 0.000001, 1, 0.001, 6, 0.0001);
  m_labelSmoothing = doubleSpin(group, "labelSmoothing", 0, 0.99, 0.1, 2, 0.05);
  m_clip = doubleSpin(group, "clip", 0, 1000, 1.0, 2, 0.5);
  m_clip->setSpecialValueText(tr("off"));
  m_accumulation = spin(group, "accumulation", 1, 1024, 1);
  m_device = new QComboBox(group);
  m_device->setObjectName(QStringLiteral("deviceCombo"));
  m_device->addItems({QStringLiteral("cpu"), QStringLiteral("cuda")});
  if (!cuda_available()) {
    // Greyed out, with the reason where the user looks for it.
    auto* model = qobject_cast<QStandardItemModel*>(m_device->model());
    if (model) {
      auto* item = model->item(1);
      item->setEnabled(false);
      item->setToolTip(tr("No CUDA device is available to this LibTorch build"));
    }
    m_device->setToolTip(tr("CUDA: no CUDA device is available to this LibTorch build"));
  }
  // Mixed precision (--amp): its modes in AmpMode's order.
  m_precision = new QComboBox(group);
  m_precision->setObjectName(QStringLiteral("precisionCombo"));
  m_precision->addItems({tr("float32"), tr("auto (bf16 where the GPU has it)"), tr("bf16 autocast"),
                         tr("fp16 autocast + loss scaling")});
  if (!cuda_available()) {
    m_precision->setEnabled(false);
    m_precision->setToolTip(
        tr("Mixed precision needs a CUDA device; no CUDA device is available to this LibTorch "
           "build, so training is in float32"));
  } else {
    m_precision->setToolTip(
        tr("Autocast to bf16 or fp16 on the GPU (--amp); LayerNorm, "
           "softmax and the loss stay in float32"));
  }
  m_cudaGraphs = new QCheckBox(tr("replay each step from recorded graphs"), group);
  m_cudaGraphs->setObjectName(QStringLiteral("cudaGraphs"));
  if (!torch_build().cuda_graphs) {
    m_cudaGraphs->setToolTip(tr("CUDA graphs need a CUDA LibTorch 2.x; this build has none"));
  } else if (!cuda_available()) {
    m_cudaGraphs->setToolTip(
        tr("CUDA graphs need a CUDA device; none is available to this LibTorch build"));
  } else {
    m_cudaGraphs->setToolTip(
        tr("--cuda-graphs: batches padded to a multiple of 16 tokens, each "
           "shape recorded once and replayed (one process, accumulation 1, "
           "float32 or bf16)"));
  }
  m_threads = spin(group, "threads", 0, 256, 0);
  m_threads->setSpecialValueText(tr("auto"));
  m_processes = spin(group, "processes", 1, 64, 1);
  if (distributed_backends().empty()) {
    m_processes->setEnabled(false);
    m_processes->setToolTip(
        tr("This build cannot train across processes (LibTorch's c10d with Gloo was missing "
           "when it was built)"));
  } else {
    m_processes->setToolTip(
        tr("Processes on this computer that train one model together, each on its own batch "
           "of the size above (a step sees processes × batch size examples). This window is "
           "rank 0, which the live views follow; ranks 1… run attention-train."));
  }
  m_captureEvery = spin(group, "captureEvery", 0, 1'000'000, 10);
  m_captureEvery->setSpecialValueText(tr("epoch ends"));
  m_deterministic = new QCheckBox(tr("same numbers for the same seed"), group);
  m_deterministic->setObjectName(QStringLiteral("deterministic"));
  m_deterministic->setToolTip(
      tr("A fixed thread count and deterministic kernels: the same seed and settings give the "
         "same loss at every step. Without it the thread count follows the machine's load, "
         "which is faster on a busy machine but adds numbers in another order."));
  m_debug = new QCheckBox(tr("log stage by stage"), group);
  m_debug->setToolTip(tr("Log the first steps' attention stage by stage"));
  m_debug->setObjectName(QStringLiteral("debug"));
  form->addRow(tr("Epochs"), m_epochs);
  form->addRow(tr("Batch size"), m_batchSize);
  form->addRow(tr("LR schedule"), m_schedule);
  form->addRow(tr("Warm-up steps"), m_warmup);
  form->addRow(tr("LR factor"), m_lrFactor);
  form->addRow(tr("Constant LR"), m_lr);
  form->addRow(tr("Label smoothing"), m_labelSmoothing);
  form->addRow(tr("Clip gradient norm"), m_clip);
  form->addRow(tr("Accumulate batches"), m_accumulation);
  form->addRow(tr("Device"), m_device);
  form->addRow(tr("Precision"), m_precision);
  form->addRow(tr("CUDA graphs"), m_cudaGraphs);
  form->addRow(tr("Threads"), m_threads);
  form->addRow(tr("Processes"), m_processes);
  form->addRow(tr("Capture every N steps"), m_captureEvery);
  form->addRow(tr("Deterministic"), m_deterministic);
  form->addRow(tr("Debug"), m_debug);
  return group;
}

int SetupPanel::processes() const { return m_processes->value(); }

void SetupPanel::chooseCorpus() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open corpus: a TSV file, or the source side of two aligned files"), QString(),
      tr("Sentence pairs (*.tsv *.txt);;All files (*)"));
  if (path.isEmpty()) return;
  m_corpusPath = path;
  m_corpusTargetPath.clear();
  // Anything but a .tsv file is one side of two aligned files: ask for the other.
  if (!path.endsWith(QStringLiteral(".tsv"), Qt::CaseInsensitive)) {
    m_corpusTargetPath = QFileDialog::getOpenFileName(
        this, tr("Open the aligned target file (cancel for TSV)"), QFileInfo(path).absolutePath(),
        tr("Text (*.txt);;All files (*)"));
  }
  // Sentences are words; the task's tokenizer comes back with the task.
  if (!m_taskTokenizer) m_taskTokenizer = m_tokenizer->currentText();
  m_tokenizer->setCurrentText(QStringLiteral("word"));
  refresh();
}

void SetupPanel::leaveCorpus() {
  if (m_corpusPath.isEmpty()) return;
  m_corpusPath.clear();
  m_corpusTargetPath.clear();
  // A task's symbols are characters: a word vocabulary trained on the corpus
  // would make every one of them <unk>.
  m_tokenizer->setCurrentText(m_taskTokenizer.value_or(QStringLiteral("char")));
  m_taskTokenizer.reset();
}

void SetupPanel::applyPreset(const QString& name) {
  auto preset = model_preset(name.toStdString());
  if (!preset) {  // "custom": nothing to apply
    refresh();
    return;
  }
  RunConfig config = runConfig();
  config.preset = name.toStdString();
  config.model = *preset;
  if (name.startsWith(QStringLiteral("paper-"))) {
    config.train.warmup = 4000;  // §5.3, as the paper trains
    config.train.lr_factor = 1;
  }
  setRunConfig(config);
}

void SetupPanel::setRunConfig(const RunConfig& config) {
  m_applying = true;
  m_base = config;
  const auto& data = config.data;
  m_task->setCurrentText(QString::fromStdString(data.task.name));
  m_trainSize->setValue(data.task.train_size);
  m_evalSize->setValue(data.task.eval_size);
  m_minLength->setValue(data.task.min_length);
  m_maxLength->setValue(data.task.max_length);
  m_seed->setValue(static_cast<int>(data.seed));
  m_corpusPath = data.use_corpus ? QString::fromStdString(data.corpus.path) : QString();
  m_corpusTargetPath =
      data.use_corpus ? QString::fromStdString(data.corpus.target_path) : QString();
  m_tokenizer->setCurrentText(QString::fromStdString(to_string(data.tokenizer.kind)));
  m_vocabSize->setValue(data.tokenizer.vocab_size);
  const auto& model = config.model;
  m_presetChosen = QString::fromStdString(config.preset);
  m_preset->setCurrentText(m_presetChosen);
  m_implementation->setCurrentIndex(
      std::max(0, m_implementation->findData(int(config.implementation))));
  m_dModel->setValue(model.d_model);
  m_heads->setValue(model.heads);
  m_encLayers->setValue(model.enc_layers);
  m_decLayers->setValue(model.dec_layers);
  m_dFf->setValue(model.d_ff);
  m_dropout->setValue(model.dropout);
  m_norm->setCurrentText(QString::fromStdString(to_string(model.norm)));
  m_activation->setCurrentText(QString::fromStdString(to_string(model.activation)));
  m_tied->setChecked(model.tie_embeddings);
  const auto& train = config.train;
  m_epochs->setValue(train.epochs);
  m_batchSize->setValue(train.batch_size);
  m_schedule->setCurrentIndex(train.schedule == LrSchedule::Constant ? 1 : 0);
  m_warmup->setValue(train.warmup);
  m_lrFactor->setValue(train.lr_factor);
  m_lr->setValue(train.lr);
  m_labelSmoothing->setValue(train.label_smoothing);
  m_clip->setValue(train.clip);
  m_accumulation->setValue(train.accumulation);
  m_device->setCurrentText(cuda_index_of(train.device) >= -1 ? QStringLiteral("cuda")
                                                             : QStringLiteral("cpu"));
  m_precision->setCurrentIndex(static_cast<int>(train.amp));
  m_cudaGraphs->setChecked(train.cuda_graphs);
  m_threads->setValue(train.threads);
  m_captureEvery->setValue(train.capture_every);
  m_debug->setChecked(train.debug);
  m_deterministic->setChecked(train.deterministic);
  m_applying = false;
  refresh();
}

RunConfig SetupPanel::runConfig() const {
  RunConfig config = m_base;
  auto& data = config.data;
  data.use_corpus = !m_corpusPath.isEmpty();
  data.corpus.path = m_corpusPath.toStdString();
  data.corpus.target_path = m_corpusTargetPath.toStdString();
  data.task.name = m_task->currentText().toStdString();
  data.task.train_size = m_trainSize->value();
  data.task.eval_size = m_evalSize->value();
  data.task.min_length = m_minLength->value();
  data.task.max_length = m_maxLength->value();
  data.seed = data.task.seed = static_cast<uint64_t>(m_seed->value());
  data.tokenizer.kind =
      parse_tokenizer_kind(m_tokenizer->currentText().toStdString()).value_or(TokenizerKind::Char);
  data.tokenizer.vocab_size = m_vocabSize->value();
  config.preset = m_preset->currentText().toStdString();  // "custom" once a size is edited
  config.implementation = Implementation(m_implementation->currentData().toInt());
  auto& model = config.model;
  model.d_model = m_dModel->value();
  model.heads = m_heads->value();
  model.enc_layers = m_encLayers->value();
  model.dec_layers = m_decLayers->value();
  model.d_ff = m_dFf->value();
  model.dropout = m_dropout->value();
  model.norm =
      parse_norm_placement(m_norm->currentText().toStdString()).value_or(NormPlacement::Post);
  model.activation =
      parse_activation(m_activation->currentText().toStdString()).value_or(Activation::ReLU);
  model.tie_embeddings = m_tied->isChecked();
  auto& train = config.train;
  train.epochs = m_epochs->value();
  train.batch_size = m_batchSize->value();
  train.schedule = m_schedule->currentIndex() == 1 ? LrSchedule::Constant : LrSchedule::Noam;
  train.warmup = m_warmup->value();
  train.lr_factor = m_lrFactor->value();
  train.lr = m_lr->value();
  train.label_smoothing = m_labelSmoothing->value();
  train.clip = m_clip->value();
  train.accumulation = m_accumulation->value();
  // The box says cpu or cuda; a configuration's own GPU number (cuda:N) stays.
  const bool cuda = m_device->currentText() == QStringLiteral("cuda");
  train.device = !cuda                                     ? "cpu"
                 : cuda_index_of(m_base.train.device) >= 0 ? m_base.train.device
                                                           : "cuda";
  train.amp = cuda ? static_cast<AmpMode>(m_precision->currentIndex()) : AmpMode::Off;
  train.cuda_graphs = m_cudaGraphs->isEnabled() && m_cudaGraphs->isChecked();
  train.threads = m_threads->value();
  train.capture_every = m_captureEvery->value();
  train.debug = m_debug->isChecked();
  train.deterministic = m_deterministic->isChecked();
  return config;
}

QString SetupPanel::problem() const {
  const RunConfig config = runConfig();
  if (auto errors = validate(config.model); !errors.empty())
    return translated(errors.front().message);
  if (auto errors = validate(config.train); !errors.empty())
    return translated(errors.front().message);
  if (!config.data.use_corpus) {
    if (auto errors = validate(config.data.task); !errors.empty())
      return translated(errors.front().message);
  }
  return {};
}

void SetupPanel::refresh() {
  if (m_applying) return;
  // Autocast is CUDA's: on the CPU the choice stays visible but off.
  const bool on_gpu = cuda_available() && m_device->currentText() == QStringLiteral("cuda");
  m_precision->setEnabled(on_gpu);
  m_cudaGraphs->setEnabled(on_gpu && torch_build().cuda_graphs);
  if (auto task = find_task(m_task->currentText().toStdString())) {
    m_taskDescription->setText(
        QCoreApplication::translate(kTaskTextContext, task->description.c_str()));
  }
  QString corpus =
      m_corpusPath.isEmpty() ? tr("none (built-in task)") : QFileInfo(m_corpusPath).fileName();
  if (!m_corpusTargetPath.isEmpty())
    corpus += QStringLiteral(" + ") + QFileInfo(m_corpusTargetPath).fileName();
  m_corpusLabel->setText(corpus);
  m_corpusLabel->setToolTip(m_corpusPath);
  // The task combo stays enabled: choosing a task leaves the corpus.
  m_useTaskButton->setVisible(!m_corpusPath.isEmpty());
  m_task->setToolTip(m_corpusPath.isEmpty()
                         ? QString()
                         : tr("Choose a task to train on it instead of the corpus"));
  for (QWidget* w : {static_cast<QWidget*>(m_trainSize), static_cast<QWidget*>(m_minLength),
                     static_cast<QWidget*>(m_maxLength)}) {
    w->setEnabled(m_corpusPath.isEmpty());
  }
  // Lengths mean what the task says they mean, and nothing for tasks that ignore them.
  const auto task = find_task(m_task->currentText().toStdString());
  const QString unit =
      task && !task->length_unit.empty()
          ? QCoreApplication::translate(kTaskTextContext, task->length_unit.c_str())
          : QString();
  for (QSpinBox* length : {m_minLength, m_maxLength}) {
    if (unit.isEmpty() || !m_corpusPath.isEmpty()) length->setEnabled(false);
    length->setToolTip(unit.isEmpty() ? tr("Not used by this task")
                                      : tr("Example length, in %1").arg(unit));
  }
  m_lr->setEnabled(m_schedule->currentIndex() == 1);
  m_warmup->setEnabled(m_schedule->currentIndex() == 0);
  m_lrFactor->setEnabled(m_schedule->currentIndex() == 0);

  const RunConfig config = runConfig();
  const auto errors = validate(config.model);
  // Mark each offending field; the vocabulary comes from the data, so its
  // limits are not the user's to fix here.
  for (QWidget* field : {static_cast<QWidget*>(m_dModel), static_cast<QWidget*>(m_heads),
                         static_cast<QWidget*>(m_encLayers), static_cast<QWidget*>(m_decLayers),
                         static_cast<QWidget*>(m_dFf), static_cast<QWidget*>(m_dropout)}) {
    field->setStyleSheet(QString());
    field->setToolTip(QString());
  }
  for (const auto& error : errors) {
    QWidget* field = error.field == "heads"        ? static_cast<QWidget*>(m_heads)
                     : error.field == "d_model"    ? static_cast<QWidget*>(m_dModel)
                     : error.field == "d_ff"       ? static_cast<QWidget*>(m_dFf)
                     : error.field == "dropout"    ? static_cast<QWidget*>(m_dropout)
                     : error.field == "enc_layers" ? static_cast<QWidget*>(m_encLayers)
                     : error.field == "dec_layers" ? static_cast<QWidget*>(m_decLayers)
                                                   : nullptr;
    if (field) {
      field->setStyleSheet(QStringLiteral("background: #fde0e0;"));
      field->setToolTip(translated(error.message));
    }
  }
  showPresetOrCustom(config);
  if (!errors.empty()) {
    m_parameters->setText(tr("—"));
  } else if (!m_vocabulary) {
    m_parameters->setText(
        tr("parameters: counted once the data is read (the vocabulary comes "
           "from it)"));
  } else {
    ModelConfig sized = config.model;
    sized.src_vocab_size = m_vocabulary->source;
    sized.tgt_vocab_size = m_vocabulary->target;
    sized.shared_vocab = m_vocabulary->shared;
    m_parameters->setText(
        tr("%L1 parameters (vocabulary %2 from the data) · training state %3")
            .arg(count_parameters(sized))
            .arg(
                m_vocabulary->shared
                    ? QString::number(m_vocabulary->target)
                    : QStringLiteral("%1 / %2").arg(m_vocabulary->source).arg(m_vocabulary->target))
            .arg(megabytes(training_state_bytes(sized))));
  }
  m_problem->setText(problem());
  emit changed();
}

void SetupPanel::setMeasuredVocabulary(int sourceSize, int targetSize, bool shared) {
  m_vocabulary = MeasuredVocabulary{sourceSize, targetSize, shared};
  refresh();
}

void SetupPanel::forgetMeasuredVocabulary() {
  if (!m_vocabulary) return;
  m_vocabulary.reset();
  refresh();
}

// The preset's name while the model fields are the preset's, "custom" once
// one of them is edited (the sizes no longer are the preset's).
void SetupPanel::showPresetOrCustom(const RunConfig& config) {
  const QString custom = tr("custom");
  QString shown = m_presetChosen;
  if (auto preset = model_preset(m_presetChosen.toStdString())) {
    const ModelConfig& a = *preset;
    const ModelConfig& b = config.model;
    const bool same = a.d_model == b.d_model && a.heads == b.heads &&
                      a.enc_layers == b.enc_layers && a.dec_layers == b.dec_layers &&
                      a.d_ff == b.d_ff && a.dropout == b.dropout && a.norm == b.norm &&
                      a.activation == b.activation && a.tie_embeddings == b.tie_embeddings;
    if (!same) shown = custom;
  } else {
    shown = custom;
  }
  const QSignalBlocker block(m_preset);
  if (shown == custom && m_preset->findText(custom) < 0) m_preset->addItem(custom);
  m_preset->setCurrentText(shown);
}

QString SetupPanel::loadConfiguration(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return tr("%1: %2").arg(path, file.errorString());
  std::string error;
  auto config = run_config_from_json(file.readAll().toStdString(), &error);
  if (!config) return tr("%1: %2").arg(path, QString::fromStdString(error));
  setRunConfig(*config);
  return {};
}

}  // namespace attn::ui
