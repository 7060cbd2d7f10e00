#pragma once

#include "attn/model_config.h"

namespace attn {

// Intra-op threads for a run: the requested number, or (0) one chosen by the
// model's width and the machine's cores.
int choose_threads(int requested, const ModelConfig& model);

}  // namespace attn
