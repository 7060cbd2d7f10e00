#include "runhistory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "attn/history.h"
#include "attn/tokenizer.h"

namespace attn::ui {
namespace {

const QVector<StepMetrics> kNoSteps;
const QVector<EpochMetrics> kNoEpochs;

Snapshot withoutAttention(const Snapshot& snapshot) {
  Snapshot statistics;
  statistics.step = snapshot.step;
  statistics.epoch = snapshot.epoch;
  statistics.encoder = snapshot.encoder;
  statistics.decoder = snapshot.decoder;
  statistics.embeddings = snapshot.embeddings;
  return statistics;
}

QStringList piecesOf(const Tokenizer& tokenizer) {
  QStringList pieces;
  for (int id = 0; id < tokenizer.vocab_size(); ++id)
    pieces << QString::fromStdString(tokenizer.piece(id));
  return pieces;
}

}  // namespace

RunHistory::RunHistory(QObject* parent) : QObject(parent) {}
RunHistory::~RunHistory() = default;

void RunHistory::clear() {
  m_directory.clear();
  m_implementation.clear();
  m_status.clear();
  m_configJson.clear();
  m_residualAfterLayerNorm = false;
  m_order.clear();
  m_sourcePieces.clear();
  m_targetPieces.clear();
  m_steps.clear();
  m_epochs.clear();
  m_moments.clear();
  m_statistics.clear();
  m_headStatistics.clear();
  m_cache.clear();
  m_reader.reset();
  m_skipped.clear();
  m_shape = {};
  emit reset();
}

void RunHistory::beginLive(const QString& directory, const QString& implementation,
                           bool keepCurves) {
  if (!keepCurves) {
    m_steps.clear();
    m_epochs.clear();
    m_order.clear();
  }
  m_directory = directory;
  m_implementation = implementation;
  m_status = QStringLiteral("running");
  m_configJson.clear();
  m_residualAfterLayerNorm = false;
  m_order.removeAll(implementation);
  m_order.append(implementation);
  m_steps[implementation].clear();
  m_epochs[implementation].clear();
  m_moments.clear();
  m_statistics.clear();
  m_headStatistics.clear();
  m_cache.clear();
  m_reader.reset();
  m_skipped.clear();
  m_shape = {};
  emit reset();
}

void RunHistory::setVocabulary(const QStringList& source, const QStringList& target) {
  m_sourcePieces = source;
  m_targetPieces = target;
}

void RunHistory::addSteps(const QVector<attn::StepMetrics>& steps) {
  m_steps[m_implementation] += steps;
  emit appended();
}

void RunHistory::addEpoch(const attn::EpochMetrics& metrics) {
  m_epochs[m_implementation].append(metrics);
  // The epoch-end snapshot arrived just before its evaluation.
  if (!m_moments.isEmpty() && m_moments.back().step == metrics.step)
    m_moments.back().epochEnd = true;
  emit appended();
}

void RunHistory::addSnapshot(const attn::Snapshot& snapshot) {
  auto whole = std::make_shared<const Snapshot>(snapshot);
  // An epoch end that falls on a capture step replaces that moment.
  if (m_moments.isEmpty() || m_moments.back().step != snapshot.step) {
    m_moments.append({snapshot.step, snapshot.epoch, false});
    m_statistics.append(withoutAttention(snapshot));
    m_headStatistics.append(std::make_shared<const HeadStatistics>(measureHeads(snapshot)));
  } else {
    m_statistics.back() = withoutAttention(snapshot);
    m_headStatistics.back() = std::make_shared<const HeadStatistics>(measureHeads(snapshot));
    m_cache.erase(
        std::remove_if(m_cache.begin(), m_cache.end(),
                       [&](const auto& entry) { return entry.first == m_moments.size() - 1; }),
        m_cache.end());
  }
  remember(int(m_moments.size()) - 1, std::move(whole));
  emit appended();
}

bool RunHistory::open(const QString& directory, QString* error) {
  auto fail = [&](const QString& message) {
    if (error) *error = message;
    return false;
  };
  const QDir dir(directory);
  if (!dir.exists()) return fail(tr("%1: no such folder").arg(directory));
  const QString runJson = dir.filePath(QStringLiteral("run.json"));
  QFile runFile(runJson);
  if (!runFile.exists())
    return fail(tr("%1: missing; this folder is not a run directory").arg(runJson));
  if (!runFile.open(QIODevice::ReadOnly))
    return fail(tr("%1: %2").arg(runJson, runFile.errorString()));
  QJsonParseError parseError;
  const QJsonDocument run = QJsonDocument::fromJson(runFile.readAll(), &parseError);
  if (!run.isObject()) {
    return fail(tr("%1: not valid JSON (%2 at byte %3)")
                    .arg(runJson, parseError.errorString())
                    .arg(parseError.offset));
  }

  const QString historyPath = dir.filePath(QStringLiteral("history.sqlite"));
  if (!QFileInfo::exists(historyPath))
    return fail(tr("%1: missing; the run recorded no history").arg(historyPath));
  std::string openError;
  auto reader = HistoryReader::open(historyPath.toStdString(), &openError);
  if (!reader) return fail(QString::fromStdString(openError));
  if (!reader->integrity_ok()) {
    return fail(tr("%1: the database is damaged (integrity check failed)").arg(historyPath));
  }

  QStringList source, target;
  QFile vocabularyFile(dir.filePath(QStringLiteral("vocabulary.json")));
  if (vocabularyFile.open(QIODevice::ReadOnly)) {
    std::string vocabularyError;
    if (auto pair = TokenizerPair::load(vocabularyFile.readAll().toStdString(), &vocabularyError)) {
      source = piecesOf(*pair->source);
      target = piecesOf(*pair->target);
    } else {
      return fail(
          tr("%1: %2").arg(vocabularyFile.fileName(), QString::fromStdString(vocabularyError)));
    }
  }

  const QJsonObject runObject = run.object();
  // Stored snapshots are held to the model that made them: a damaged one is
  // refused before any view indexes into it.
  const QJsonObject model = runObject.value(QStringLiteral("config"))
                                .toObject()
                                .value(QStringLiteral("model"))
                                .toObject();
  SnapshotShape shape;
  shape.heads = model.value(QStringLiteral("heads")).toInt();
  shape.encoder_layers = model.value(QStringLiteral("enc_layers")).toInt();
  shape.decoder_layers = model.value(QStringLiteral("dec_layers")).toInt();
  shape.source_vocabulary = int(source.size());
  shape.target_vocabulary = int(target.size());
  reader->expect(shape);
  QStringList order;
  for (const auto& name : reader->implementations()) order << QString::fromStdString(name);
  QString implementation = runObject.value(QStringLiteral("config"))
                               .toObject()
                               .value(QStringLiteral("implementation"))
                               .toString();
  if (!order.contains(implementation))
    implementation = order.isEmpty() ? QStringLiteral("scratch") : order.front();

  QHash<QString, QVector<StepMetrics>> steps;
  QHash<QString, QVector<EpochMetrics>> epochs;
  for (const auto& name : order) {
    for (auto& m : reader->steps(name.toStdString())) steps[name].append(std::move(m));
    for (auto& m : reader->epochs(name.toStdString())) epochs[name].append(std::move(m));
  }

  QVector<Moment> moments;
  QVector<Snapshot> statistics;
  for (const auto& captured : reader->moments()) {
    if (QString::fromStdString(captured.implementation) != implementation) continue;
    if (!moments.isEmpty() && moments.back().step == captured.step) {
      moments.back().epochEnd = moments.back().epochEnd || captured.epoch_end;
      continue;
    }
    moments.append({captured.step, captured.epoch, captured.epoch_end});
  }
  // A moment whose snapshot is refused is left out of the timeline, with one
  // line naming the file and the step; the rest of the run opens.
  QStringList skipped;
  QVector<Moment> readable;
  for (const auto& moment : moments) {
    std::string loadError;
    auto snapshot = reader->load(moment.step, implementation.toStdString(), &loadError);
    if (!snapshot) {
      skipped << QString::fromStdString(loadError);
      continue;
    }
    readable.append(moment);
    statistics.append(withoutAttention(*snapshot));
  }
  moments = std::move(readable);

  m_directory = QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
  m_implementation = implementation;
  m_status = runObject.value(QStringLiteral("status")).toString();
  m_configJson = QJsonDocument(runObject.value(QStringLiteral("config")).toObject())
                     .toJson(QJsonDocument::Compact);
  const QString norm = runObject.value(QStringLiteral("config"))
                           .toObject()
                           .value(QStringLiteral("model"))
                           .toObject()
                           .value(QStringLiteral("norm"))
                           .toString();
  m_residualAfterLayerNorm =
      norm == QStringLiteral("post") && !runObject.contains(QStringLiteral("residual_norms"));
  m_order = order;
  m_sourcePieces = source;
  m_targetPieces = target;
  m_steps = std::move(steps);
  m_epochs = std::move(epochs);
  m_moments = std::move(moments);
  m_statistics = std::move(statistics);
  m_skipped = std::move(skipped);
  m_shape = shape;
  m_headStatistics = QVector<std::shared_ptr<const HeadStatistics>>(m_moments.size());
  m_cache.clear();
  m_reader = std::move(reader);
  emit reset();
  return true;
}

QString RunHistory::runName() const {
  return m_directory.isEmpty() ? QString() : QFileInfo(m_directory).fileName();
}

int RunHistory::momentAtStep(qint64 step) const {
  const auto after = std::upper_bound(m_moments.begin(), m_moments.end(), step,
                                      [](qint64 s, const Moment& m) { return s < m.step; });
  return int(after - m_moments.begin()) - 1;
}

HistoryReader* RunHistory::reader() const {
  if (!m_reader && !m_directory.isEmpty()) {
    const QString path = QDir(m_directory).filePath(QStringLiteral("history.sqlite"));
    if (QFileInfo::exists(path)) {
      m_reader = HistoryReader::open(path.toStdString(), nullptr);
      if (m_reader) m_reader->expect(m_shape);
    }
  }
  return m_reader.get();
}

std::shared_ptr<const Snapshot> RunHistory::snapshot(int moment, QString* error) const {
  if (moment < 0 || moment >= m_moments.size()) {
    if (error) *error = tr("no captured moment %1").arg(moment);
    return nullptr;
  }
  for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
    if (it->first == moment) {
      auto found = it->second;
      m_cache.erase(it);
      m_cache.append({moment, found});
      return found;
    }
  }
  auto whole = load(moment, error);
  if (whole) remember(moment, whole);
  return whole;
}

std::shared_ptr<const Snapshot> RunHistory::load(int moment, QString* error) const {
  HistoryReader* history = reader();
  if (!history) {
    if (error) *error = tr("%1: the run's history cannot be read").arg(m_directory);
    return nullptr;
  }
  std::string loadError;
  auto loaded = history->load(m_moments[moment].step, m_implementation.toStdString(), &loadError);
  if (!loaded) {
    if (error) *error = QString::fromStdString(loadError);
    return nullptr;
  }
  return std::make_shared<const Snapshot>(std::move(*loaded));
}

const HeadStatistics* RunHistory::headStatistics(int moment) const {
  if (moment < 0 || moment >= m_moments.size()) return nullptr;
  if (!m_headStatistics[moment]) {
    // Read past the cache: measuring every moment must not push out the
    // moments being scrubbed.
    std::shared_ptr<const Snapshot> whole;
    for (const auto& entry : m_cache) {
      if (entry.first == moment) whole = entry.second;
    }
    if (!whole) whole = load(moment, nullptr);
    if (!whole) return nullptr;
    m_headStatistics[moment] = std::make_shared<const HeadStatistics>(measureHeads(*whole));
  }
  return m_headStatistics[moment].get();
}

bool RunHistory::headStatisticsReady(int moment) const {
  return moment >= 0 && moment < m_headStatistics.size() && m_headStatistics[moment] != nullptr;
}

void RunHistory::remember(int moment, std::shared_ptr<const Snapshot> snapshot) const {
  m_cache.append({moment, std::move(snapshot)});
  while (m_cache.size() > kCachedSnapshots) m_cache.removeFirst();
}

const QVector<StepMetrics>& RunHistory::steps(const QString& implementation) const {
  const auto it = m_steps.constFind(implementation.isEmpty() ? m_implementation : implementation);
  return it == m_steps.constEnd() ? kNoSteps : *it;
}

const QVector<EpochMetrics>& RunHistory::epochs(const QString& implementation) const {
  const auto it = m_epochs.constFind(implementation.isEmpty() ? m_implementation : implementation);
  return it == m_epochs.constEnd() ? kNoEpochs : *it;
}

const EpochMetrics* RunHistory::epochAtStep(qint64 step) const {
  const auto& list = epochs();
  const EpochMetrics* found = nullptr;
  for (const auto& m : list) {
    if (m.step <= step)
      found = &m;
    else
      break;
  }
  return found;
}

const StepMetrics* RunHistory::stepMetrics(qint64 step) const {
  const auto& list = steps();
  const auto it = std::lower_bound(list.begin(), list.end(), step,
                                   [](const StepMetrics& m, qint64 s) { return m.step < s; });
  return it != list.end() && it->step == step ? &*it : nullptr;
}

QString RunHistory::skippedSummary() const {
  return tr("%n damaged moment(s) of %1 left out of the timeline; the log says which", nullptr,
            int(m_skipped.size()))
      .arg(runName());
}

}  // namespace attn::ui
