#pragma once
// Where a run continues from, read from its run directory: the newest
// readable checkpoint, or run.json when the run was killed before its first.
// Nothing is changed on disk here; the recorder cuts the files back (or sets
// them aside for --restart) once the run has set up.

#include <optional>
#include <string>
#include <vector>

#include "attn/tokenizer.h"
#include "attn/trainer.h"
#include "train/checkpoint.h"
#include "train/run_recorder.h"

namespace attn {

struct ResumeState {
  RunConfig config;  // the saved run's, extended by the request (epochs, max_steps)
  TokenizerPair tokenizers;
  std::string checkpoint;    // the one to load; empty: train again from step 0
  CheckpointState position;  // where it stopped: step, epoch, next batch, best loss, …
  ResumePoint files;         // what the run's files are cut back to
  // --restart: the earlier metrics.csv, history.sqlite and checkpoints are
  // kept under other names and the run trains from step 0.
  bool restart = false;
  std::vector<std::string> notes;  // for the log
};

// The resume of `request.resume_directory` by a world of `world_size`
// processes, or nullopt with *refusal naming the file: no such directory, a
// file that is not a regular file, checkpoints that are all damaged or a
// missing checkpoints folder (unless the request asks to restart), another
// number of processes, a configuration or vocabulary that cannot be read.
// *restart_helps: whether the refusal is one that TrainRequest::restart answers.
std::optional<ResumeState> read_resume_state(const TrainRequest& request, int world_size,
                                             Text* refusal, bool* restart_helps = nullptr);

}  // namespace attn
