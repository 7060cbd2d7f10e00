// The training loop, as §5 of the paper describes it: batches, the step
// (§5.3 Adam with the warm-up schedule, §5.4 label smoothing), an evaluation
// at each epoch's end. Everything around it has its own file: the set-up
// (run_setup.h: a resumed run's state, the checks before anything is
// allocated, the device, data, model and run directory), what the ranks of a
// data-parallel run agree on (rank_steps.h), the run's files
// (run_recorder.h, rank 0 only) and early stopping (early_stopping.h). Each
// part returns how the run ends, or nothing to go on.

#include "attn/trainer.h"

#include <cmath>
#include <cstdio>

#include "attn/allocator_tuning.h"
#include "data/batcher.h"
#include "inspect/stages.h"
#include "probe/gradient_stats.h"
#include "store/fault_injection.h"
#include "train/data_parallel.h"
#include "train/evaluation.h"
#include "train/optimization.h"
#include "train/rank_steps.h"
#include "train/run_setup.h"

namespace attn {
namespace {

constexpr int kDebugSteps = 2;          // --debug: stage by stage for the first steps
constexpr double kPaceSmoothing = 0.9;  // exponential moving average of a step's time

class TrainingLoop {
 public:
  TrainingLoop(const TrainRequest& request, TrainingObserver* observer, TrainingControl* control)
      : run_(request, observer, control) {}

  // Sets up, trains and ends the run: how it ended, never an exception.
  RunOutcome run() {
    MaybeEnd end;
    try {
      end = set_up_run(run_);
      if (!end) end = train_epochs();
    } catch (const c10::Error& e) {
      end = RunEnd{RunStatus::Failed,
                   verbatim(std::string("LibTorch error: ") + e.what_without_backtrace())};
    } catch (const std::exception& e) {
      end = RunEnd{RunStatus::Failed, verbatim(e.what())};
    }
    return finish(end.value_or(RunEnd{RunStatus::Finished, Text{}}));
  }

 private:
  MaybeEnd train_epochs() {
    const TrainConfig& train = run_.config.train;
    RunPosition& at = run_.position;
    // The batches of the whole world: every rank forms the same ones (same
    // seed, same order) and trains on its share of each.
    Batcher batcher(run_.data.train_encoded, train.batch_size * run_.world.size,
                    train.bucket_by_length, run_.config.data.seed);
    const int accumulation = train.accumulation;
    const std::int64_t batches =
        (static_cast<std::int64_t>(batcher.size()) + batcher.batch_size() - 1) /
        batcher.batch_size();
    steps_per_epoch_ = (batches + accumulation - 1) / accumulation;
    planned_steps_ = steps_per_epoch_ * train.epochs;
    if (train.max_steps > 0) planned_steps_ = std::min(planned_steps_, train.max_steps);
    if (at.step == 0) capture(/*epoch_end=*/false);  // the untrained model: where attention starts

    for (; at.epoch <= train.epochs; ++at.epoch, at.next_batch = 0) {
      const auto epoch_batches = batcher.epoch_batches(at.epoch - 1);
      const int count = static_cast<int>(epoch_batches.size());
      for (int b = at.next_batch; b < count; b += accumulation) {
        run_.hand_over_model_copy();
        // A step's batch (§5.1), in micro-batches; each rank makes its share.
        std::vector<Batch> micro;
        std::int64_t tokens = 0;
        for (int m = b; m < std::min(b + accumulation, count); ++m) {
          const auto share = rank_share(epoch_batches[static_cast<std::size_t>(m)], run_.world);
          if (share.empty()) continue;  // a last batch smaller than the world
          micro.push_back(batcher.make_batch(share, run_.device.device));
          tokens += micro.back().target_tokens;
        }
        const StepVote votes = agree_before_step(run_, tokens);
        if (votes.stop) {
          run_.save_checkpoint("checkpoint_last.pt", at.epoch, b);
          return RunEnd{
              RunStatus::Stopped,
              run_text(ATTN_TRANSLATABLE("attn::Run", "stopped at step %1; checkpoint kept"),
                       {std::to_string(at.step)})};
        }
        if (auto end = train_step(micro, votes.tokens, b / accumulation + 1)) return end;
        const int next = b + accumulation;
        if (train.capture_every > 0 && at.step % train.capture_every == 0) capture(false);
        if (train.checkpoint_every > 0 && at.step % train.checkpoint_every == 0)
          run_.save_checkpoint("checkpoint_last.pt", at.epoch, next);
        if (train.max_steps > 0 && at.step >= train.max_steps) {
          const bool epoch_done = next >= count;
          return end_epoch(next, epoch_done ? at.epoch + 1 : at.epoch, epoch_done ? 0 : next);
        }
      }
      if (auto end = end_epoch(count, at.epoch + 1, 0)) return end;
    }
    return std::nullopt;
  }

  // One optimizer step: the gradients of the step's batch (summed over
  // micro-batches and ranks, each loss divided by `tokens`, the step's target
  // tokens on all ranks), a finite check, the global-norm clip, the rate of
  // §5.3 and Adam.
  MaybeEnd train_step(const std::vector<Batch>& micro, std::int64_t tokens, int batch_in_epoch) {
    const TrainConfig& train = run_.config.train;
    const auto begun = Clock::now();
    if (train.debug && run_.position.step < kDebugSteps && !micro.empty()) {
      for (const auto& line :
           debug_stage_lines(*run_.model, run_.config.model, micro.front(), run_.position.step + 1))
        run_.log(line);
    }
    run_.model->train();
    if (run_.graphs && micro.size() == 1)
      return graphed_step(micro.front(), tokens, batch_in_epoch, begun);
    release_gradients(run_.parameters);
    // §5.4: label-smoothed cross-entropy, this rank's share of the step's loss.
    const auto rank_loss =
        micro.empty() ? torch::zeros({}, torch::TensorOptions().device(run_.device.device))
                      : accumulate_gradients(*run_.model, micro, train.label_smoothing,
                                             train.amp != AmpMode::Off, run_.device.half_type,
                                             run_.scaler.scale_tensor(), tokens);
    // The values the host needs (the loss, the gradients' sums of squares for
    // the docks and the clip, fp16's overflow flag) come back in one read on
    // a GPU; across ranks the loss is read first, to be summed with theirs.
    double loss = 0;
    std::vector<torch::Tensor> riders;
    if (run_.world.distributed()) {
      // Between accumulation and clipping: the gradients of all ranks, summed.
      const auto exchange_begun = Clock::now();
      loss = run_.exchange->sum_gradients(run_.parameters, rank_loss.item<double>());
      run_.times.exchange += seconds_since(exchange_begun);
    } else {
      riders.push_back(rank_loss);
    }
    run_.scaler.unscale(run_.parameters);
    const bool loss_scaling = run_.scaler.enabled();
    if (loss_scaling) riders.push_back(run_.scaler.overflow_flag());
    std::vector<double> read;
    StepMetrics metrics;
    metrics.gradients = gradient_stats(*run_.model, riders, &read);
    if (!run_.world.distributed()) loss = read.front();
    if (fault_requested("nan-loss")) loss = std::nan("");
    if (!std::isfinite(loss)) return RunEnd{RunStatus::Failed, not_finite(loss)};
    const bool gradients_finite = !loss_scaling || read.back() == 0.0;
    run_.scaler.update();
    if (!gradients_finite) {
      ++run_.skipped_steps;
      run_.log("step " + std::to_string(run_.position.step + 1) +
               ": fp16 gradients overflowed; step skipped, loss scale now " +
               std::to_string(static_cast<long long>(run_.scaler.scale())));
      return std::nullopt;
    }
    clip_gradients(run_.parameters, metrics.gradients.global_norm, train.clip);
    const double lr = learning_rate(train, run_.config.model.d_model, run_.position.step + 1);
    set_learning_rate(*run_.optimizer, lr);
    run_.optimizer->step();
    ++run_.position.step;

    finish_step(metrics, loss, lr, tokens, batch_in_epoch, micro, begun);
    return std::nullopt;
  }

  // --cuda-graphs: forward and backward replayed from the graph of the
  // batch's padded shape, then clipping and Adam from theirs. Between the
  // two the loss and the gradient statistics (before clipping, the docks' as
  // in an eager step) come back to the host in the step's one read.
  MaybeEnd graphed_step(const Batch& batch, std::int64_t tokens, int batch_in_epoch,
                        Clock::time_point begun) {
    const TrainConfig& train = run_.config.train;
    std::vector<double> read;
    StepMetrics metrics;
    metrics.gradients = gradient_stats(*run_.model, {run_.graphs->forward_backward(batch)}, &read);
    double loss = read.front();
    if (fault_requested("nan-loss")) loss = std::nan("");
    if (!std::isfinite(loss)) return RunEnd{RunStatus::Failed, not_finite(loss)};
    run_.graphs->update();
    ++run_.position.step;
    const double lr = learning_rate(train, run_.config.model.d_model, run_.position.step);
    finish_step(metrics, loss, lr, tokens, batch_in_epoch, {batch}, begun);
    return std::nullopt;
  }

  // What every step records: times, the epoch's loss, the metrics.
  void finish_step(StepMetrics& metrics, double loss, double lr, std::int64_t tokens,
                   int batch_in_epoch, const std::vector<Batch>& micro, Clock::time_point begun) {
    const double seconds = seconds_since(begun);
    metrics.threads = run_.threads->threads();
    tune_threads(micro, seconds);
    RunTimes& times = run_.times;
    times.training += seconds;
    times.pace =
        times.pace == 0 ? seconds : kPaceSmoothing * times.pace + (1 - kPaceSmoothing) * seconds;
    times.tokens += static_cast<double>(tokens);
    run_.epoch_loss.sum += loss;
    ++run_.epoch_loss.steps;
    metrics.step = run_.position.step;
    metrics.epoch = run_.position.epoch;
    metrics.batch_in_epoch = batch_in_epoch;
    metrics.batches_per_epoch = static_cast<int>(steps_per_epoch_);
    metrics.loss = loss;
    metrics.lr = lr;
    metrics.tokens_per_second = seconds > 0 ? static_cast<double>(tokens) / seconds : 0;
    metrics.seconds = times.elapsed();
    metrics.eta_seconds =
        static_cast<double>(std::max<std::int64_t>(0, planned_steps_ - run_.position.step)) *
        times.pace;
    metrics.planned_steps = planned_steps_;
    if (run_.recorder) run_.recorder->step(metrics);
    if (run_.observer) run_.observer->on_step(metrics);
  }

  // An epoch's end (or max_steps'): the ranks compare parameters, rank 0
  // captures, evaluates, records and checkpoints while the others wait.
  // `batch_reached`: where a run stopped during the evaluation continues.
  MaybeEnd end_epoch(int batch_reached, int next_epoch, int next_batch) {
    const int epoch = run_.position.epoch;
    if (auto end = check_ranks_identical(run_)) return end;
    if (run_.world.rank != 0) return follow_rank_zero(run_);
    begin_evaluation(run_);
    const auto begun = Clock::now();
    capture(/*epoch_end=*/true);
    EpochMetrics metrics;
    try {
      fault_point("evaluation");
      metrics = evaluate(*run_.model, run_.data, run_.config.train, run_.device.device,
                         run_.max_decode_length, [this] { return run_.stop_requested(); });
    } catch (const EvaluationInterrupted&) {
      run_.save_checkpoint("checkpoint_last.pt", epoch, batch_reached);
      return RunEnd{RunStatus::Stopped,
                    run_text(ATTN_TRANSLATABLE("attn::Run",
                                               "stopped during the evaluation of epoch %1 at "
                                               "step %2; checkpoint kept (a resumed run "
                                               "evaluates this epoch again)"),
                             {std::to_string(epoch), std::to_string(run_.position.step)})};
    }
    metrics.epoch = epoch;
    metrics.step = run_.position.step;
    metrics.train_loss = run_.epoch_loss.mean();
    metrics.alignment_score = alignment_scores(last_snapshot_, run_.probe.alignments);
    metrics.seconds = seconds_since(begun);
    run_.epoch_loss = {};
    metrics.best = run_.stopping.record(metrics.eval_loss);
    run_.outcome.last = metrics;
    ++run_.outcome.epochs;
    run_.log(describe_evaluation(metrics));
    if (run_.recorder) {
      run_.recorder->evaluation(metrics);
      if (metrics.best) run_.save_checkpoint("best_model.pt", next_epoch, next_batch);
      if (next_batch == 0) {
        run_.save_checkpoint("checkpoint_epoch_" + std::to_string(epoch) + ".pt", next_epoch,
                             next_batch);
        prune_epoch_checkpoints(epoch);
      }
      run_.save_checkpoint("checkpoint_last.pt", next_epoch, next_batch);
    }
    if (run_.observer) run_.observer->on_epoch(metrics);
    release_freed_memory();
    if (run_.stopping.exhausted()) {
      return RunEnd{
          RunStatus::EarlyStopped,
          run_text(ATTN_TRANSLATABLE("attn::Run", "eval loss did not improve for %1 evaluations"),
                   {std::to_string(run_.stopping.patience())})};
    }
    continue_after_evaluation(run_);
    return std::nullopt;
  }

  // The probe examples' attention and statistics now (rank 0).
  void capture(bool epoch_end) {
    if (run_.world.rank != 0 || run_.probe.batch.src.size(0) == 0) return;
    last_snapshot_ =
        capture_probe(*run_.model, run_.probe, run_.position.step, run_.position.epoch);
    if (run_.recorder) run_.recorder->snapshot(last_snapshot_, epoch_end);
    if (run_.observer) run_.observer->on_snapshot(last_snapshot_);
  }

  // The automatic thread count follows the fastest count as the load changes.
  void tune_threads(const std::vector<Batch>& micro, double seconds) {
    // The work a step does grows with its padded shape, not its real tokens.
    std::int64_t positions = 0;
    for (const auto& batch : micro) positions += batch.src.numel() + batch.tgt_in.numel();
    std::string decision;
    // A rank with no examples in this step (a last batch smaller than the
    // world) measured nothing about its threads.
    RunThreads& threads = *run_.threads;
    if (positions > 0 && threads.after_step(seconds, static_cast<double>(positions), &decision))
      at::set_num_threads(threads.threads());
    if (!decision.empty()) {
      run_.log("threads: " + std::to_string(threads.threads()) + " from step " +
               std::to_string(run_.position.step + 1) + " (measured " + decision + ")");
    }
  }

  void prune_epoch_checkpoints(int epoch) {
    const int keep = run_.config.train.keep_checkpoints;
    if (keep <= 0 || epoch - keep < 1) return;
    run_.recorder->remove_checkpoint("checkpoint_epoch_" + std::to_string(epoch - keep) + ".pt");
  }

  RunOutcome finish(const RunEnd& end) {
    RunOutcome& outcome = run_.outcome;
    outcome.status = end.status;
    outcome.message = end.message;
    outcome.bad_input = end.bad_input;
    outcome.restart_helps = end.restart_helps;
    outcome.steps = run_.position.step;
    outcome.best_eval_loss = run_.stopping.best();
    outcome.seconds = run_.times.elapsed();
    outcome.tokens_per_second = outcome.seconds > 0 ? run_.times.tokens / outcome.seconds : 0;
    log_time_summary();
    // Observers get the message with on_finished; the log file keeps it too.
    if (run_.recorder) {
      try {
        if (!end.message.empty())
          run_.recorder->log(to_string(end.status) + ": " + end.message.english());
        run_.recorder->flush();
        run_.recorder->write_run_json(run_.facts(to_string(end.status), end.message.english()));
      } catch (const std::exception& e) {
        outcome.message = end.message.empty() ? verbatim(e.what())
                                              : verbatim(end.message.english() + "; " + e.what());
      }
    }
    tell_other_ranks(run_, end);
    if (run_.observer) run_.observer->on_finished(outcome);
    return outcome;
  }

  void log_time_summary() {
    const RunTimes& times = run_.times;
    char line[200];
    if (times.live_copies > 0) {
      std::snprintf(
          line, sizeof line,
          "live weights handed to the inspector %d times: %.1f ms in all, %.2f%% of the "
          "training time",
          times.live_copies, times.live_copy_seconds * 1000,
          run_.outcome.seconds > 0 ? 100 * times.live_copy_seconds / run_.outcome.seconds : 0.0);
      run_.log(line);
    }
    if (run_.world.distributed() && run_.position.step > 0) {
      std::snprintf(line, sizeof line,
                    "rank exchange: %.2f ms per step (agreeing and summing gradients; waiting for "
                    "a slower rank included), %.1f%% of the training steps' time",
                    1000 * times.exchange / static_cast<double>(run_.position.step),
                    times.training > 0 ? 100 * times.exchange / times.training : 0.0);
      run_.log(line);
    }
  }

  Text not_finite(double loss) const {
    const std::string step = std::to_string(run_.position.step + 1);
    return std::isnan(loss)
               ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "step %1: the loss became NaN; the weights were not "
                                            "updated and the last good checkpoint is kept. Try a "
                                            "lower learning rate (--lr-factor or --lr) or a "
                                            "longer warmup (--warmup)."),
                          {step})
               : run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "step %1: the loss became infinite; the weights were "
                                            "not updated and the last good checkpoint is kept. Try "
                                            "a lower learning rate (--lr-factor or --lr) or a "
                                            "longer warmup (--warmup)."),
                          {step});
  }

  RunState run_;
  std::int64_t steps_per_epoch_ = 0;
  std::int64_t planned_steps_ = 0;
  Snapshot last_snapshot_;  // the newest capture, for the alignment scores
};

}  // namespace

RunOutcome train(const TrainRequest& request, TrainingObserver* observer,
                 TrainingControl* control) {
  return TrainingLoop(request, observer, control).run();
}

}  // namespace attn
