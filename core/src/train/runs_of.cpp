#include "attn/trainer.h"

namespace attn {

std::vector<TrainRequest> runs_of(const TrainRequest& request) {
  const auto implementations = implementations_to_train(request.config.implementation);
  std::vector<TrainRequest> runs;
  for (const Implementation implementation : implementations) {
    TrainRequest run = request;
    run.config.implementation = implementation;
    if (implementations.size() > 1 && !run.config.name.empty())
      run.config.name += "-" + to_string(implementation);
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace attn
