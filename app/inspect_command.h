#pragma once
// attention-train --inspect: one sentence through a run's checkpoint, a
// checkpoint file or an untrained model, printed stage by stage.

#include "cli_options.h"

namespace attn::cli {

// Prints the inspection (and writes --json); returns the exit status
// (0, or 2 with one line on stderr for bad input).
int run_inspect(const Options& options);

}  // namespace attn::cli
