#include "train/run_state.h"

#include "attn/model_summary.h"

namespace attn {

void RunState::log(const std::string& line) {
  if (recorder) recorder->log(line);
  if (observer) observer->on_log(line);
}

void RunState::hand_over_model_copy() {
  if (!control || !observer || !control->take_model_copy_request()) return;
  const auto begun = Clock::now();
  auto copy = make_inspection_model(*model, config, data.tokenizers,
                                    Text{kStageTextContext,
                                         ATTN_TRANSLATABLE("attn::Stage", "live · step %1"),
                                         {std::to_string(position.step)}},
                                    &spare_weights, max_decode_length);
  times.live_copy_seconds += seconds_since(begun);
  ++times.live_copies;
  observer->on_model_copy(std::move(copy));
}

void RunState::save_checkpoint(const std::string& name, int epoch, int next_batch) {
  if (!recorder) return;
  if (graphs) graphs->sync_to_optimizer();  // Adam's step count lives on the GPU
  CheckpointState state;
  state.step = position.step;
  state.epoch = epoch;
  state.next_batch = next_batch;
  state.best_eval_loss = stopping.best();
  state.evaluations_without_improvement = stopping.evaluations_without_improvement();
  state.epoch_loss_sum = epoch_loss.sum;
  state.epoch_steps = epoch_loss.steps;
  state.max_decode_length = max_decode_length;
  state.world_size = world.size;
  state.run_config_json = to_json(config);
  state.vocabulary_json = data.tokenizers.save();
  recorder->save_checkpoint(name, *model, optimizer.get(), std::move(state));
}

RunFacts RunState::facts(const std::string& status, const std::string& message) const {
  RunFacts facts;
  facts.status = status;
  facts.message = message;
  facts.config = config;
  facts.device = device.description;
  facts.threads = threads ? threads->threads() : 0;
  facts.threads_automatic = threads && threads->automatic();
  facts.deterministic = config.train.deterministic;
  facts.parameters = count_parameters(config.model);
  facts.steps = position.step;
  facts.wall_seconds = times.elapsed();
  if (config.train.amp != AmpMode::Off) {
    facts.amp = to_string(config.train.amp);
    facts.skipped_steps = skipped_steps;
    if (device.loss_scaling) facts.loss_scale = scaler.scale();
  }
  if (stopping.has_best()) facts.best_eval_loss = stopping.best();
  if (outcome.epochs > 0) facts.last_evaluation = outcome.last;
  facts.world_size = world.size;
  if (world.distributed() && exchange) {
    facts.backend = exchange->backend();
    facts.rank_hosts = exchange->hosts();
    facts.rank_exchange_seconds = times.exchange;
    facts.training_step_seconds = times.training;
  }
  return facts;
}

}  // namespace attn
