#pragma once
// Lives on the UI thread. The numbers the heatmap draws, read from the
// model's own snapshots: one head's weights, the mean or the maximum over a
// layer's heads, the rollout through the layers (attentionrollout.h), and the
// same cell in a reference for a difference: another head, a pinned moment or
// the compared run. Nothing here draws; the view, the tests and the snapshot
// fuzz target ask it directly. Cells outside what a snapshot holds read NaN.

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "attn/snapshot.h"

namespace attn::ui {

class AttentionMaps {
 public:
  // Head choices besides a head's index (0-based).
  static constexpr int kAllHeads = -1;     // every layer × head as thumbnails
  static constexpr int kMeanOfHeads = -2;  // a layer's heads averaged: still a distribution
  static constexpr int kMaxOfHeads = -3;   // the strongest head at each cell
  static constexpr int kRollout = -4;      // through the layers up to this one
  // What a difference subtracts: nothing, the pinned moment, the compared
  // run, or another head (its index, from 0 up).
  static constexpr int kNoReference = -1, kPinnedMoment = -2, kComparedRun = -3;

  // What is shown: the snapshot, and which probe example and kind of attention.
  void setSnapshot(const Snapshot& snapshot);
  void select(int example, AttentionKind kind);
  const Snapshot& snapshot() const { return m_snapshot; }
  // The example shown (clamped to the snapshot's), or nullptr without one.
  const ExampleAttention* example() const;
  // Keeps the snapshot shown now, to subtract from later ones.
  void pin();
  const std::optional<Snapshot>& pinned() const { return m_pinned; }
  void setCompared(const Snapshot* snapshot);
  const std::optional<Snapshot>& compared() const { return m_compared; }
  void clear();

  // The weight drawn at (query, key) of `layer` for `head` (an index or a
  // choice above), as the model computed it.
  double value(int layer, int head, int query, int key) const;
  // The same cell in `reference` (kPinnedMoment, kComparedRun or a head);
  // NaN where the reference has no such cell (another length, no snapshot).
  double referenceValue(int reference, int layer, int head, int query, int key) const;

 private:
  double weight(const ExampleAttention& example, int layer, int head, int query, int key) const;
  double rollout(const ExampleAttention& example, int layer, int query, int key) const;

  Snapshot m_snapshot;
  std::optional<Snapshot> m_pinned;
  std::optional<Snapshot> m_compared;
  int m_example = 0;
  AttentionKind m_kind = AttentionKind::Cross;
  // Rollouts computed so far, by example, kind and layer (cleared with the snapshots).
  mutable QHash<QString, std::vector<double>> m_rollouts;
};

// The numbers drawn as CSV (C locale, for notebooks and spreadsheets), the
// tokens quoted (a piece may be a comma or a quote). One map: a row per query
// (`queries` labels), a column per key, masked cells empty, minus
// `reference` where one is given.
QString mapCsv(const AttentionMaps& maps, int layer, int head, int reference,
               const QStringList& queries, const QStringList& keys, bool masked);
// What hovering over a cell says: its query and key with their tokens, and
// the weight (or "masked"), or the difference with `reference` worked out.
QString cellText(const AttentionMaps& maps, int layer, int head, int query, int key,
                 const QString& queryToken, const QString& keyToken, bool masked, int reference);
// All heads: a line per layer, head, query and key.
QString allHeadsCsv(const std::vector<AttentionHeads>& layers, const QStringList& queries,
                    const QStringList& keys, bool masked);

}  // namespace attn::ui
