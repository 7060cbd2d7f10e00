#pragma once
// Reads a run's history.sqlite: which moments were captured, and their snapshots.
// Safe to use while the trainer is still writing (SQLite WAL readers do not
// block the writer).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attn/metrics.h"
#include "attn/snapshot.h"

namespace attn {

struct CapturedMoment {
  std::int64_t step = 0;
  int epoch = 0;
  bool epoch_end = false;
  std::string implementation;  // "scratch" or "library"
};

class HistoryReader {
 public:
  // nullptr and *error set when the file is missing, not SQLite, or not ours.
  static std::unique_ptr<HistoryReader> open(const std::string& path, std::string* error);
  ~HistoryReader();

  std::vector<CapturedMoment> moments() const;
  // The implementations with anything recorded ("scratch", "library").
  std::vector<std::string> implementations() const;
  // Every recorded training step, in order (eta_seconds and the in-epoch batch
  // position are not stored and read as 0).
  std::vector<StepMetrics> steps(const std::string& implementation) const;
  // Every evaluation, in order, with its samples.
  std::vector<EpochMetrics> epochs(const std::string& implementation) const;
  // Stored snapshots are held to this shape from now on (snapshot_problem):
  // the run's model, from run.json and its vocabulary.
  void expect(const SnapshotShape& shape) { shape_ = shape; }
  // nullopt, and *error naming the file and the step, when the snapshot is
  // missing, damaged or does not fit the shape expected.
  std::optional<Snapshot> load(std::int64_t step, const std::string& implementation,
                               std::string* error) const;
  // PRAGMA integrity_check; true when it answers "ok".
  bool integrity_ok() const;

 private:
  HistoryReader() = default;
  struct Database;
  std::unique_ptr<Database> database_;
  std::string path_;
  SnapshotShape shape_;
};

// Snapshot ↔ compact binary blob (little-endian, float32), for the database.
// Decoding refuses a blob that is cut short, holds counts larger than itself
// or a snapshot no model makes (snapshot_problem), with *problem saying why.
std::string encode_snapshot(const Snapshot& snapshot);
std::optional<Snapshot> decode_snapshot(const std::string& blob, std::string* problem = nullptr);

}  // namespace attn
