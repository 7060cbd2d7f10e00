#pragma once
// Writes snapshots and step scalars into history.sqlite (WAL journal: a crash
// or SIGKILL leaves a consistent database holding every committed row).

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "attn/metrics.h"
#include "attn/snapshot.h"

namespace attn {

class HistoryWriter {
 public:
  // Throws std::runtime_error naming the file when it cannot be opened.
  explicit HistoryWriter(const std::string& path);
  ~HistoryWriter();
  HistoryWriter(const HistoryWriter&) = delete;
  HistoryWriter& operator=(const HistoryWriter&) = delete;

  void add_snapshot(const Snapshot& snapshot, bool epoch_end, const std::string& implementation);
  void add_step(const StepMetrics& metrics, const std::string& implementation);
  void add_epoch(const EpochMetrics& metrics, const std::string& implementation);
  // Commits the rows written since the last commit.
  void commit();
  // Deletes every step, snapshot and evaluation recorded after `step`: what a
  // run resumed from the checkpoint at `step` will record again.
  void forget_after(std::int64_t step);

 private:
  void open_schema();
  void close();
  void execute(const char* sql);
  void begin_if_needed();
  sqlite3* database_ = nullptr;
  sqlite3_stmt* insert_snapshot_ = nullptr;
  sqlite3_stmt* insert_step_ = nullptr;
  sqlite3_stmt* insert_epoch_ = nullptr;
  bool in_transaction_ = false;
  std::string path_;
};

}  // namespace attn
