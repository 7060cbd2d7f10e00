#pragma once
// How a run ends before its last step. The parts of the training loop return
// one (or nothing, to go on) instead of throwing, so the loop reads as the
// paper's and every way out of it is in plain sight.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attn/metrics.h"
#include "attn/translatable.h"

namespace attn {

struct RunEnd {
  RunStatus status = RunStatus::Failed;
  Text message;
  // The request could not be trained as asked (configuration, data, files):
  // attention-train exits 2, the window shows the reason by the setup.
  bool bad_input = false;
  // A resume that only --restart can continue (RunOutcome::restart_helps).
  bool restart_helps = false;
};

// Nothing: go on. A RunEnd: the run ends so.
using MaybeEnd = std::optional<RunEnd>;

// A request refused before or while setting up.
inline RunEnd refusal(Text message) { return {RunStatus::Failed, std::move(message), true}; }
inline RunEnd refusal(const std::string& message) { return refusal(verbatim(message)); }

// A sentence about the run, translated where the window shows it.
inline Text run_text(const char* source, std::vector<std::string> arguments = {}) {
  return Text{kRunTextContext, source, std::move(arguments)};
}

}  // namespace attn
