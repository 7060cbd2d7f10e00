#include "train/run_setup.h"

#include "attn/model_summary.h"
#include "attn/version.h"
#include "model/model_factory.h"
#include "train/optimization.h"
#include "train/rank_protocol.h"
#include "train/resume.h"

namespace attn {
namespace {

// A resumed run continues with the configuration, position, early stopping
// and epoch loss its checkpoint saved.
void continue_from(RunState& run, const ResumeState& resume) {
  run.config = resume.config;
  run.position = {resume.position.step, resume.position.epoch, resume.position.next_batch};
  run.stopping = EarlyStopping(run.config.train.patience);
  run.stopping.restore(resume.position.best_eval_loss,
                       resume.position.evaluations_without_improvement);
  run.epoch_loss = {resume.position.epoch_loss_sum, resume.position.epoch_steps};
}

constexpr const char* kGraphsOneProcess =
    "cuda_graphs: one process only for now (the gradients' exchange between ranks runs outside "
    "the graphs); drop --cuda-graphs or --nproc";

// Joins the other processes of a data-parallel run, and refuses to train
// when any of them would train another model.
MaybeEnd join_other_ranks(RunState& run) {
  try {
    run.exchange = connect_ranks(run.world, run.config.train.device, run.device.device);
  } catch (const RankExchangeError& e) {
    return refusal(e.what());  // the address, the port or the other ranks' set-up
  }
  if (!run.world.distributed()) return std::nullopt;
  const auto all =
      run.exchange->gather_text("setup", setup_fingerprint(run.config, run.data, run.world).dump());
  if (auto mismatch = setup_mismatch(all, run.world); !mismatch.empty()) return refusal(mismatch);
  return std::nullopt;
}

// The recording side: rank 0's alone (the other ranks record nothing).
void open_recorder(RunState& run, const ResumeState* resume) {
  const std::string implementation = to_string(run.config.implementation);
  const std::string& directory = run.request.resume_directory;
  if (resume && resume->restart) {
    std::string set_aside;
    run.recorder = RunRecorder::restart(directory, implementation, &set_aside);
    run.recorder->log("training again from step 0 (--restart); " + set_aside);
  } else if (resume) {
    run.recorder = RunRecorder::reopen(directory, resume->files, implementation);
  } else {
    const std::string name =
        run.config.name.empty() ? run.data.name + "-" + implementation : run.config.name;
    run.recorder = RunRecorder::create(run.config.runs_directory, name, implementation);
  }
  run.recorder->record_clock(!run.config.train.deterministic);
  run.outcome.run_directory = run.recorder->directory();
  run.recorder->write_run_json(run.facts("running", ""));
  run.recorder->write_vocabulary(run.data.tokenizers.save());
}

void announce_start(RunState& run) {
  if (!run.observer) return;
  const RunThreads& threads = *run.threads;
  run.observer->on_start(
      run.outcome.run_directory,
      threads.automatic() ? run_text(ATTN_TRANSLATABLE("attn::Run", "%1 · threads: automatic"),
                                     {run.device.description})
                          : run_text(ATTN_TRANSLATABLE("attn::Run", "%1 · threads: %2 (fixed)"),
                                     {run.device.description, std::to_string(threads.threads())}));
  auto pieces = [](const Tokenizer& tokenizer) {
    std::vector<std::string> all;
    for (int id = 0; id < tokenizer.vocab_size(); ++id) all.push_back(tokenizer.piece(id));
    return all;
  };
  run.observer->on_vocabulary(pieces(*run.data.tokenizers.source),
                              pieces(*run.data.tokenizers.target));
}

}  // namespace

MaybeEnd set_up_run(RunState& run) {
  const TrainRequest& request = run.request;
  std::optional<ResumeState> resume;
  if (!request.resume_directory.empty()) {
    Text refused;
    bool restart_helps = false;
    resume = read_resume_state(request, run.world.size, &refused, &restart_helps);
    if (!resume) {
      RunEnd end = refusal(refused);
      end.restart_helps = restart_helps;
      return end;
    }
    continue_from(run, *resume);
  }
  const TrainConfig& train = run.config.train;
  if (run.config.implementation == Implementation::Both)
    return refusal("implementation: both trains two runs; train each implementation in turn");
  if (auto errors = validate(train); !errors.empty()) return refusal(errors.front().message);
  if (auto problem = threads_request_problem(train.threads); !problem.empty())
    return refusal("threads: " + problem);
  if (auto problem = world_problem(run.world); !problem.empty()) return refusal(problem);
  Text refused;
  auto device = choose_device(train, cuda_device_count(), &refused, run.world.local_rank);
  if (!device) return refusal(refused);
  if (train.cuda_graphs && run.world.distributed()) return refusal(kGraphsOneProcess);
  run.device = *device;
  run.scaler = LossScaler(run.device.loss_scaling, run.device.device);
  run.threads.emplace(train.threads, run.config.model.d_model, !run.device.device.is_cuda(),
                      run.world.local_size, train.deterministic);
  at::set_num_threads(run.threads->threads());
  // LibTorch's deterministic kernels where it has a choice (on CUDA mostly);
  // ours are deterministic for a fixed thread count. Set for every run: the
  // setting is the process's, and the window trains one run after another.
  at::globalContext().setDeterministicAlgorithms(train.deterministic, /*warn_only=*/true);

  auto prepared =
      prepare_data(run.config.data, {}, nullptr, resume ? &resume->tokenizers : nullptr);
  if (!prepared.ok()) return refusal(prepared.error);
  run.data = std::move(prepared.data);
  const ModelFit fit = fit_model_to_data(run.config, run.data, physical_memory_bytes());
  if (!fit.refusal.empty()) return refusal(fit.refusal);
  for (const auto& note : fit.notes) run.log(note);
  if (auto problems = validation_message(run.config.model); !problems.empty())
    return refusal("invalid model: " + problems);

  if (auto end = join_other_ranks(run)) return end;
  run.model = make_model(run.config.model, run.config.implementation, run.config.data.seed);
  run.model->to(run.device.device);
  run.parameters = run.model->parameters();
  run.optimizer =
      std::make_unique<FusedAdam>(make_adam(run.parameters, train, run.config.model.d_model));
  run.probe = choose_probe_examples(run.data, train.probe_examples, run.device.device);
  run.max_decode_length = std::min<int>(run.config.model.max_len - 1,
                                        static_cast<int>(run.data.stats.max_target_tokens) + 10);

  if (request.write_run_directory && run.world.rank == 0) {
    try {
      open_recorder(run, resume ? &*resume : nullptr);
    } catch (const std::runtime_error& e) {
      return refusal(e.what());
    }
  }
  if (resume) {
    for (const auto& note : resume->notes) run.log(note);
    if (!resume->checkpoint.empty()) {
      std::string error;
      if (!load_checkpoint(resume->checkpoint, *run.model, run.optimizer.get(),
                           /*restore_rng=*/true, &error))
        return refusal(error);
      run.log("resumed from " + resume->checkpoint + " at step " +
              std::to_string(run.position.step) + " (epoch " + std::to_string(run.position.epoch) +
              ", batch " + std::to_string(run.position.next_batch) + ")");
    }
  }
  if (train.cuda_graphs) {
    run.graphs = std::make_unique<CudaGraphStep>(
        *run.model, *run.optimizer, train, run.config.model.d_model, train.amp != AmpMode::Off,
        run.device.half_type, run.config.model.max_len);
  }
  if (run.world.distributed()) {
    // DistributedDataParallel's start: every rank begins from rank 0's parameters.
    run.exchange->broadcast(run.parameters);
    const World& world = run.world;
    run.log("rank " + std::to_string(world.rank) + " of " + std::to_string(world.size) + " (" +
            run.exchange->backend() + ", rank 0 at " + world.master_address + ":" +
            std::to_string(world.master_port) + "): " + std::to_string(train.batch_size) +
            " examples per rank and step, " + std::to_string(train.batch_size * world.size) +
            " in all");
  }
  run.log("device " + run.device.description + ", " + run.threads->label() + ", " +
          to_string(run.config.implementation) + " implementation, " +
          std::to_string(count_parameters(run.config.model)) + " parameters");
  run.log("data " + run.data.name + ": " + std::to_string(run.data.train.size()) + " train / " +
          std::to_string(run.data.eval.size()) + " eval pairs, vocabulary " +
          std::to_string(run.data.stats.target_vocab));
  announce_start(run);
  return std::nullopt;
}

}  // namespace attn
