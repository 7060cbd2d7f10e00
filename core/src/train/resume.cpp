#include "train/resume.h"

#include <filesystem>

#include "attn/files.h"
#include "train/run_end.h"

namespace attn {
namespace {

namespace fs = std::filesystem;

struct CheckpointScan {
  std::string newest;                   // the readable checkpoint with the highest step, or empty
  std::vector<std::string> unreadable;  // "<file>: why", for each one that cannot be read
};

CheckpointScan scan_checkpoints(const std::string& directory) {
  CheckpointScan scan;
  std::int64_t newest_step = -1;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::path(directory) / "checkpoints", error)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".pt" || name == "best_model.pt") continue;
    std::string why;
    auto state = read_checkpoint_state(entry.path().string(), &why);
    if (!state) {
      scan.unreadable.push_back(why);
    } else if (state->step > newest_step) {
      newest_step = state->step;
      scan.newest = entry.path().string();
    }
  }
  return scan;
}

// The saved run, extended by what the request asks for.
RunConfig continued(const RunConfig& saved, const TrainRequest& request) {
  RunConfig config = saved;
  config.train.epochs = request.resume_epochs > 0 ? request.resume_epochs : saved.train.epochs;
  config.train.max_steps = request.config.train.max_steps;
  return config;
}

// From step 0 in the same directory, with the configuration and vocabulary
// run.json and vocabulary.json recorded.
std::optional<ResumeState> from_run_json(const TrainRequest& request, Text* refusal) {
  const std::string& directory = request.resume_directory;
  const std::string run_json = (fs::path(directory) / "run.json").string();
  std::string error;
  std::optional<RunConfig> saved;
  try {
    saved = config_from_run_json(read_file(run_json), &error);
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (!saved) {
    *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                          "%1: no checkpoint to resume from in checkpoints/, and "
                                          "run.json cannot restart it (%2)"),
                        {directory, error});
    return std::nullopt;
  }
  ResumeState state;
  state.config = continued(*saved, request);
  const std::string vocabulary = (fs::path(directory) / "vocabulary.json").string();
  try {
    auto pair = TokenizerPair::load(read_file(vocabulary), &error);
    if (!pair) {
      *refusal = verbatim(vocabulary + ": " + error);
      return std::nullopt;
    }
    state.tokenizers = *pair;
  } catch (const std::runtime_error& e) {
    *refusal = verbatim(directory + ": no checkpoint to resume from, and " + e.what());
    return std::nullopt;
  }
  state.files = {0, 1, 0};
  return state;
}

Text world_size_refusal(const std::string& checkpoint, int saved, int now) {
  const std::vector<std::string> arguments{checkpoint, std::to_string(saved), std::to_string(now)};
  return saved == 1 ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                                 "%1: the run was trained by one process and "
                                                 "this one has %3; resume it with one (Processes, "
                                                 "--nproc or WORLD_SIZE), since the processes "
                                                 "make up each step's batch together"),
                               arguments)
                    : run_text(ATTN_TRANSLATABLE("attn::Run",
                                                 "%1: the run was trained by %2 processes and "
                                                 "this one has %3; resume it with as many "
                                                 "(Processes, --nproc or WORLD_SIZE), since they "
                                                 "make up each step's batch together"),
                               arguments);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string all;
  for (const auto& line : lines) all += (all.empty() ? "" : "; ") + line;
  return all;
}

}  // namespace

std::optional<ResumeState> read_resume_state(const TrainRequest& request, int world_size,
                                             Text* refusal, bool* restart_helps) {
  const std::string& directory = request.resume_directory;
  if (!fs::is_directory(directory)) {
    *refusal = run_text(ATTN_TRANSLATABLE("attn::Run", "%1: no such run directory"), {directory});
    return std::nullopt;
  }
  for (const char* name :
       {"run.json", "metrics.csv", "checkpoints/checkpoint_last.pt", "history.sqlite"}) {
    const auto file = fs::path(directory) / name;
    std::error_code error;
    if (fs::exists(file, error) && !fs::is_regular_file(file, error)) {
      *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "%1: is not a regular file (a directory?); move it "
                                            "aside to resume"),
                          {file.string()});
      return std::nullopt;
    }
  }
  if (request.restart) {
    auto state = from_run_json(request, refusal);
    if (state) state->restart = true;
    return state;
  }

  const CheckpointScan scan = scan_checkpoints(directory);
  if (scan.newest.empty()) {
    // Checkpoints were written and none can be read, or their folder is gone:
    // training again from step 0 would replace the recorded history, so only
    // an explicit --restart does that.
    const fs::path folder = fs::path(directory) / "checkpoints";
    if (restart_helps) *restart_helps = !scan.unreadable.empty() || !fs::is_directory(folder);
    if (!scan.unreadable.empty()) {
      *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "%1: every checkpoint is damaged (%2); nothing to "
                                            "resume from. --restart trains again from step 0 and "
                                            "keeps the old metrics.csv, history.sqlite and "
                                            "checkpoints aside"),
                          {directory, joined(scan.unreadable)});
      return std::nullopt;
    }
    if (!fs::is_directory(folder)) {
      *refusal = run_text(ATTN_TRANSLATABLE("attn::Run",
                                            "%1: missing, so there is nothing to resume from. "
                                            "--restart trains again from step 0 and keeps the old "
                                            "metrics.csv and history.sqlite aside"),
                          {folder.string()});
      return std::nullopt;
    }
    // Killed before its first checkpoint: nothing recorded is lost by
    // training those few steps again.
    auto state = from_run_json(request, refusal);
    if (state) {
      state->notes.push_back(
          "no checkpoint had been written: training again from step 0 with run.json's "
          "configuration");
    }
    return state;
  }

  ResumeState state;
  for (const auto& why : scan.unreadable)
    state.notes.push_back("skipped an unreadable checkpoint: " + why);
  std::string error;
  auto position = read_checkpoint_state(scan.newest, &error);
  if (!position) {
    *refusal = verbatim(error);
    return std::nullopt;
  }
  if (position->world_size != world_size) {
    *refusal = world_size_refusal(scan.newest, position->world_size, world_size);
    return std::nullopt;
  }
  auto saved = run_config_from_json(position->run_config_json, &error, UnknownFields::Ignore);
  if (!saved) {
    *refusal = verbatim(scan.newest + ": configuration: " + error);
    return std::nullopt;
  }
  auto pair = TokenizerPair::load(position->vocabulary_json, &error);
  if (!pair) {
    *refusal = verbatim(scan.newest + ": " + error);
    return std::nullopt;
  }
  state.config = continued(*saved, request);
  state.tokenizers = *pair;
  state.checkpoint = scan.newest;
  state.position = *position;
  state.files = {position->step, position->epoch, position->metrics_bytes};
  return state;
}

}  // namespace attn
