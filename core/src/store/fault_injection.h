#pragma once
// Deterministic crash points for the kill-and-resume tests.
//
// ATTN_FAULT="<point>:<n>" makes the process kill itself with SIGKILL the n-th
// time it reaches fault_point("<point>"): the same as a user's `kill -9` at
// that moment, but repeatable. Points: "step" (a training step recorded, not
// yet committed), "commit" (rows written, COMMIT not yet run), "atomic-write"
// (a checkpoint or run.json fully written to its temporary name, not yet
// renamed), "evaluation" (inside an epoch-end evaluation). Unset: no effect.
//
// fault_requested() answers the same question without killing, for faults a
// test wants to see handled: "nan-loss" (the step's loss reads as NaN),
// "diverge" (rank 1's parameters move before an epoch end's comparison).

namespace attn {

// True the n-th time `point` is reached while ATTN_FAULT="<point>:<n>".
bool fault_requested(const char* point);
// Kills the process with SIGKILL when fault_requested(point).
void fault_point(const char* point);

}  // namespace attn
