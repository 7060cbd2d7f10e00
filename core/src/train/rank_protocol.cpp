#include "train/rank_protocol.h"

#include <cmath>
#include <functional>

#include "attn/version.h"
#include "train/data_parallel.h"

namespace attn {

std::vector<double> vote_values(const StepVote& vote) {
  return {vote.stop ? 1.0 : 0.0, vote.pause ? 1.0 : 0.0, static_cast<double>(vote.tokens)};
}

StepVote summed_votes(const std::vector<double>& summed) {
  StepVote all;
  all.stop = summed.at(0) > 0;
  all.pause = !all.stop && summed.at(1) > 0;
  all.tokens = std::llround(summed.at(2));
  return all;
}

std::string epoch_note_key(std::int64_t step) { return "after-step/" + std::to_string(step); }

std::string continue_note() { return "go"; }

std::string end_note(RunStatus status, const std::string& message) {
  return "end\t" + to_string(status) + "\t" + message;
}

std::optional<RankZeroEnd> read_epoch_note(const std::string& note) {
  if (note == continue_note()) return std::nullopt;
  RankZeroEnd end;
  const auto first = note.find('\t');
  if (note.compare(0, first, "end") != 0 || first == std::string::npos) {
    end.message = "an unreadable note from rank 0: " + note;
    return end;
  }
  const auto second = note.find('\t', first + 1);
  const std::string status = note.substr(first + 1, second - first - 1);
  end.message = second == std::string::npos ? "" : note.substr(second + 1);
  for (auto candidate : {RunStatus::Finished, RunStatus::Stopped, RunStatus::EarlyStopped})
    if (to_string(candidate) == status) end.status = candidate;
  return end;
}

nlohmann::json setup_fingerprint(const RunConfig& config, const PreparedData& data,
                                 const World& world) {
  auto settings = nlohmann::json::parse(to_json(config));
  settings["train"].erase("threads");
  settings.erase("runs_directory");
  settings.erase("name");
  const auto pieces_hash = [](const Tokenizer& tokenizer) {
    std::string all;
    for (int id = 0; id < tokenizer.vocab_size(); ++id) all += tokenizer.piece(id) + '\n';
    return std::to_string(std::hash<std::string>{}(all));
  };
  return {{"config", settings},
          {"version", {{"attention_studio", app_version()}, {"libtorch", libtorch_version()}}},
          {"data",
           {{"train_pairs", data.train.size()},
            {"eval_pairs", data.eval.size()},
            {"source_vocabulary", pieces_hash(*data.tokenizers.source)},
            {"target_vocabulary", pieces_hash(*data.tokenizers.target)}}},
          {"world_size", world.size}};
}

std::string setup_mismatch(const std::vector<std::string>& fingerprints, const World& world) {
  const auto zero = nlohmann::json::parse(fingerprints.at(0));
  for (int rank = 1; rank < static_cast<int>(fingerprints.size()); ++rank) {
    if (world.rank != 0 && rank != world.rank) continue;
    const auto other = nlohmann::json::parse(fingerprints[static_cast<std::size_t>(rank)]);
    if (auto difference = first_difference(zero, other); !difference.empty()) {
      return "rank " + std::to_string(rank) + " differs from rank 0 at " + difference +
             "; every rank needs the same configuration, data and version";
    }
  }
  return {};
}

}  // namespace attn
