#pragma once
// Lives on the UI thread. Everything the docks and the timeline show about one
// run: every step's metrics, every evaluation, and the captured moments. It
// keeps each moment's statistics (small) in memory and pages the attention maps
// (large) from history.sqlite through a small cache, so a long run stays within
// a fixed memory budget. Filled live from the training controller or read from
// a run directory.

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QVector>
#include <memory>
#include <optional>

#include "headstatistics.h"
#include "metatypes.h"

namespace attn {
class HistoryReader;
}

namespace attn::ui {

struct Moment {
  qint64 step = 0;
  int epoch = 0;
  bool epochEnd = false;
};

class RunHistory : public QObject {
  Q_OBJECT

 public:
  explicit RunHistory(QObject* parent = nullptr);
  ~RunHistory() override;

  // Forgets everything (New run).
  void clear();
  // A run is starting in `directory` (may be empty when nothing is written).
  // With `keepCurves`, the steps and evaluations of the earlier implementation
  // stay (implementation "both": the curves overlay).
  void beginLive(const QString& directory, const QString& implementation, bool keepCurves);
  // The live run's directory, once the trainer has made it.
  void setLiveDirectory(const QString& directory) { m_directory = directory; }
  void setVocabulary(const QStringList& source, const QStringList& target);
  void addSteps(const QVector<attn::StepMetrics>& steps);
  void addEpoch(const attn::EpochMetrics& metrics);
  void addSnapshot(const attn::Snapshot& snapshot);

  // Reads a run directory (run.json, vocabulary.json, history.sqlite). On
  // failure returns false, sets *error to a readable message naming the file,
  // and leaves this history as it was.
  bool open(const QString& directory, QString* error);

  QString directory() const { return m_directory; }
  QString runName() const;
  QString implementation() const { return m_implementation; }
  QStringList implementations() const { return m_order; }
  QString status() const { return m_status; }  // from run.json when opened
  // The moments left out when the run was opened, one line each naming
  // history.sqlite, the step and why its snapshot was refused.
  QStringList skippedMoments() const { return m_skipped; }
  // "2 damaged moments of <run> left out of the timeline; …", for the status bar.
  QString skippedSummary() const;
  // The run's configuration as JSON (run.json's "config"), empty when live.
  QByteArray configJson() const { return m_configJson; }
  // An opened post-norm run recorded before residual norms were taken ahead
  // of the LayerNorm: its norms are LayerNorm outputs (about √d_model).
  bool residualNormsAfterLayerNorm() const { return m_residualAfterLayerNorm; }
  const QStringList& sourcePieces() const { return m_sourcePieces; }
  const QStringList& targetPieces() const { return m_targetPieces; }

  const QVector<Moment>& moments() const { return m_moments; }
  int momentCount() const { return int(m_moments.size()); }
  // The latest moment at or before `step`; -1 when there is none.
  int momentAtStep(qint64 step) const;
  // Statistics of a moment (layer stats, FFN histograms, embeddings), without
  // the attention maps.
  const Snapshot& statistics(int moment) const { return m_statistics.at(moment); }
  // The whole snapshot of a moment, attention maps included: from the cache or
  // read from history.sqlite. nullptr (and *error) when it cannot be read.
  std::shared_ptr<const Snapshot> snapshot(int moment, QString* error = nullptr) const;

  // Each head's attention entropy and distance at a moment (headstatistics.h):
  // measured when a moment arrives live, or read from history.sqlite on first
  // request for an opened run (nullptr when its maps cannot be read).
  const HeadStatistics* headStatistics(int moment) const;
  // Measured already (a request costs no read).
  bool headStatisticsReady(int moment) const;
  // Per implementation (the current one when empty).
  const QVector<StepMetrics>& steps(const QString& implementation = QString()) const;
  const QVector<EpochMetrics>& epochs(const QString& implementation = QString()) const;
  // The last evaluation at or before `step` of the current implementation; nullptr if none.
  const EpochMetrics* epochAtStep(qint64 step) const;
  // The step metrics of `step` (exact), nullptr if not recorded.
  const StepMetrics* stepMetrics(qint64 step) const;

  // How many whole snapshots the cache holds at most.
  static constexpr int kCachedSnapshots = 12;

 signals:
  // New steps, evaluations or moments arrived (live).
  void appended();
  // The history was replaced (cleared, a new run began, a run was opened).
  void reset();

 private:
  void remember(int moment, std::shared_ptr<const Snapshot> snapshot) const;
  std::shared_ptr<const Snapshot> load(int moment, QString* error) const;  // past the cache
  HistoryReader* reader() const;

  QString m_directory;
  QString m_implementation;
  QString m_status;
  QByteArray m_configJson;
  bool m_residualAfterLayerNorm = false;
  QStringList m_order;  // implementations in the order they trained
  QStringList m_sourcePieces, m_targetPieces;
  QHash<QString, QVector<StepMetrics>> m_steps;
  QHash<QString, QVector<EpochMetrics>> m_epochs;
  QVector<Moment> m_moments;
  QVector<Snapshot> m_statistics;  // parallel to m_moments, examples dropped
  mutable QVector<std::shared_ptr<const HeadStatistics>>
      m_headStatistics;  // parallel; null: not yet
  // Cache of whole snapshots, most recently used last.
  mutable QList<QPair<int, std::shared_ptr<const Snapshot>>> m_cache;
  mutable std::unique_ptr<HistoryReader> m_reader;
  SnapshotShape m_shape;  // what the opened run's snapshots must fit
  QStringList m_skipped;
  mutable bool m_readerTried = false;
};

}  // namespace attn::ui
