#pragma once
// The training engine behind the Train button and attention-train.
// Torch-free: callbacks carry plain values; tensors stay inside.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "attn/inspection.h"
#include "attn/metrics.h"
#include "attn/snapshot.h"
#include "attn/train_config.h"
#include "attn/world.h"

namespace attn {

// Called on the training thread. Keep the work short: the loop waits for it.
class TrainingObserver {
 public:
  virtual ~TrainingObserver() = default;
  // `device`: "cpu · threads: automatic", for people.
  virtual void on_start(const std::string& run_directory, const Text& device) {}
  // The pieces of every token id, so token ids in snapshots can be shown as text.
  virtual void on_vocabulary(const std::vector<std::string>& source_pieces,
                             const std::vector<std::string>& target_pieces) {}
  virtual void on_step(const StepMetrics& metrics) {}
  virtual void on_snapshot(const Snapshot& snapshot) {}
  virtual void on_epoch(const EpochMetrics& metrics) {}
  virtual void on_log(const std::string& line) {}
  virtual void on_finished(const RunOutcome& outcome) {}
  // A copy of the weights being trained, made between two steps when asked
  // for (TrainingControl::request_model_copy): the inspector's live model.
  virtual void on_model_copy(std::shared_ptr<const InspectionModel> model) {}
};

// Pause, resume and stop from any thread; they take effect between steps.
class TrainingControl {
 public:
  void pause() { paused_ = true; }
  void resume() { paused_ = false; }
  void stop() { stopped_ = true; }
  bool paused() const { return paused_; }
  bool stopped() const { return stopped_; }
  // Asks for a copy of the weights at the next step boundary (or while paused).
  void request_model_copy() { model_copy_requested_ = true; }
  bool take_model_copy_request() { return model_copy_requested_.exchange(false); }

 private:
  std::atomic<bool> model_copy_requested_{false};
  std::atomic<bool> paused_{false};
  std::atomic<bool> stopped_{false};
};

struct TrainRequest {
  RunConfig config;
  // Continue the run in this directory from its last checkpoint (config is
  // read from it; max_steps of `config` applies, and `resume_epochs` when set).
  std::string resume_directory;
  bool write_run_directory = true;  // false: train in memory only (tests, benchmarks)
  int resume_epochs = 0;  // with resume_directory: train to this epoch; 0: the saved run's epochs
  // With resume_directory: train again from step 0 with run.json's
  // configuration, keeping what the run recorded aside under other names
  // (the way on when every checkpoint is damaged or their folder is gone).
  bool restart = false;
  // This process's place in a data-parallel run (one process by default).
  // Every rank runs train() with the same configuration; each step's batch is
  // config.train.batch_size examples per rank (as with PyTorch's
  // DistributedDataParallel), and only rank 0 evaluates and writes the run
  // directory. A resumed run needs the run directory readable on every rank.
  World world;
};

// The runs a request makes, in order: itself, or for Implementation::Both
// the from-scratch model and then the library's on the same data and seed (a
// named run's name gains "-scratch" and "-library"). The command line, the
// headless renderer and the window train each in turn.
std::vector<TrainRequest> runs_of(const TrainRequest& request);

// Runs to the end (or stop, early stop, failure) on the calling thread.
// Bad configuration or data ends with status Failed and a readable message;
// nothing is thrown.
RunOutcome train(const TrainRequest& request, TrainingObserver* observer = nullptr,
                 TrainingControl* control = nullptr);

}  // namespace attn
