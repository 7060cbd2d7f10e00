#pragma once
// The run directory: run.json, metrics.csv, logs/train.log and the folders
// for checkpoints and figures (layout in ARCHITECTURE.md).

#include <cstdio>
#include <string>

#include "attn/files.h"
#include "attn/metrics.h"

namespace attn {

class RunStore {
 public:
  // Creates runs_directory/<yyyymmdd-hhmmss>-<name>/ (with a numeric suffix if
  // taken) and its sub-folders.
  static std::string create_directory(const std::string& runs_directory, const std::string& name);

  // Before a run trains again from step 0 in `directory` (--restart): its
  // metrics.csv, history.sqlite and checkpoints are renamed, not deleted
  // (metrics.before-restart-<time>.csv, history.before-restart-<time>.sqlite,
  // checkpoints/before-restart-<time>/). Returns what was set aside, for the
  // log; throws std::runtime_error naming the file it could not move.
  static std::string set_aside_for_restart(const std::string& directory);

  // Opens a run directory for appending (new or resumed).
  explicit RunStore(std::string directory);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  const std::string& directory() const { return directory_; }
  std::string path(const std::string& relative) const;

  void write_run_json(const std::string& json) const;
  void append_step(const StepMetrics& metrics, const std::string& implementation);
  // Whether metrics.csv gets the clock's columns (tokens_per_s, seconds); a
  // deterministic run leaves them empty so that the file is the same for the
  // same seed and settings.
  void record_clock(bool record) { record_clock_ = record; }
  void append_evaluation(const EpochMetrics& metrics, const std::string& implementation);
  void log(const std::string& line);
  // Flushes the CSV and the log to the kernel (cheap; no fsync). Throws
  // std::runtime_error naming the file when a write failed (full disk).
  void flush();
  // Flushes metrics.csv to disk and returns its length: what a checkpoint
  // records so that a resumed run can cut the file back to that moment.
  std::int64_t durable_metrics_bytes();
  // Cuts metrics.csv back to `bytes` (0: only the header).
  void truncate_metrics(std::int64_t bytes);
  // For checkpoints of earlier versions, which do not record the length: keeps
  // each step row up to `step` once and the evaluations of epochs before `epoch`.
  void keep_metrics_through(std::int64_t step, int epoch);

 private:
  void write_metrics_header();
  void check_written(int status, const char* file) const;

  std::string directory_;
  std::FILE* metrics_ = nullptr;
  std::FILE* log_ = nullptr;
  bool record_clock_ = true;
};

}  // namespace attn
