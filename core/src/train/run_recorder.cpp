#include "train/run_recorder.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <utility>

#include "attn/files.h"
#include "attn/version.h"
#include "store/fault_injection.h"
#include "store/history_writer.h"
#include "store/run_store.h"

namespace attn {

namespace fs = std::filesystem;

RunRecorder::RunRecorder(std::unique_ptr<RunStore> store, std::unique_ptr<HistoryWriter> history,
                         std::string implementation)
    : store_(std::move(store)),
      history_(std::move(history)),
      implementation_(std::move(implementation)) {}

RunRecorder::~RunRecorder() = default;

std::unique_ptr<RunRecorder> RunRecorder::create(const std::string& runs_directory,
                                                 const std::string& name,
                                                 const std::string& implementation) {
  auto store = std::make_unique<RunStore>(RunStore::create_directory(runs_directory, name));
  auto history = std::make_unique<HistoryWriter>(store->path("history.sqlite"));
  return std::unique_ptr<RunRecorder>(
      new RunRecorder(std::move(store), std::move(history), implementation));
}

std::unique_ptr<RunRecorder> RunRecorder::reopen(const std::string& directory,
                                                 const ResumePoint& point,
                                                 const std::string& implementation) {
  auto store = std::make_unique<RunStore>(directory);
  auto history = std::make_unique<HistoryWriter>(store->path("history.sqlite"));
  std::unique_ptr<RunRecorder> recorder(
      new RunRecorder(std::move(store), std::move(history), implementation));
  recorder->cut_back_to(point);
  return recorder;
}

std::unique_ptr<RunRecorder> RunRecorder::restart(const std::string& directory,
                                                  const std::string& implementation,
                                                  std::string* note) {
  *note = RunStore::set_aside_for_restart(directory);
  return reopen(directory, {0, 1, 0}, implementation);
}

void RunRecorder::cut_back_to(const ResumePoint& point) {
  history_->forget_after(point.step);
  // The length a checkpoint recorded is exact; a file shorter than it was
  // damaged after the checkpoint, so its rows are kept by their step instead.
  if (point.metrics_bytes >= 0 && fs::file_size(store_->path("metrics.csv")) >=
                                      static_cast<std::uintmax_t>(point.metrics_bytes)) {
    store_->truncate_metrics(point.metrics_bytes);
  } else {
    store_->keep_metrics_through(point.step, point.epoch);
  }
}

const std::string& RunRecorder::directory() const { return store_->directory(); }

void RunRecorder::log(const std::string& line) { store_->log(line); }

void RunRecorder::record_clock(bool record) { store_->record_clock(record); }

void RunRecorder::step(const StepMetrics& metrics) {
  store_->append_step(metrics, implementation_);
  history_->add_step(metrics, implementation_);
  fault_point("step");  // crash-safety tests: a kill right after a step is recorded
  if (metrics.step % kCommitEverySteps == 0) {
    history_->commit();
    store_->flush();
  }
}

void RunRecorder::snapshot(const Snapshot& snapshot, bool epoch_end) {
  history_->add_snapshot(snapshot, epoch_end, implementation_);
}

void RunRecorder::evaluation(const EpochMetrics& metrics) {
  store_->append_evaluation(metrics, implementation_);
  history_->add_epoch(metrics, implementation_);
}

void RunRecorder::write_run_json(const RunFacts& facts) {
  nlohmann::json document = {
      {"status", facts.status},
      {"message", facts.message},
      {"config", nlohmann::json::parse(to_json(facts.config))},
      {"versions", {{"attention_studio", app_version()}, {"libtorch", libtorch_version()}}},
      {"device", facts.device},
      {"threads", facts.threads},
      {"threads_automatic", facts.threads_automatic},
      // The same seed and settings give the same numbers (TrainConfig::deterministic).
      {"deterministic", facts.deterministic},
      {"seed", facts.config.data.seed},
      {"parameters", facts.parameters},
      {"steps", facts.steps},
      {"wall_seconds", facts.wall_seconds},
      {"best_eval_loss",
       facts.best_eval_loss ? nlohmann::json(*facts.best_eval_loss) : nlohmann::json(nullptr)},
      // Where residual norms are taken (LayerStats::residual_norms); runs
      // without this field took them after a post-norm LayerNorm.
      {"residual_norms", "before_layer_norm"},
      // Processes that trained together (World); one in a plain run.
      {"world_size", facts.world_size},
  };
  if (!facts.amp.empty()) {
    document["amp"] = {{"mode", facts.amp}, {"skipped_steps", facts.skipped_steps}};
    if (facts.loss_scale) document["amp"]["loss_scale"] = *facts.loss_scale;
  }
  if (facts.world_size > 1) {
    document["rank_exchange_seconds"] = facts.rank_exchange_seconds;
    document["training_step_seconds"] = facts.training_step_seconds;
    document["backend"] = facts.backend;
    document["rank_hosts"] = facts.rank_hosts;
    document["batch_size_per_rank"] = facts.config.train.batch_size;
  }
  if (const auto& last = facts.last_evaluation) {
    document["final"] = {{"epoch", last->epoch},
                         {"eval_loss", last->eval_loss},
                         {"perplexity", last->perplexity},
                         {"token_accuracy", last->token_accuracy},
                         {"exact_match", last->exact_match},
                         {"bleu", last->bleu},
                         {"alignment_score", last->alignment_score}};
  }
  store_->write_run_json(document.dump(2));
}

void RunRecorder::write_vocabulary(const std::string& json) {
  write_file_atomically(store_->path("vocabulary.json"), json);
}

void RunRecorder::save_checkpoint(const std::string& name, Seq2SeqModelImpl& model,
                                  torch::optim::Optimizer* optimizer, CheckpointState state) {
  // Rows before the checkpoint are on disk before it names their length.
  history_->commit();
  state.metrics_bytes = store_->durable_metrics_bytes();
  attn::save_checkpoint(store_->path("checkpoints/" + name), model, optimizer, state);
}

void RunRecorder::remove_checkpoint(const std::string& name) {
  std::error_code error;
  fs::remove(store_->path("checkpoints/" + name), error);
}

void RunRecorder::flush() {
  history_->commit();
  store_->flush();
}

}  // namespace attn
