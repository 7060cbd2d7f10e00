#pragma once
// What the ranks of a data-parallel run tell each other, as plain values: the
// votes before every step, the note rank 0 leaves after its evaluation, and
// the set-up every rank must share. The exchange (rank_exchange.h) carries
// them; these functions only say what they mean, so both ends read one
// definition and tests can check them without a connection.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attn/dataset.h"
#include "attn/metrics.h"
#include "attn/train_config.h"
#include "attn/world.h"

namespace attn {

// One rank's vote before a step; summed over the ranks, any stop stops all
// of them and any pause pauses all (stop wins), and the tokens add up to the
// step's total, which divides every rank's loss.
struct StepVote {
  bool stop = false;
  bool pause = false;
  std::int64_t tokens = 0;
};
std::vector<double> vote_values(const StepVote& vote);
StepVote summed_votes(const std::vector<double>& summed);

// The key of the note the other ranks wait for after rank 0's evaluation at `step`.
std::string epoch_note_key(std::int64_t step);
// "Go on", or how the run ended ("end\t<status>\t<message>").
std::string continue_note();
std::string end_note(RunStatus status, const std::string& message);
// nullopt: go on. Otherwise how rank 0 ended the run; a note that cannot be
// read ends it as failed, with the note as its message.
struct RankZeroEnd {
  RunStatus status = RunStatus::Failed;
  std::string message;
};
std::optional<RankZeroEnd> read_epoch_note(const std::string& note);

// What must be the same on every rank: the configuration (not the threads,
// which machines choose for themselves, nor the run's name and folder, which
// rank 0 alone writes), the versions, the data's sizes and both vocabularies.
nlohmann::json setup_fingerprint(const RunConfig& config, const PreparedData& data,
                                 const World& world);
// Every rank's fingerprint (as text, by rank): why `world.rank` may not train
// with the others, or empty. Rank 0 compares every rank with itself; the
// others compare themselves with rank 0, so each rank names the difference.
std::string setup_mismatch(const std::vector<std::string>& fingerprints, const World& world);

}  // namespace attn
