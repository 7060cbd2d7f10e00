#pragma once

#include "attn/model_config.h"

namespace attn {

// Intra-op threads for a run: the requested number, or (0) one chosen by the
// model's width and the machine's cores.
int choose_threads(int requested, const ModelConfig& model);

// The processors this process may run on (its CPU affinity, e.g. `taskset -c 0`
// gives 1), at least 1.
int available_processors();

}  // namespace attn
