#pragma once
// The run directory: run.json, metrics.csv, logs/train.log and the folders
// for checkpoints and figures (layout in DESIGN.md).

#include <cstdio>
#include <string>

#include "attn/metrics.h"

namespace attn {

// Writes to "<path>.tmp", flushes it to disk, then renames it over `path`, so
// a reader or a crash sees the old file or the new one, never half of one.
// Throws std::runtime_error naming the file.
void write_file_atomically(const std::string& path, const std::string& contents);
std::string read_file(const std::string& path);  // throws std::runtime_error

class RunStore {
 public:
  // Creates runs_directory/<yyyymmdd-hhmmss>-<name>/ (with a numeric suffix if
  // taken) and its sub-folders.
  static std::string create_directory(const std::string& runs_directory, const std::string& name);

  // Opens a run directory for appending (new or resumed).
  explicit RunStore(std::string directory);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  const std::string& directory() const { return directory_; }
  std::string path(const std::string& relative) const;

  void write_run_json(const std::string& json) const;
  void append_step(const StepMetrics& metrics, const std::string& implementation);
  void append_evaluation(const EpochMetrics& metrics, const std::string& implementation);
  void log(const std::string& line);
  // Flushes the CSV and the log to the kernel (cheap; no fsync).
  void flush();

 private:
  std::string directory_;
  std::FILE* metrics_ = nullptr;
  std::FILE* log_ = nullptr;
};

}  // namespace attn
