#pragma once
// The recording side of a run: the run directory's run.json, metrics.csv,
// logs/train.log and vocabulary.json, history.sqlite, and checkpoints/
// (layout in ARCHITECTURE.md). The trainer tells it what happened and never
// touches the files itself; only rank 0 of a distributed run attaches one, so
// the other ranks write nothing.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attn/metrics.h"
#include "attn/snapshot.h"
#include "attn/train_config.h"
#include "train/checkpoint.h"

namespace attn {

class HistoryWriter;
class RunStore;

// Where a resumed run continues: what its files must be cut back to.
struct ResumePoint {
  std::int64_t step = 0;
  int epoch = 1;
  std::int64_t metrics_bytes = -1;  // -1: not recorded (checkpoints of earlier versions)
};

// What run.json says about a run, at its start and at its end.
struct RunFacts {
  std::string status;  // "running", "finished", "stopped", …
  std::string message;
  RunConfig config;
  std::string device;  // "cpu", "cuda (bf16 autocast)"
  int threads = 0;
  bool threads_automatic = false;
  bool deterministic = false;
  std::int64_t parameters = 0;
  std::int64_t steps = 0;
  double wall_seconds = 0;
  std::optional<double> best_eval_loss;  // none before the first evaluation
  std::optional<EpochMetrics> last_evaluation;
  int world_size = 1;  // processes that trained together
  // Mixed precision (none when off): the mode, the fp16 steps skipped for
  // gradients that overflowed, and the loss scale at the time of writing.
  std::string amp;
  std::int64_t skipped_steps = 0;
  std::optional<double> loss_scale;
  // Data-parallel runs: the exchange's backend, every rank's host and the
  // time spent agreeing and summing gradients.
  std::string backend;
  std::vector<std::string> rank_hosts;
  double rank_exchange_seconds = 0;
  double training_step_seconds = 0;
};

class RunRecorder {
 public:
  // A new run directory, runs_directory/<yyyymmdd-hhmmss>-<name>/.
  // `implementation` ("scratch" or "library") labels every row.
  // Throws std::runtime_error naming the folder or file it could not create.
  static std::unique_ptr<RunRecorder> create(const std::string& runs_directory,
                                             const std::string& name,
                                             const std::string& implementation);
  // A run directory being resumed: everything it recorded after `point` is
  // recorded again by the resumed run, so it is removed first (each step
  // exactly once). Until both files open, the directory is left as it was.
  static std::unique_ptr<RunRecorder> reopen(const std::string& directory, const ResumePoint& point,
                                             const std::string& implementation);
  // A run directory that trains again from step 0 (--restart): what it
  // recorded is set aside under other names first (RunStore's
  // set_aside_for_restart), *note says what went where.
  static std::unique_ptr<RunRecorder> restart(const std::string& directory,
                                              const std::string& implementation, std::string* note);
  ~RunRecorder();
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

  const std::string& directory() const;

  // A deterministic run's metrics.csv leaves the clock's columns empty.
  void record_clock(bool record);
  void log(const std::string& line);
  // One optimizer step; committed to disk every kCommitEverySteps steps.
  void step(const StepMetrics& metrics);
  // `epoch_end`: the capture the scrubber shows for a finished epoch.
  void snapshot(const Snapshot& snapshot, bool epoch_end);
  void evaluation(const EpochMetrics& metrics);
  void write_run_json(const RunFacts& facts);
  void write_vocabulary(const std::string& json);

  // checkpoints/<name>: the history rows before it are committed and the
  // length of metrics.csv is stored in it (state.metrics_bytes), so a resumed
  // run cuts both back to this moment.
  void save_checkpoint(const std::string& name, Seq2SeqModelImpl& model,
                       torch::optim::Optimizer* optimizer, CheckpointState state);
  void remove_checkpoint(const std::string& name);

  // Commits the history and flushes the CSV and the log. Throws
  // std::runtime_error naming the file when a write failed (full disk).
  void flush();

 private:
  RunRecorder(std::unique_ptr<RunStore> store, std::unique_ptr<HistoryWriter> history,
              std::string implementation);
  void cut_back_to(const ResumePoint& point);

  static constexpr std::int64_t kCommitEverySteps = 50;

  std::unique_ptr<RunStore> store_;
  std::unique_ptr<HistoryWriter> history_;
  std::string implementation_;
};

}  // namespace attn
