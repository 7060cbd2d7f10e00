// attention-train: the Qt-free command-line trainer.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>

#include "attn/allocator_tuning.h"
#include "attn/background_load.h"
#include "attn/benchmark.h"
#include "attn/blas_tuning.h"
#include "attn/dataset.h"
#include "attn/model_summary.h"
#include "attn/python_export.h"
#include "attn/trainer.h"
#include "attn/version.h"
#include "attn/world.h"
#include "cli_options.h"
#include "inspect_command.h"
#include "progress_printer.h"
#include "rank_launcher.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

attn::TrainingControl* g_control = nullptr;

// Ctrl+C stops between steps (or inside an evaluation) and keeps a
// checkpoint; a second Ctrl+C leaves at once: the run's files are consistent
// at any moment (see README, "A run directory").
extern "C" void on_interrupt(int) {
  if (g_control != nullptr && !g_control->stopped()) {
    g_control->stop();
    return;
  }
  constexpr char kMessage[] =
      "\nattention-train: interrupted twice; leaving now (resume continues from the last "
      "checkpoint)\n";
  [[maybe_unused]] const auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  std::_Exit(kExitInterrupted);
}

int exit_code_of(const attn::RunOutcome& outcome) {
  if (outcome.bad_input) return kExitUsage;
  if (outcome.status == attn::RunStatus::Failed) return kExitFailure;
  if (outcome.status == attn::RunStatus::Stopped) return kExitInterrupted;
  return kExitOk;
}

void print_outcome(const attn::RunOutcome& outcome, const attn::World& world) {
  if (outcome.status == attn::RunStatus::Failed) {
    std::cerr << "attention-train"
              << (world.distributed() ? " (rank " + std::to_string(world.rank) + ")" : "") << ": "
              << outcome.message.english() << "\n";
    return;
  }
  if (world.rank != 0) return;  // rank 0 speaks for the run
  std::cout << attn::to_string(outcome.status) << " after " << outcome.steps << " steps in "
            << attn::cli::format_duration(outcome.seconds) << " (" << std::fixed
            << std::setprecision(0) << outcome.tokens_per_second << " tokens/s)";
  if (!outcome.message.empty()) std::cout << ": " << outcome.message.english();
  std::cout << "\n";
  if (!outcome.run_directory.empty())
    std::cout << "run directory: " << outcome.run_directory << "\n";
}

// --impl both: the two implementations side by side.
void print_comparison(const std::vector<std::pair<std::string, attn::RunOutcome>>& runs) {
  std::cout << "\n"
            << std::left << std::setw(10) << "impl" << std::right << std::setw(8) << "steps"
            << std::setw(10) << "seconds" << std::setw(10) << "tok/s" << std::setw(11)
            << "eval loss" << std::setw(10) << "tok acc" << std::setw(8) << "exact" << std::setw(8)
            << "BLEU"
            << "\n";
  for (const auto& [name, outcome] : runs) {
    std::cout << std::left << std::setw(10) << name << std::right << std::setw(8) << outcome.steps
              << std::fixed << std::setprecision(1) << std::setw(10) << outcome.seconds
              << std::setprecision(0) << std::setw(10) << outcome.tokens_per_second
              << std::setprecision(4) << std::setw(11) << outcome.last.eval_loss
              << std::setprecision(3) << std::setw(10) << outcome.last.token_accuracy
              << std::setw(8) << outcome.last.exact_match << std::setprecision(1) << std::setw(8)
              << outcome.last.bleu << "\n";
  }
}

// --export: the checkpoint as files a PyTorch user loads (attn/python_export.h).
int run_export(const attn::cli::Options& options) {
  if (options.export_to.empty()) {
    std::cerr << "attention-train: --export needs --to DIR (the folder to write)\n";
    return kExitUsage;
  }
  attn::PythonExport exported;
  std::string error;
  if (!attn::export_for_python(options.export_from, options.inspect_checkpoint, options.export_to,
                               &exported, &error)) {
    std::cerr << "attention-train: " << error << "\n";
    return kExitUsage;
  }
  std::cout << "exported " << exported.checkpoint << " (" << exported.parameter_names.size()
            << " tensors)\n";
  for (const auto& file : exported.files) std::cout << "  " << file << "\n";
  std::cout << "in Python:  import sys; sys.path.insert(0, \"" << options.export_to
            << "\"); import load_model\n            model = load_model.load(\"" << options.export_to
            << "\"); print(model.translate(\"...\"))\n";
  return kExitOk;
}

int run_training(const attn::cli::Options& options, const attn::World& world) {
  attn::TrainingControl control;
  g_control = &control;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  attn::cli::ProgressPrinter printer(options.quiet || world.rank != 0, isatty(STDOUT_FILENO) != 0);
  std::vector<std::pair<std::string, attn::RunOutcome>> outcomes;
  int code = kExitOk;
  for (const attn::TrainRequest& request : attn::runs_of(options.request(world))) {
    attn::RunOutcome outcome;
    {
      // The Inspector's requests, as the app makes them (the copies are dropped here).
      std::atomic<bool> done{false};
      std::thread requester;
      if (options.live_copies_every > 0) {
        requester = std::thread([&] {
          const auto interval = std::chrono::duration<double>(options.live_copies_every);
          auto next = std::chrono::steady_clock::now();
          while (!done) {
            next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval);
            while (!done && std::chrono::steady_clock::now() < next)
              std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (!done) control.request_model_copy();
          }
        });
      }
      outcome = attn::train(request, &printer, &control);
      done = true;
      if (requester.joinable()) requester.join();
    }
    print_outcome(outcome, world);
    outcomes.emplace_back(attn::to_string(request.config.implementation), outcome);
    code = exit_code_of(outcome);
    if (code != kExitOk) break;
  }
  if (outcomes.size() > 1) print_comparison(outcomes);
  g_control = nullptr;
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  attn::prefer_fast_blas_kernels(argv);
  attn::keep_freed_memory_for_reuse();
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  const auto parsed = attn::cli::parse(arguments);
  if (!parsed.error.empty()) {
    std::cerr << "attention-train: " << parsed.error << "\n";
    return kExitUsage;
  }
  const auto& options = parsed.options;
  if (options.help) {
    std::cout << attn::cli::help_text();
    return kExitOk;
  }
  if (options.version) {
    std::cout << "attention-train " << attn::app_version() << "\n"
              << attn::torch_build_description() << "\ndevice " << attn::device_description()
              << "\n";
    return kExitOk;
  }
  try {
    // Started before LibTorch starts any thread: a forked child holds no lock.
    const attn::BackgroundLoad background_load(options.background_load);
    if (!options.bench.empty()) {
      if (options.bench == "matmul") {
        std::cout << attn::to_json_line(attn::run_matmul_benchmark(options.run.train.threads))
                  << std::endl;
        return kExitOk;
      }
      if (options.bench.rfind("gemm-", 0) == 0) {
        std::cout << attn::to_json_lines(attn::run_gemm_benchmark(options.bench.substr(5),
                                                                  options.run.train.threads))
                  << std::flush;
        return kExitOk;
      }
      if (options.bench == "bandwidth") {
        std::cout << attn::to_json_line(attn::run_bandwidth_benchmark(options.run.train.threads))
                  << std::endl;
        return kExitOk;
      }
      attn::BenchmarkRequest request;
      request.preset = options.bench;
      request.implementation = options.run.implementation;  // `both` is refused there
      request.capture_every = options.capture_every_given ? options.run.train.capture_every : 0;
      request.threads = options.run.train.threads;
      request.steps = options.bench_steps;
      request.device = options.run.train.device == "auto"
                           ? (attn::cuda_available() ? "cuda" : "cpu")
                           : options.run.train.device;
      request.amp = options.run.train.amp;
      request.cuda_graphs = options.run.train.cuda_graphs;
      request.length = options.bench_length;
      request.d_model = options.bench_d_model;
      request.background_load = background_load.size();
      try {
        std::cout << attn::to_json_line(attn::run_benchmark(request)) << std::endl;
      } catch (const std::invalid_argument& e) {
        std::cerr << "attention-train: " << e.what() << "\n";
        return kExitUsage;
      }
      return kExitOk;
    }
    if (!options.inspect.empty()) return attn::cli::run_inspect(options);
    if (!options.export_from.empty()) return run_export(options);
    if (options.summary) {
      const auto implementation =
          attn::implementations_to_train(options.run.implementation).front();
      const auto summary = attn::summarize_model(options.run.model, implementation);
      // A preset refined by flags is no longer the preset the paper describes.
      const bool exact_preset = attn::model_preset(options.run.preset) == options.run.model;
      const std::string label =
          exact_preset ? options.run.preset : "custom (from " + options.run.preset + ")";
      std::cout << attn::format_summary(summary, options.run.model, label);
      return kExitOk;
    }
    if (options.describe_data) {
      const auto prepared = attn::prepare_data(options.run.data);
      if (!prepared.ok()) {
        std::cerr << "attention-train: " << prepared.error.english() << "\n";
        return kExitUsage;
      }
      std::cout << attn::describe_data(prepared.data);
      return kExitOk;
    }
    if (!options.save_config_path.empty()) {
      std::ofstream out(options.save_config_path);
      out << attn::to_json(options.run) << "\n";
      if (!out) {
        std::cerr << "attention-train: --save-config: cannot write '" << options.save_config_path
                  << "'\n";
        return kExitUsage;
      }
      if (!options.quiet)
        std::cout << "configuration written to " << options.save_config_path << "\n";
      return kExitOk;
    }
    // Several processes: this one starts them (--nproc, --nnodes), or is one
    // of them (RANK and WORLD_SIZE, or Slurm's variables, in the environment).
    std::string world_error;
    auto world = attn::world_from_environment(&world_error);
    if (!world_error.empty()) {
      std::cerr << "attention-train: " << world_error << "\n";
      return kExitUsage;
    }
    const bool launcher = options.nproc > 1 || options.nnodes > 1;
    if (launcher && attn::distributed_backends().empty()) {
      std::cerr << "attention-train: --nproc/--nnodes: this build cannot train across processes "
                   "(LibTorch's c10d with Gloo was not found when it was built: install "
                   "libgloo-dev and build again)\n";
      return kExitUsage;
    }
    if (launcher && world) {
      std::cerr << "attention-train: --nproc/--nnodes start the ranks, but this process already "
                   "is rank "
                << world->rank << " of " << world->size
                << " (RANK and WORLD_SIZE, or SLURM_PROCID and SLURM_NTASKS, are set): leave "
                   "them out, or unset the variables\n";
      return kExitUsage;
    }
    if (launcher) {
      // Said once here rather than by every rank it would start.
      if (options.run.train.cuda_graphs) {
        std::cerr << "attention-train: cuda_graphs: one process only for now (the gradients' "
                     "exchange between ranks runs outside the graphs); drop --cuda-graphs or "
                     "--nproc\n";
        return kExitUsage;
      }
      if (auto problem =
              attn::backend_problem(options.backend, options.nproc, options.run.train.device);
          !problem.empty()) {
        std::cerr << "attention-train: " << problem << "\n";
        return kExitUsage;
      }
      attn::cli::LaunchPlan plan;
      plan.nproc = options.nproc;
      plan.nnodes = options.nnodes;
      plan.node_rank = options.node_rank;
      plan.master = options.master;
      plan.rank_timeout = options.rank_timeout;
      return attn::cli::launch_ranks(plan, arguments);
    }
    attn::World this_world = world.value_or(attn::World{});
    this_world.backend = options.backend;
    this_world.timeout_seconds = options.rank_timeout;
    return run_training(options, this_world);
  } catch (const std::exception& e) {
    std::cerr << "attention-train: " << e.what() << "\n";
    return kExitFailure;
  }
}
