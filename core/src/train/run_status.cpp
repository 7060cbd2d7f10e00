#include "attn/metrics.h"

namespace attn {

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::Finished:
      return "finished";
    case RunStatus::Stopped:
      return "stopped";
    case RunStatus::EarlyStopped:
      return "early-stopped";
    case RunStatus::Failed:
      return "failed";
  }
  return "failed";
}

}  // namespace attn
