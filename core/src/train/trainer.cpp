#include "attn/trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <optional>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "attn/allocator_tuning.h"
#include "attn/files.h"
#include "attn/model_summary.h"
#include "attn/version.h"
#include "data/batcher.h"
#include "inspect/inspection_state.h"
#include "inspect/stages.h"
#include "model/model_factory.h"
#include "probe/gradient_stats.h"
#include "probe/probe.h"
#include "store/fault_injection.h"
#include "train/checkpoint.h"
#include "train/data_parallel.h"
#include "train/evaluation.h"
#include "train/mixed_precision.h"
#include "train/optimization.h"
#include "train/rank_exchange.h"
#include "train/run_recorder.h"
#include "train/threads.h"

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

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kDebugSteps = 2;
constexpr double kPaceSmoothing = 0.9;  // exponential moving average of step time
constexpr int kMaxPositions = 65536;    // ModelConfig's own limit on max_len

// Thrown inside the session to end the run with a status and a message.
struct RunEnded {
  RunStatus status;
  Text message;
  bool bad_input;
};

[[noreturn]] void bad_input(Text message) {
  throw RunEnded{RunStatus::Failed, std::move(message), true};
}
[[noreturn]] void bad_input(const std::string& message) { bad_input(verbatim(message)); }

Text run_text(const char* source, std::vector<std::string> arguments) {
  return Text{kRunTextContext, source, std::move(arguments)};
}

// The newest readable checkpoint in a run directory (by step), or empty;
// `unreadable` collects the checkpoints that could not be read, with why.
std::string latest_checkpoint(const std::string& directory, std::vector<std::string>& unreadable) {
  std::string best;
  std::int64_t best_step = -1;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::path(directory) / "checkpoints", error)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".pt" || name == "best_model.pt") continue;
    std::string why;
    auto state = read_checkpoint_state(entry.path().string(), &why);
    if (!state) unreadable.push_back(why);
    if (state && state->step > best_step) best_step = state->step, best = entry.path().string();
  }
  return best;
}

class Session {
 public:
  Session(const TrainRequest& request, TrainingObserver* observer, TrainingControl* control)
      : request_(request),
        config_(request.config),
        world_(request.world),
        observer_(observer),
        control_(control) {}

  RunOutcome run() {
    started_ = Clock::now();
    try {
      setup();
      loop();
      finish(RunStatus::Finished, Text{});
    } catch (const RunEnded& ended) {
      outcome_.bad_input = ended.bad_input;
      finish(ended.status, ended.message);
    } catch (const c10::Error& e) {
      finish(RunStatus::Failed,
             verbatim(std::string("LibTorch error: ") + e.what_without_backtrace()));
    } catch (const std::exception& e) {
      finish(RunStatus::Failed, verbatim(e.what()));
    }
    return outcome_;
  }

 private:
  // ---- set-up ---------------------------------------------------------------
  void setup() {
    TokenizerPair saved_tokenizers;
    bool resuming = !request_.resume_directory.empty();
    if (resuming) load_resume_state(saved_tokenizers);

    if (config_.implementation != "scratch" && config_.implementation != "library") {
      bad_input("implementation: expected scratch or library, got '" + config_.implementation +
                "'");
    }
    if (auto errors = validate(config_.train); !errors.empty()) bad_input(errors.front().message);
    if (auto problem = threads_request_problem(config_.train.threads); !problem.empty())
      bad_input("threads: " + problem);
    if (auto problem = world_problem(world_); !problem.empty()) bad_input(problem);
    choose_device();
    threads_.emplace(config_.train.threads, config_.model.d_model, !device_.is_cuda(),
                     world_.local_size);
    at::set_num_threads(threads_->threads());

    auto prepared = prepare_data(config_.data, {}, nullptr, resuming ? &saved_tokenizers : nullptr);
    if (!prepared.ok()) bad_input(prepared.error);
    data_ = std::move(prepared.data);
    size_model_to_data();
    if (auto problems = validation_message(config_.model); !problems.empty())
      bad_input("invalid model: " + problems);

    connect_to_other_ranks();
    model_ = make_model(config_.model, implementation(), config_.data.seed);
    model_->to(device_);
    parameters_ = model_->parameters();
    optimizer_ = std::make_unique<FusedAdam>(make_adam(parameters_, config_.train));

    std::vector<const EncodedExample*> probe;
    for (int i = 0;
         i < config_.train.probe_examples && i < static_cast<int>(data_.eval_encoded.size()); ++i) {
      probe.push_back(&data_.eval_encoded[static_cast<std::size_t>(i)]);
      if (!data_.eval_alignment.empty())
        probe_alignments_.push_back(data_.eval_alignment[static_cast<std::size_t>(i)]);
    }
    std::vector<std::size_t> probe_indices(probe.size());
    for (std::size_t i = 0; i < probe.size(); ++i) probe_indices[i] = i;
    probe_ = collate(probe, probe_indices, device_);
    max_decode_length_ = std::min<int>(config_.model.max_len - 1,
                                       static_cast<int>(data_.stats.max_target_tokens) + 10);

    if (request_.write_run_directory && world_.rank == 0) {
      try {
        open_recorder(resuming);
      } catch (const std::runtime_error& e) {
        bad_input(e.what());
      }
    }
    for (const auto& note : resume_notes_) log(note);
    if (resuming && !resume_checkpoint_.empty()) {
      std::string error;
      if (!load_checkpoint(resume_checkpoint_, *model_, optimizer_.get(), /*restore_rng=*/true,
                           &error))
        bad_input(error);
      log("resumed from " + resume_checkpoint_ + " at step " + std::to_string(step_) + " (epoch " +
          std::to_string(start_epoch_) + ", batch " + std::to_string(start_batch_) + ")");
    }
    if (world_.distributed()) {
      // DistributedDataParallel's start: every rank begins from rank 0's parameters.
      exchange_->broadcast(parameters_);
      log("rank " + std::to_string(world_.rank) + " of " + std::to_string(world_.size) + " (" +
          exchange_->backend() + ", rank 0 at " + world_.master_address + ":" +
          std::to_string(world_.master_port) + "): " + std::to_string(config_.train.batch_size) +
          " examples per rank and step, " + std::to_string(config_.train.batch_size * world_.size) +
          " in all");
    }
    log("device " + device_description_ + ", " + threads_->label() + ", " + config_.implementation +
        " implementation, " + std::to_string(count_parameters(config_.model)) + " parameters");
    log("data " + data_.name + ": " + std::to_string(data_.train.size()) + " train / " +
        std::to_string(data_.eval.size()) + " eval pairs, vocabulary " +
        std::to_string(data_.stats.target_vocab));
    if (observer_) {
      observer_->on_start(
          outcome_.run_directory,
          threads_->automatic()
              ? run_text(ATTN_TRANSLATABLE("attn::Run", "%1 · threads: automatic"),
                         {device_description_})
              : run_text(ATTN_TRANSLATABLE("attn::Run", "%1 · threads: %2 (fixed)"),
                         {device_description_, std::to_string(threads_->threads())}));
      auto pieces = [](const Tokenizer& tokenizer) {
        std::vector<std::string> all;
        for (int id = 0; id < tokenizer.vocab_size(); ++id) all.push_back(tokenizer.piece(id));
        return all;
      };
      observer_->on_vocabulary(pieces(*data_.tokenizers.source), pieces(*data_.tokenizers.target));
    }
  }

  void load_resume_state(TokenizerPair& tokenizers) {
    const std::string& directory = request_.resume_directory;
    if (!fs::is_directory(directory))
      bad_input(run_text(ATTN_TRANSLATABLE("attn::Run", "%1: no such run directory"), {directory}));
    for (const char* name :
         {"run.json", "metrics.csv", "checkpoints/checkpoint_last.pt", "history.sqlite"}) {
      const auto file = fs::path(directory) / name;
      std::error_code error;
      if (fs::exists(file, error) && !fs::is_regular_file(file, error)) {
        bad_input(run_text(ATTN_TRANSLATABLE("attn::Run",
                                             "%1: is not a regular file (a directory?); move it "
                                             "aside to resume"),
                           {file.string()}));
      }
    }
    std::vector<std::string> unreadable;
    resume_checkpoint_ = latest_checkpoint(directory, unreadable);
    for (const auto& why : unreadable)
      resume_notes_.push_back("skipped an unreadable checkpoint: " + why);
    if (resume_checkpoint_.empty()) {
      restart_from_run_json(directory, tokenizers);
      return;
    }
    std::string error;
    auto state = read_checkpoint_state(resume_checkpoint_, &error);
    if (!state) bad_input(error);
    if (state->world_size != world_.size) {
      const std::vector<std::string> arguments{
          resume_checkpoint_, std::to_string(state->world_size), std::to_string(world_.size)};
      bad_input(state->world_size == 1
                    ? run_text(ATTN_TRANSLATABLE("attn::Run",
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
                               arguments));
    }
    auto saved = run_config_from_json(state->run_config_json, &error, UnknownFields::Ignore);
    if (!saved) bad_input(resume_checkpoint_ + ": configuration: " + error);
    continue_saved_config(*saved);
    auto pair = TokenizerPair::load(state->vocabulary_json, &error);
    if (!pair) bad_input(resume_checkpoint_ + ": " + error);
    tokenizers = *pair;
    step_ = state->step;
    start_epoch_ = state->epoch;
    start_batch_ = state->next_batch;
    best_eval_loss_ = state->best_eval_loss;
    evaluations_without_improvement_ = state->evaluations_without_improvement;
    have_best_ = state->best_eval_loss > 0;
    epoch_loss_sum_ = state->epoch_loss_sum;
    epoch_steps_ = state->epoch_steps;
    resume_point_ = {state->step, state->epoch, state->metrics_bytes};
  }

  // A run killed before its first checkpoint starts again from step 0 in the
  // same directory, with the configuration and vocabulary it recorded.
  void restart_from_run_json(const std::string& directory, TokenizerPair& tokenizers) {
    const std::string run_json = (fs::path(directory) / "run.json").string();
    std::string error;
    std::optional<RunConfig> saved;
    try {
      saved = config_from_run_json(read_file(run_json), &error);
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (!saved) {
      bad_input(run_text(ATTN_TRANSLATABLE("attn::Run",
                                           "%1: no checkpoint to resume from in checkpoints/, and "
                                           "run.json cannot restart it (%2)"),
                         {directory, error}));
    }
    continue_saved_config(*saved);
    const std::string vocabulary = (fs::path(directory) / "vocabulary.json").string();
    try {
      auto pair = TokenizerPair::load(read_file(vocabulary), &error);
      if (!pair) bad_input(vocabulary + ": " + error);
      tokenizers = *pair;
    } catch (const std::runtime_error& e) {
      bad_input(directory + ": no checkpoint to resume from, and " + e.what());
    }
    resume_point_ = {0, 1, 0};
    resume_notes_.push_back(
        "no checkpoint had been written: training again from step 0 with run.json's configuration");
  }

  // The saved run, extended by what the request asks for.
  void continue_saved_config(const RunConfig& saved) {
    const int epochs = request_.resume_epochs > 0 ? request_.resume_epochs : saved.train.epochs;
    const std::int64_t max_steps = config_.train.max_steps;
    config_ = saved;
    config_.train.epochs = epochs;
    config_.train.max_steps = max_steps;
  }

  Implementation implementation() const {
    return config_.implementation == "library" ? Implementation::Library : Implementation::Scratch;
  }

  void choose_device() {
    const std::string& wanted = config_.train.device;
    const bool cuda = cuda_available();
    if (wanted == "cuda" && !cuda) {
      bad_input(run_text(ATTN_TRANSLATABLE("attn::Run",
                                           "device: cuda was asked for, but no CUDA device is "
                                           "available to this LibTorch; use --device cpu"),
                         {}));
    }
    device_ = (wanted == "cuda" || (wanted == "auto" && cuda)) ? torch::Device(torch::kCUDA)
                                                               : torch::Device(torch::kCPU);
    if (config_.train.amp && !device_.is_cuda()) {
      bad_input(run_text(ATTN_TRANSLATABLE("attn::Run",
                                           "amp: mixed precision needs a CUDA device; this run is "
                                           "on the CPU (drop --amp)"),
                         {}));
    }
    device_description_ = device_.is_cuda() ? "cuda" : "cpu";
    if (config_.train.amp) {
      half_type_ = preferred_half_type(device_);
      scaler_ = LossScaler(half_type_ == torch::kFloat16);
      device_description_ +=
          half_type_ == torch::kBFloat16 ? " (bf16 autocast)" : " (fp16 autocast, loss scaling)";
    }
  }

  // The vocabulary and the longest sequence come from the data.
  void size_model_to_data() {
    auto& model = config_.model;
    model.src_vocab_size = data_.tokenizers.source->vocab_size();
    model.tgt_vocab_size = data_.tokenizers.target->vocab_size();
    model.shared_vocab = data_.tokenizers.shared();
    const std::size_t longest_tokens =
        std::max(data_.stats.max_source_tokens, data_.stats.max_target_tokens) + 2;
    check_sequence_fits(longest_tokens);
    const int longest = static_cast<int>(longest_tokens);
    if (model.max_len < longest) {
      log("max_len raised from " + std::to_string(model.max_len) + " to " +
          std::to_string(longest) + " to fit the longest sequence (+ <bos>/<eos>)");
      model.max_len = longest;
    }
  }

  // Refuses, before anything is allocated, data whose longest sequence the
  // model cannot hold or whose attention for one batch would not fit in memory.
  // A corpus names the file and line of its longest pair and can drop long
  // pairs (Max length); a generated task names itself.
  void check_sequence_fits(std::size_t positions) {
    const bool corpus = config_.data.use_corpus && !data_.stats.longest_pair_at.empty();
    const std::string where = corpus ? data_.stats.longest_pair_at : data_.name;
    if (positions > static_cast<std::size_t>(kMaxPositions)) {
      const std::vector<std::string> arguments{where, std::to_string(positions),
                                               std::to_string(kMaxPositions)};
      bad_input(corpus ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                                    "%1: the longest pair needs %2 positions, "
                                                    "more than the %3 a model may have; drop "
                                                    "long pairs with --max-length (characters)"),
                                  arguments)
                       : run_text(ATTN_TRANSLATABLE("attn::Run",
                                                    "the %1 task: the longest pair needs %2 "
                                                    "positions, more than the %3 a model may have"),
                                  arguments));
    }
    // Attention weights (§3.2.1) per layer and head: batch × positions², kept
    // for the backward pass with their gradients, in every attention block.
    const auto& model = config_.model;
    const double blocks = model.enc_layers + 2.0 * model.dec_layers;
    const double bytes = 3.0 * 4.0 * config_.train.batch_size * model.heads * blocks *
                         static_cast<double>(positions) * static_cast<double>(positions);
    const double memory =
        static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
    if (memory > 0 && bytes > memory) {
      auto gigabytes = [](double value) {
        std::ostringstream text;
        text << std::fixed << std::setprecision(1) << value / 1e9;
        return text.str();
      };
      const std::vector<std::string> arguments{where, std::to_string(positions),
                                               std::to_string(config_.train.batch_size),
                                               gigabytes(bytes), gigabytes(memory)};
      bad_input(corpus ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                                    "%1: the longest pair needs %2 positions; a "
                                                    "batch of %3 at that length needs about %4 GB "
                                                    "for attention alone, more than this "
                                                    "machine's %5 GB; drop long pairs with "
                                                    "--max-length (characters) or use a smaller "
                                                    "--batch-size"),
                                  arguments)
                       : run_text(ATTN_TRANSLATABLE("attn::Run",
                                                    "the %1 task: the longest pair needs %2 "
                                                    "positions; a batch of %3 at that length "
                                                    "needs about %4 GB for attention alone, more "
                                                    "than this machine's %5 GB; use a smaller "
                                                    "--batch-size"),
                                  arguments));
    }
  }

  // The recording side: rank 0's alone (the other ranks record nothing).
  void open_recorder(bool resuming) {
    if (resuming) {
      recorder_ =
          RunRecorder::reopen(request_.resume_directory, resume_point_, config_.implementation);
    } else {
      const std::string name =
          config_.name.empty() ? data_.name + "-" + config_.implementation : config_.name;
      recorder_ = RunRecorder::create(config_.runs_directory, name, config_.implementation);
    }
    outcome_.run_directory = recorder_->directory();
    write_run_json("running", "");
    recorder_->write_vocabulary(data_.tokenizers.save());
  }

  // ---- the other ranks ---------------------------------------------------------
  // Joins the other processes of a data-parallel run and refuses to train when
  // any of them would train another model: another configuration, other data
  // or another version (compared field by field with rank 0's).
  void connect_to_other_ranks() {
    try {
      exchange_ = connect_ranks(world_);
    } catch (const RankExchangeError& e) {
      bad_input(e.what());  // the address, the port or the other ranks' set-up
    }
    if (!world_.distributed()) return;
    const auto mine = setup_fingerprint();
    const auto all = exchange_->share("setup", mine.dump());
    for (int rank = 0; rank < world_.size; ++rank) {
      if (rank == world_.rank || (world_.rank != 0 && rank != 0)) continue;
      const auto theirs = nlohmann::json::parse(all[static_cast<std::size_t>(rank)]);
      const auto& ours = world_.rank == 0 ? theirs : mine;
      const auto& zeros = world_.rank == 0 ? mine : theirs;
      const int other = world_.rank == 0 ? rank : world_.rank;
      if (auto difference = first_difference(zeros, ours); !difference.empty()) {
        bad_input("rank " + std::to_string(other) + " differs from rank 0 at " + difference +
                  "; every rank needs the same configuration, data and version");
      }
    }
  }

  // What must be the same on every rank. Threads may differ (machines do),
  // and only rank 0 names and writes the run directory.
  nlohmann::json setup_fingerprint() const {
    auto config = nlohmann::json::parse(to_json(config_));
    config["train"].erase("threads");
    config.erase("runs_directory");
    config.erase("name");
    const auto pieces_hash = [](const Tokenizer& tokenizer) {
      std::string all;
      for (int id = 0; id < tokenizer.vocab_size(); ++id) all += tokenizer.piece(id) + '\n';
      return std::to_string(std::hash<std::string>{}(all));
    };
    return {{"config", config},
            {"version", {{"attention_studio", app_version()}, {"libtorch", libtorch_version()}}},
            {"data",
             {{"train_pairs", data_.train.size()},
              {"eval_pairs", data_.eval.size()},
              {"source_vocabulary", pieces_hash(*data_.tokenizers.source)},
              {"target_vocabulary", pieces_hash(*data_.tokenizers.target)}}},
            {"world_size", world_.size}};
  }

  // Stop and pause, agreed by every rank before each step (a no-op for one
  // process), so that no rank waits in a collective for one that has left.
  // Also sums the step's target tokens. True when the run is to stop.
  bool agree_between_steps(std::int64_t tokens, std::int64_t* all_tokens) {
    // This rank's votes (stop, pause) and tokens, summed over the ranks.
    const auto vote = [this](std::int64_t count) {
      return exchange_->sum({control_ && control_->stopped() ? 1.0 : 0.0,
                             control_ && control_->paused() ? 1.0 : 0.0,
                             static_cast<double>(count)});
    };
    const auto begun = Clock::now();
    auto votes = vote(tokens);
    *all_tokens = std::llround(votes[2]);
    const double agreeing = std::chrono::duration<double>(Clock::now() - begun).count();
    exchange_seconds_ += agreeing;
    training_seconds_ += agreeing;
    if (votes[0] == 0 && votes[1] > 0) {
      log("paused at step " + std::to_string(step_));
      const auto paused_at = Clock::now();
      while (votes[0] == 0 && votes[1] > 0) {
        hand_over_model_copy();
        std::this_thread::sleep_for(std::chrono::milliseconds(world_.distributed() ? 50 : 20));
        votes = vote(0);
      }
      paused_seconds_ += std::chrono::duration<double>(Clock::now() - paused_at).count();
      if (votes[0] == 0) log("resumed at step " + std::to_string(step_));
    }
    return votes[0] > 0;
  }

  // At each epoch's end: the ranks' parameters must be bit for bit the same
  // (they apply the same summed gradients with the same optimiser); a
  // difference means they no longer train one model, and the run stops.
  void check_ranks_identical(int epoch) {
    if (!world_.distributed()) return;
    torch::NoGradGuard no_grad;
    if (world_.rank == 1 && fault_requested("diverge")) parameters_.front().add_(1e-3);
    const auto all =
        exchange_->share("checksum/" + std::to_string(step_), parameter_checksum(parameters_));
    for (int rank = 1; rank < world_.size; ++rank) {
      if (all[static_cast<std::size_t>(rank)] == all[0]) continue;
      throw RunEnded{RunStatus::Failed,
                     verbatim("after epoch " + std::to_string(epoch) + " (step " +
                              std::to_string(step_) + ") the parameters of rank " +
                              std::to_string(rank) + " differ from rank 0's (checksum " +
                              readable_checksum(all[static_cast<std::size_t>(rank)]) + " against " +
                              readable_checksum(all[0]) +
                              "); the ranks no longer train one model, so the run stops"),
                     false};
    }
  }

  // The ranks other than 0 wait while rank 0 evaluates and records, then
  // continue or end as it says.
  void follow_rank_zero() {
    const auto note = exchange_->await(epoch_note_key());
    epoch_loss_sum_ = 0;
    epoch_steps_ = 0;
    if (note == "go") return;
    // "end <status> <message>", tab-separated
    const auto first = note.find('\t');
    const auto second = note.find('\t', first + 1);
    const std::string status = note.substr(first + 1, second - first - 1);
    const std::string message = second == std::string::npos ? "" : note.substr(second + 1);
    RunStatus ended = RunStatus::Failed;
    for (auto candidate : {RunStatus::Finished, RunStatus::Stopped, RunStatus::EarlyStopped})
      if (to_string(candidate) == status) ended = candidate;
    ended_by_rank_zero_ = true;
    throw RunEnded{ended, verbatim("rank 0 ended the run: " + message), false};
  }

  std::string epoch_note_key() const { return "after-step/" + std::to_string(step_); }

  // ---- the loop -----------------------------------------------------------------
  void loop() {
    // The batches of the whole world: every rank forms the same ones (same
    // seed, same order) and trains on its share of each.
    Batcher batcher(data_.train_encoded, config_.train.batch_size * world_.size,
                    config_.train.bucket_by_length, config_.data.seed);
    const int accumulation = config_.train.accumulation;
    const std::int64_t batches =
        (static_cast<std::int64_t>(batcher.size()) + batcher.batch_size() - 1) /
        batcher.batch_size();
    steps_per_epoch_ = (batches + accumulation - 1) / accumulation;
    planned_steps_ = steps_per_epoch_ * config_.train.epochs;
    if (config_.train.max_steps > 0)
      planned_steps_ = std::min(planned_steps_, config_.train.max_steps);
    if (step_ == 0)
      capture(/*epoch=*/1, /*epoch_end=*/false);  // the untrained model: where attention starts

    for (int epoch = start_epoch_; epoch <= config_.train.epochs; ++epoch) {
      const auto epoch_batches = batcher.epoch_batches(epoch - 1);
      const int first = epoch == start_epoch_ ? start_batch_ : 0;
      for (int b = first; b < static_cast<int>(epoch_batches.size()); b += accumulation) {
        hand_over_model_copy();
        std::vector<Batch> micro;
        std::int64_t tokens = 0;
        for (int m = b; m < std::min<int>(b + accumulation, static_cast<int>(epoch_batches.size()));
             ++m) {
          const auto share = rank_share(epoch_batches[static_cast<std::size_t>(m)], world_);
          if (share.empty()) continue;  // a last batch smaller than the world
          micro.push_back(batcher.make_batch(share, device_));
          tokens += micro.back().target_tokens;
        }
        std::int64_t all_tokens = 0;
        if (agree_between_steps(tokens, &all_tokens)) {
          save_checkpoint_named("checkpoint_last.pt", epoch, b);
          throw RunEnded{
              RunStatus::Stopped,
              run_text(ATTN_TRANSLATABLE("attn::Run", "stopped at step %1; checkpoint kept"),
                       {std::to_string(step_)}),
              false};
        }
        train_step(micro, all_tokens, epoch, b / accumulation + 1);
        const int next = b + accumulation;
        if (config_.train.capture_every > 0 && step_ % config_.train.capture_every == 0)
          capture(epoch, false);
        if (config_.train.checkpoint_every > 0 && step_ % config_.train.checkpoint_every == 0) {
          save_checkpoint_named("checkpoint_last.pt", epoch, next);
        }
        if (config_.train.max_steps > 0 && step_ >= config_.train.max_steps) {
          const bool epoch_done = next >= static_cast<int>(epoch_batches.size());
          end_epoch(epoch, next, epoch_done ? epoch + 1 : epoch, epoch_done ? 0 : next);
          return;
        }
      }
      if (end_epoch(epoch, static_cast<int>(epoch_batches.size()), epoch + 1, 0)) return;
    }
  }

  // The inspector's live model: a copy of the weights, so inspecting never
  // touches (or waits for) the model being trained.
  void hand_over_model_copy() {
    if (!control_ || !observer_ || !control_->take_model_copy_request()) return;
    const auto begun = Clock::now();
    auto copy = make_inspection_model(*model_, config_, data_.tokenizers,
                                      Text{kStageTextContext,
                                           ATTN_TRANSLATABLE("attn::Stage", "live · step %1"),
                                           {std::to_string(step_)}},
                                      &spare_weights_, max_decode_length_);
    live_copy_seconds_ += std::chrono::duration<double>(Clock::now() - begun).count();
    ++live_copies_;
    observer_->on_model_copy(std::move(copy));
  }

  // --debug: the first example of the batch through the model's own forward
  // pass, every stage of encoder layer 1 (head 1, first position) and decoder
  // layer 1, as the inspector shows them.
  void log_stages(const Batch& batch) {
    auto trimmed = [](const torch::Tensor& tokens) {
      const auto row = tokens.narrow(0, 0, 1);
      return row.narrow(1, 0, std::max<int64_t>(1, row.ne(kPadToken).sum().item<int64_t>()));
    };
    const auto pass = traced_pass(*model_, trimmed(batch.src), trimmed(batch.tgt_in));
    log("debug, step " + std::to_string(step_ + 1) + ": example " +
        std::to_string(batch.indices.empty() ? 0 : batch.indices.front()) +
        ", teacher-forced, in eval mode (dropout off):");
    InspectionRequest request;
    for (const auto kind : {AttentionKind::EncoderSelf, AttentionKind::Cross}) {
      request.kind = kind;
      for (const auto& line : describe_stages(stages_of(pass, config_.model, request))) log(line);
    }
  }

  // `tokens`: the step's target tokens on all ranks together; each rank's
  // loss sum is divided by them, so the summed gradients are those of one
  // batch of every rank's examples (token-weighted, as in one process).
  void train_step(const std::vector<Batch>& micro, std::int64_t tokens, int epoch,
                  int batch_in_epoch) {
    const auto begun = Clock::now();
    if (config_.train.debug && step_ < kDebugSteps && !micro.empty()) log_stages(micro.front());
    model_->train();
    release_gradients(parameters_);
    const double share =
        micro.empty() ? 0.0
                      : accumulate_gradients(*model_, micro, config_.train.label_smoothing,
                                             config_.train.amp, half_type_, scaler_.scale(), tokens)
                            .item<double>();
    // Between accumulation and clipping: the gradients of all ranks, summed.
    const auto exchange_begun = Clock::now();
    double loss = exchange_->sum_gradients(parameters_, share);
    exchange_seconds_ += std::chrono::duration<double>(Clock::now() - exchange_begun).count();
    if (fault_requested("nan-loss")) loss = std::nan("");
    if (!std::isfinite(loss)) {
      const std::string step = std::to_string(step_ + 1);
      throw RunEnded{
          RunStatus::Failed,
          std::isnan(loss)
              ? run_text(ATTN_TRANSLATABLE("attn::Run",
                                           "step %1: the loss became NaN; the weights were not "
                                           "updated and the last good checkpoint is kept. Try a "
                                           "lower learning rate (--lr-factor or --lr) or a "
                                           "longer warmup (--warmup)."),
                         {step})
              : run_text(ATTN_TRANSLATABLE("attn::Run",
                                           "step %1: the loss became infinite; the weights were "
                                           "not updated and the last good checkpoint is kept. Try "
                                           "a lower learning rate (--lr-factor or --lr) or a "
                                           "longer warmup (--warmup)."),
                         {step}),
          false};
    }
    StepMetrics metrics;
    scaler_.unscale(parameters_);
    metrics.gradients = gradient_stats(*model_);
    if (!scaler_.update(metrics.gradients.global_norm)) {
      log("step " + std::to_string(step_ + 1) +
          ": fp16 gradients overflowed; step skipped, loss scale now " +
          std::to_string(static_cast<long long>(scaler_.scale())));
      return;
    }
    clip_gradients(parameters_, metrics.gradients.global_norm, config_.train.clip);
    const double lr = learning_rate(config_.train, config_.model.d_model, step_ + 1);
    set_learning_rate(*optimizer_, lr);
    optimizer_->step();
    ++step_;

    const double seconds = std::chrono::duration<double>(Clock::now() - begun).count();
    // The work a step does grows with its padded shape, not its real tokens.
    std::int64_t positions = 0;
    for (const auto& batch : micro) positions += batch.src.numel() + batch.tgt_in.numel();
    const int threads_used = threads_->threads();
    std::string decision;
    // A rank with no examples in this step (a last batch smaller than the
    // world) measured nothing about its threads.
    if (positions > 0 && threads_->after_step(seconds, static_cast<double>(positions), &decision))
      at::set_num_threads(threads_->threads());
    if (!decision.empty()) {
      log("threads: " + std::to_string(threads_->threads()) + " from step " +
          std::to_string(step_ + 1) + " (measured " + decision + ")");
    }
    training_seconds_ += seconds;
    pace_ = pace_ == 0 ? seconds : kPaceSmoothing * pace_ + (1 - kPaceSmoothing) * seconds;
    tokens_trained_ += tokens;
    epoch_loss_sum_ += loss;
    ++epoch_steps_;
    metrics.step = step_;
    metrics.epoch = epoch;
    metrics.batch_in_epoch = batch_in_epoch;
    metrics.batches_per_epoch = static_cast<int>(steps_per_epoch_);
    metrics.loss = loss;
    metrics.lr = lr;
    metrics.tokens_per_second = seconds > 0 ? static_cast<double>(tokens) / seconds : 0;
    metrics.seconds = elapsed_seconds();
    metrics.eta_seconds = std::max<std::int64_t>(0, planned_steps_ - step_) * pace_;
    metrics.planned_steps = planned_steps_;
    metrics.threads = threads_used;
    if (recorder_) recorder_->step(metrics);
    if (observer_) observer_->on_step(metrics);
  }

  void capture(int epoch, bool epoch_end) {
    if (world_.rank != 0 || probe_.src.size(0) == 0) return;
    Snapshot snapshot = capture_snapshot(*model_, probe_.src, probe_.tgt_in);
    snapshot.step = step_;
    snapshot.epoch = epoch;
    for (std::size_t i = 0; i < snapshot.examples.size() && i < probe_alignments_.size(); ++i) {
      snapshot.examples[i].ideal_alignment = probe_alignments_[i];
    }
    if (recorder_) recorder_->snapshot(snapshot, epoch_end);
    last_snapshot_ = snapshot;
    if (observer_) observer_->on_snapshot(snapshot);
  }

  // Evaluation, checkpoints and early stopping; true when the run should end.
  // `batch_reached`: the epoch's next batch, where a run stopped during the
  // evaluation continues (and evaluates again).
  bool end_epoch(int epoch, int batch_reached, int next_epoch, int next_batch) {
    check_ranks_identical(epoch);
    if (world_.rank != 0) {
      follow_rank_zero();
      return false;
    }
    // Until it is posted, the other ranks wait for this evaluation's end.
    pending_note_ = world_.distributed() ? epoch_note_key() : std::string();
    const auto begun = Clock::now();
    capture(epoch, /*epoch_end=*/true);
    EpochMetrics metrics;
    try {
      fault_point("evaluation");
      metrics = evaluate(*model_, data_, config_.train, device_, max_decode_length_,
                         [this] { return control_ && control_->stopped(); });
    } catch (const EvaluationInterrupted&) {
      save_checkpoint_named("checkpoint_last.pt", epoch, batch_reached);
      throw RunEnded{RunStatus::Stopped,
                     run_text(ATTN_TRANSLATABLE("attn::Run",
                                                "stopped during the evaluation of epoch %1 at "
                                                "step %2; checkpoint kept (a resumed run "
                                                "evaluates this epoch again)"),
                              {std::to_string(epoch), std::to_string(step_)}),
                     false};
    }
    metrics.epoch = epoch;
    metrics.step = step_;
    metrics.train_loss = epoch_steps_ > 0 ? epoch_loss_sum_ / epoch_steps_ : 0;
    metrics.alignment_score = alignment_scores(last_snapshot_, probe_alignments_);
    metrics.seconds = std::chrono::duration<double>(Clock::now() - begun).count();
    epoch_loss_sum_ = 0;
    epoch_steps_ = 0;
    const bool improved = !have_best_ || metrics.eval_loss < best_eval_loss_;
    if (improved) {
      best_eval_loss_ = metrics.eval_loss;
      have_best_ = true;
      evaluations_without_improvement_ = 0;
    } else {
      ++evaluations_without_improvement_;
    }
    metrics.best = improved;
    outcome_.last = metrics;
    ++outcome_.epochs;

    std::ostringstream line;
    line << std::fixed << std::setprecision(4) << "epoch " << epoch << " step " << step_
         << ": train loss " << metrics.train_loss << ", eval loss " << metrics.eval_loss
         << ", perplexity " << std::setprecision(3) << metrics.perplexity << ", token accuracy "
         << metrics.token_accuracy << ", exact match " << metrics.exact_match << ", BLEU "
         << std::setprecision(2) << metrics.bleu;
    if (!metrics.alignment_score.empty()) {
      line << ", alignment";
      for (double score : metrics.alignment_score) line << " " << std::setprecision(3) << score;
    }
    log(line.str());
    if (recorder_) {
      recorder_->evaluation(metrics);
      if (improved) save_checkpoint_named("best_model.pt", next_epoch, next_batch);
      if (next_batch == 0) {
        save_checkpoint_named("checkpoint_epoch_" + std::to_string(epoch) + ".pt", next_epoch,
                              next_batch);
        prune_epoch_checkpoints(epoch);
      }
      save_checkpoint_named("checkpoint_last.pt", next_epoch, next_batch);
    }
    if (observer_) observer_->on_epoch(metrics);
    release_freed_memory();
    if (config_.train.patience > 0 && evaluations_without_improvement_ >= config_.train.patience) {
      throw RunEnded{
          RunStatus::EarlyStopped,
          run_text(ATTN_TRANSLATABLE("attn::Run", "eval loss did not improve for %1 evaluations"),
                   {std::to_string(config_.train.patience)}),
          false};
    }
    if (!pending_note_.empty()) exchange_->post(pending_note_, "go");
    pending_note_.clear();
    return false;
  }

  void save_checkpoint_named(const std::string& name, int epoch, int next_batch) {
    if (!recorder_) return;
    CheckpointState state;
    state.step = step_;
    state.epoch = epoch;
    state.next_batch = next_batch;
    state.best_eval_loss = have_best_ ? best_eval_loss_ : 0;
    state.evaluations_without_improvement = evaluations_without_improvement_;
    state.epoch_loss_sum = epoch_loss_sum_;
    state.epoch_steps = epoch_steps_;
    state.max_decode_length = max_decode_length_;
    state.world_size = world_.size;
    RunConfig saved = config_;
    state.run_config_json = to_json(saved);
    state.vocabulary_json = data_.tokenizers.save();
    recorder_->save_checkpoint(name, *model_, optimizer_.get(), std::move(state));
  }

  void prune_epoch_checkpoints(int epoch) {
    const int keep = config_.train.keep_checkpoints;
    if (keep <= 0 || epoch - keep < 1) return;
    recorder_->remove_checkpoint("checkpoint_epoch_" + std::to_string(epoch - keep) + ".pt");
  }

  // ---- the end --------------------------------------------------------------
  void finish(RunStatus status, const Text& message) {
    outcome_.status = status;
    outcome_.message = message;
    outcome_.steps = step_;
    outcome_.best_eval_loss = best_eval_loss_;
    outcome_.seconds = elapsed_seconds();
    outcome_.tokens_per_second = outcome_.seconds > 0 ? tokens_trained_ / outcome_.seconds : 0;
    if (live_copies_ > 0) {
      char line[160];
      std::snprintf(line, sizeof line,
                    "live weights handed to the inspector %d times: %.1f ms in all, %.2f%% of the "
                    "training time",
                    live_copies_, live_copy_seconds_ * 1000,
                    outcome_.seconds > 0 ? 100 * live_copy_seconds_ / outcome_.seconds : 0.0);
      log(line);
    }
    if (world_.distributed() && step_ > 0) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "rank exchange: %.2f ms per step (agreeing and summing gradients; waiting for "
                    "a slower rank included), %.1f%% of the training steps' time",
                    1000 * exchange_seconds_ / static_cast<double>(step_),
                    training_seconds_ > 0 ? 100 * exchange_seconds_ / training_seconds_ : 0.0);
      log(line);
    }
    // Observers get the message with on_finished; the log file keeps it too.
    if (recorder_) {
      try {
        if (!message.empty()) recorder_->log(to_string(status) + ": " + message.english());
        recorder_->flush();
        write_run_json(to_string(status), message.english());
      } catch (const std::exception& e) {
        outcome_.message =
            message.empty() ? verbatim(e.what()) : verbatim(message.english() + "; " + e.what());
      }
    }
    // Ranks waiting for rank 0's evaluation learn how the run ended.
    const bool told_others = !pending_note_.empty() && exchange_;
    if (told_others)
      exchange_->post(pending_note_, "end\t" + to_string(status) + "\t" + message.english());
    // When the ranks end together, rank 0 (which keeps the rendezvous) waits
    // until every rank has read what it needs; after a failure it does not.
    if (exchange_ && world_.distributed() &&
        (status != RunStatus::Failed || told_others || ended_by_rank_zero_)) {
      try {
        exchange_->share("finished", "");
      } catch (const std::exception&) {
        // A rank already gone has nothing left to read.
      }
    }
    if (observer_) observer_->on_finished(outcome_);
  }

  void write_run_json(const std::string& status, const std::string& message) {
    nlohmann::json document = {
        {"status", status},
        {"message", message},
        {"config", nlohmann::json::parse(to_json(config_))},
        {"versions", {{"attention_studio", app_version()}, {"libtorch", libtorch_version()}}},
        {"device", device_description_},
        {"threads", threads_ ? threads_->threads() : 0},
        {"threads_automatic", threads_ && threads_->automatic()},
        {"seed", config_.data.seed},
        {"parameters", count_parameters(config_.model)},
        {"steps", step_},
        {"wall_seconds", elapsed_seconds()},
        {"best_eval_loss", have_best_ ? nlohmann::json(best_eval_loss_) : nlohmann::json(nullptr)},
        // Where residual norms are taken (LayerStats::residual_norms); runs
        // without this field took them after a post-norm LayerNorm.
        {"residual_norms", "before_layer_norm"},
        // Processes that trained together (World); one in a plain run.
        {"world_size", world_.size},
    };
    if (world_.distributed() && exchange_) {
      document["rank_exchange_seconds"] = exchange_seconds_;
      document["training_step_seconds"] = training_seconds_;
      document["backend"] = exchange_->backend();
      document["rank_hosts"] = exchange_->hosts();
      document["batch_size_per_rank"] = config_.train.batch_size;
    }
    if (outcome_.epochs > 0) {
      const auto& last = outcome_.last;
      document["final"] = {{"epoch", last.epoch},
                           {"eval_loss", last.eval_loss},
                           {"perplexity", last.perplexity},
                           {"token_accuracy", last.token_accuracy},
                           {"exact_match", last.exact_match},
                           {"bleu", last.bleu},
                           {"alignment_score", last.alignment_score}};
    }
    recorder_->write_run_json(document.dump(2));
  }

  void log(const std::string& line) {
    if (recorder_) recorder_->log(line);
    if (observer_) observer_->on_log(line);
  }

  double elapsed_seconds() const {
    return std::chrono::duration<double>(Clock::now() - started_).count() - paused_seconds_;
  }

  const TrainRequest& request_;
  RunConfig config_;
  World world_;
  std::unique_ptr<RankExchange> exchange_;
  std::string pending_note_;         // rank 0: the note the other ranks wait for, not yet posted
  bool ended_by_rank_zero_ = false;  // the other ranks: rank 0's note ended the run
  double exchange_seconds_ = 0;  // in collectives, this session (waiting for slower ranks included)
  double training_seconds_ = 0;  // in training steps, this session
  TrainingObserver* observer_;
  TrainingControl* control_;
  RunOutcome outcome_;
  Clock::time_point started_;
  double paused_seconds_ = 0;
  int live_copies_ = 0;         // the inspector's copies of the weights, and their time
  NamedTensors spare_weights_;  // memory the next copy may reuse
  double live_copy_seconds_ = 0;

  PreparedData data_;
  torch::Device device_{torch::kCPU};
  std::string device_description_ = "cpu";
  std::optional<RunThreads> threads_;  // set once the device is known
  torch::ScalarType half_type_ = torch::kBFloat16;
  LossScaler scaler_{false};
  Seq2SeqModel model_;
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<FusedAdam> optimizer_;
  std::unique_ptr<RunRecorder> recorder_;  // rank 0's, when the run writes a directory
  Batch probe_;
  std::vector<Alignment> probe_alignments_;
  Snapshot last_snapshot_;
  int max_decode_length_ = 0;

  std::string resume_checkpoint_;
  ResumePoint resume_point_;
  std::vector<std::string> resume_notes_;
  std::int64_t step_ = 0;
  int start_epoch_ = 1;
  int start_batch_ = 0;
  std::int64_t steps_per_epoch_ = 0;
  std::int64_t planned_steps_ = 0;
  double pace_ = 0;
  double tokens_trained_ = 0;
  double epoch_loss_sum_ = 0;
  int epoch_steps_ = 0;
  double best_eval_loss_ = 0;
  bool have_best_ = false;
  int evaluations_without_improvement_ = 0;
};

}  // namespace

RunOutcome train(const TrainRequest& request, TrainingObserver* observer,
                 TrainingControl* control) {
  return Session(request, observer, control).run();
}

}  // namespace attn
