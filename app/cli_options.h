#pragma once
// Command-line options of attention-train: one table that parses, validates
// and prints --help with every default.

#include <string>
#include <vector>

#include "attn/train_config.h"
#include "attn/trainer.h"

namespace attn::cli {

struct Options {
  RunConfig run = default_run();
  bool summary = false;
  bool describe_data = false;
  bool help = false;
  bool version = false;
  bool quiet = false;
  std::string resume_directory;
  std::string save_config_path;
  std::string config_path;
  std::string bench;  // --bench PRESET|matmul
  int bench_steps = 30;
  int bench_length = 0;
  int bench_d_model = 0;
  int background_load = 0;  // busy processes started beside the run (--background-load)
  // Seconds between requests for the Inspector's live copy of the weights
  // (--live-copies-every; 0: none), to measure what handing them over costs.
  double live_copies_every = 0;
  // --inspect: a run directory, a checkpoint file or "untrained".
  std::string inspect;
  std::string inspect_input;
  bool inspect_input_given = false;
  std::string inspect_checkpoint;  // best, last, epoch:N, step:N (empty: best, else last)
  // --export RUN|CKPT --to DIR: the model for PyTorch users.
  std::string export_from;
  std::string export_to;
  std::string inspect_json;  // write the whole inspection here
  std::string inspect_kind = "encoder-self";
  int inspect_layer = 1;  // from 1, as people count
  int inspect_head = 1;
  int inspect_token = 1;
  // Training across processes (attn/world.h): --nproc local processes on each
  // of --nnodes machines, meeting at --master; in a launched rank, the
  // environment (RANK, WORLD_SIZE, …) says the same.
  int nproc = 1;
  int nnodes = 1;
  int node_rank = 0;
  std::string master;   // HOST:PORT; empty: 127.0.0.1 and a free port (one machine)
  std::string backend;  // gloo | nccl; empty: chosen by the device
  int rank_timeout = 30;
  bool capture_every_given = false;
  bool epochs_given = false;  // with --resume: train to this epoch instead of the saved run's
  bool restart = false;       // with --resume: train again from step 0 (TrainRequest::restart)

  // The training these options ask for, as a process of `world`.
  TrainRequest request(const World& world) const;

  static RunConfig default_run() {
    RunConfig run;
    run.model = *model_preset("tiny");
    return run;
  }
};

struct ParseResult {
  Options options;
  std::string error;  // one line naming the option and what was expected; empty on success
};

ParseResult parse(const std::vector<std::string>& arguments);
std::string help_text();

}  // namespace attn::cli
