#include "train/rank_steps.h"

#include <thread>

#include "store/fault_injection.h"
#include "train/data_parallel.h"

namespace attn {

StepVote agree_before_step(RunState& run, std::int64_t tokens) {
  const auto vote = [&run](std::int64_t count) {
    return summed_votes(run.exchange->sum(
        vote_values({run.stop_requested(), run.control && run.control->paused(), count})));
  };
  const auto begun = Clock::now();
  StepVote votes = vote(tokens);
  const double agreeing = seconds_since(begun);
  run.times.exchange += agreeing;
  run.times.training += agreeing;
  if (!votes.pause) return votes;
  const std::int64_t step_tokens = votes.tokens;
  run.log("paused at step " + std::to_string(run.position.step));
  const auto paused_at = Clock::now();
  while (votes.pause) {
    run.hand_over_model_copy();
    std::this_thread::sleep_for(std::chrono::milliseconds(run.world.distributed() ? 50 : 20));
    votes = vote(0);
  }
  run.times.paused += seconds_since(paused_at);
  if (!votes.stop) run.log("resumed at step " + std::to_string(run.position.step));
  votes.tokens = step_tokens;
  return votes;
}

MaybeEnd check_ranks_identical(RunState& run) {
  if (!run.world.distributed()) return std::nullopt;
  torch::NoGradGuard no_grad;
  if (run.world.rank == 1 && fault_requested("diverge")) run.parameters.front().add_(1e-3);
  const std::int64_t step = run.position.step;
  const auto all = run.exchange->gather_text("checksum/" + std::to_string(step),
                                             parameter_checksum(run.parameters));
  for (int rank = 1; rank < run.world.size; ++rank) {
    const auto& theirs = all[static_cast<std::size_t>(rank)];
    if (theirs == all[0]) continue;
    return RunEnd{RunStatus::Failed,
                  verbatim("after epoch " + std::to_string(run.position.epoch) + " (step " +
                           std::to_string(step) + ") the parameters of rank " +
                           std::to_string(rank) + " differ from rank 0's (checksum " +
                           readable_checksum(theirs) + " against " + readable_checksum(all[0]) +
                           "); the ranks no longer train one model, so the run stops")};
  }
  return std::nullopt;
}

void begin_evaluation(RunState& run) {
  // Until it is posted, the other ranks wait for this evaluation's end.
  run.pending_note = run.world.distributed() ? epoch_note_key(run.position.step) : std::string();
}

void continue_after_evaluation(RunState& run) {
  if (!run.pending_note.empty()) run.exchange->post(run.pending_note, continue_note());
  run.pending_note.clear();
}

MaybeEnd follow_rank_zero(RunState& run) {
  const auto note = read_epoch_note(run.exchange->await(epoch_note_key(run.position.step)));
  run.epoch_loss = {};
  if (!note) return std::nullopt;
  run.ended_by_rank_zero = true;
  return RunEnd{note->status, verbatim("rank 0 ended the run: " + note->message)};
}

void tell_other_ranks(RunState& run, const RunEnd& end) {
  const bool told_others = !run.pending_note.empty() && run.exchange;
  if (told_others)
    run.exchange->post(run.pending_note, end_note(end.status, end.message.english()));
  if (run.exchange && run.world.distributed() &&
      (end.status != RunStatus::Failed || told_others || run.ended_by_rank_zero)) {
    try {
      run.exchange->gather_text("finished", "");
    } catch (const std::exception&) {
      // A rank already gone has nothing left to read.
    }
  }
}

}  // namespace attn
