#pragma once
// What a training run holds while it trains: the configuration it settled
// on, the device, data, model and optimiser, where it is, and who listens.
// The set-up fills it (run_setup.h), the loop (trainer.cpp) and the ranks'
// agreement (rank_steps.h) work on it.

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attn/trainer.h"
#include "inspect/inspection_state.h"
#include "probe/probe.h"
#include "train/cuda_graph_step.h"
#include "train/early_stopping.h"
#include "train/fused_adam.h"
#include "train/mixed_precision.h"
#include "train/preflight.h"
#include "train/rank_exchange.h"
#include "train/run_recorder.h"
#include "train/threads.h"

namespace attn {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point begun) {
  return std::chrono::duration<double>(Clock::now() - begun).count();
}

// Where the loop is.
struct RunPosition {
  std::int64_t step = 0;  // optimizer steps done
  int epoch = 1;
  int next_batch = 0;  // the epoch's first batch not yet trained on
};

// The running mean of an epoch's training loss (kept in checkpoints, so a run
// resumed mid-epoch reports the same mean as one that never stopped).
struct EpochLoss {
  double sum = 0;
  int steps = 0;
  double mean() const { return steps > 0 ? sum / steps : 0; }
};

// Where the wall-clock time goes, for the log, run.json and the ETA.
struct RunTimes {
  Clock::time_point started = Clock::now();
  double paused = 0;    // seconds paused, not counted as the run's time
  double pace = 0;      // smoothed seconds per step
  double training = 0;  // in training steps
  double exchange = 0;  // in collectives, waiting for a slower rank included
  double tokens = 0;    // target tokens trained on, all ranks
  int live_copies = 0;  // the inspector's copies of the weights
  double live_copy_seconds = 0;
  double elapsed() const { return seconds_since(started) - paused; }
};

struct RunState {
  RunState(const TrainRequest& request, TrainingObserver* observer, TrainingControl* control)
      : request(request),
        config(request.config),
        world(request.world),
        observer(observer),
        control(control),
        stopping(request.config.train.patience) {}

  // What was asked for, and who listens.
  const TrainRequest& request;
  RunConfig config;  // as trained: a resumed run's saved one, sized to the data
  World world;
  TrainingObserver* observer;
  TrainingControl* control;
  // What it runs on.
  DeviceChoice device;
  std::optional<RunThreads> threads;  // set once the device is known
  std::unique_ptr<RankExchange> exchange;
  PreparedData data;
  Seq2SeqModel model;
  std::vector<torch::Tensor> parameters;
  std::unique_ptr<FusedAdam> optimizer;
  // --cuda-graphs: the recorded steps, updating `optimizer`'s state.
  std::unique_ptr<CudaGraphStep> graphs;
  LossScaler scaler{false};
  ProbeExamples probe;
  int max_decode_length = 0;
  std::unique_ptr<RunRecorder> recorder;  // rank 0's, when the run writes a directory
  // Where it is.
  RunPosition position;
  EpochLoss epoch_loss;
  EarlyStopping stopping;
  RunTimes times;
  // fp16 steps whose gradients overflowed and were skipped (by this process,
  // since the run started or was resumed); each is also in the log.
  std::int64_t skipped_steps = 0;
  RunOutcome outcome;
  NamedTensors spare_weights;  // memory the inspector's next copy may reuse
  // The ranks' agreement (rank_steps.h): rank 0's note the others wait for,
  // not yet posted; on the others, whether rank 0's note ended the run.
  std::string pending_note;
  bool ended_by_rank_zero = false;

  // A line for train.log and the observer.
  void log(const std::string& line);
  bool stop_requested() const { return control && control->stopped(); }
  // The inspector's live model, when asked for: a copy of the weights, so
  // inspecting never touches (or waits for) the model being trained.
  void hand_over_model_copy();
  // checkpoints/<name> (rank 0, when recording): the model, the optimiser and
  // where a resumed run continues (`epoch`, `next_batch`).
  void save_checkpoint(const std::string& name, int epoch, int next_batch);
  // run.json's facts now.
  RunFacts facts(const std::string& status, const std::string& message) const;
};

}  // namespace attn
