#pragma once
// The pieces of data-parallel training that need no connection: which
// examples a rank trains on, how two ranks' set-ups differ, and a checksum
// that tells whether their parameters are still the same.

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "attn/world.h"

namespace attn {

// This rank's part of a batch of the whole world: a contiguous slice, as large
// as the others' within one example (DistributedSampler's split); empty when
// the batch has fewer examples than the world has ranks and this rank gets none.
std::vector<std::size_t> rank_share(const std::vector<std::size_t>& batch, const World& world);

// The first field where `other` differs from rank 0's `zero`, as
// "config.train.batch_size: 32 on rank 0 against 16"; empty when they are equal.
std::string first_difference(const nlohmann::json& zero, const nlohmann::json& other,
                             const std::string& path = {});

// Every parameter summed in double precision, weighted by its position, plus
// the sum of squares, as exact text ("%a"): equal on two ranks exactly when
// their parameters are (short of a coincidence that would have to survive
// both sums).
std::string parameter_checksum(const std::vector<torch::Tensor>& parameters);
// A checksum of parameter_checksum() as people read numbers.
std::string readable_checksum(const std::string& checksum);

}  // namespace attn
