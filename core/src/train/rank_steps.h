#pragma once
// The ranks' agreement around the loop: before every step (stop and pause),
// at every epoch's end (identical parameters; the others wait for rank 0's
// evaluation) and at the run's end. For one process each is a no-op.

#include <cstdint>
#include <string>

#include "train/rank_protocol.h"
#include "train/run_end.h"
#include "train/run_state.h"

namespace attn {

// Stop and pause, agreed by every rank before each step, so that no rank
// waits in a collective for one that has left. While paused the inspector
// still gets its copies. The tokens come back summed over the ranks.
StepVote agree_before_step(RunState& run, std::int64_t tokens);

// At each epoch's end the ranks' parameters must be bit for bit the same
// (they apply the same summed gradients with the same optimiser); a
// difference means they no longer train one model, and the run stops.
MaybeEnd check_ranks_identical(RunState& run);

// Rank 0 evaluates and records while the others wait for its note:
// `begin_evaluation` names the note (rank 0), `continue_after_evaluation`
// posts "go", and the others' `follow_rank_zero` goes on or ends as it says.
void begin_evaluation(RunState& run);
void continue_after_evaluation(RunState& run);
MaybeEnd follow_rank_zero(RunState& run);

// At the run's end: the ranks waiting for rank 0 learn how it ended; when
// they end together, rank 0 (which keeps the rendezvous) waits until every
// rank has read what it needs.
void tell_other_ranks(RunState& run, const RunEnd& end);

}  // namespace attn
