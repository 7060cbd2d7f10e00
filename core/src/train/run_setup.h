#pragma once
// Everything before a run's first step: the resumed run's state, the checks
// that refuse a request before anything is allocated, the device and thread
// count, the data, the other ranks, the model and optimiser, the probe
// examples and the run directory.

#include "train/run_end.h"
#include "train/run_state.h"

namespace attn {

// Fills `run` from its request, or returns how the run ends before it starts
// (a refusal naming the field or file).
MaybeEnd set_up_run(RunState& run);

}  // namespace attn
