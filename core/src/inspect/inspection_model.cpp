// InspectionModel: opening a model (checkpoint, run, configuration) and
// inspecting one sentence with it.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "attn/dataset.h"
#include "attn/inspection.h"
#include "attn/version.h"
#include "hf/marian_model.h"
#include "inspect/inspection_state.h"
#include "inspect/stages.h"
#include "model/model_factory.h"
#include "probe/probe.h"
#include "train/checkpoint.h"
#include "train/decoding.h"
#include "train/preflight.h"

namespace attn {
namespace fs = std::filesystem;
namespace {

constexpr int kAlternatives = 5;

struct Cancelled {};

// The step each checkpoint file holds, by path, size and modification time:
// finding the checkpoint nearest a moment reads each file's state once, not
// at every move of the timeline (a paper-base checkpoint is 750 MB).
std::optional<std::int64_t> checkpoint_step(const fs::path& path) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<std::string, std::int64_t>> steps;
  std::error_code code;
  const auto size = fs::file_size(path, code);
  const auto time = fs::last_write_time(path, code);
  if (code) return std::nullopt;
  const std::string stamp =
      std::to_string(size) + "|" + std::to_string(time.time_since_epoch().count());
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto found = steps.find(path.string());
    if (found != steps.end() && found->second.first == stamp) return found->second.second;
  }
  std::string why;
  const auto state = read_checkpoint_state(path.string(), &why);
  if (!state) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex);
  steps[path.string()] = {stamp, state->step};
  return state->step;
}

// The checkpoint a run's `which` names; empty with *error set when none.
std::string choose_checkpoint(const fs::path& run, const std::string& which, std::string* error) {
  const fs::path folder = run / "checkpoints";
  std::error_code code;
  if (!fs::is_directory(folder, code)) {
    *error = folder.string() + ": no checkpoints folder (is " + run.string() + " a run directory?)";
    return {};
  }
  auto existing = [&](const std::string& name) {
    const auto path = folder / name;
    return fs::is_regular_file(path, code) ? path.string() : std::string();
  };
  if (which == "best" || which == "last") {
    const std::string name = which == "best" ? "best_model.pt" : "checkpoint_last.pt";
    std::string path = existing(name);
    if (path.empty()) *error = (folder / name).string() + ": no such checkpoint";
    return path;
  }
  if (which.rfind("epoch:", 0) == 0) {
    const std::string name = "checkpoint_epoch_" + which.substr(6) + ".pt";
    std::string path = existing(name);
    if (path.empty())
      *error = (folder / name).string() +
               ": no such checkpoint (older epochs are pruned by keep_checkpoints)";
    return path;
  }
  if (which.rfind("step:", 0) == 0) {
    long long step = 0;
    try {
      step = std::stoll(which.substr(5));
    } catch (const std::exception&) {
      *error = "--checkpoint " + which + ": expected step:N with a number";
      return {};
    }
    std::string nearest;
    long long distance = -1, nearest_step = 0;
    for (const auto& entry : fs::directory_iterator(folder, code)) {
      if (entry.path().extension() != ".pt") continue;
      const auto held = checkpoint_step(entry.path());
      if (!held) continue;
      const long long d = std::llabs(*held - step);
      // Equally near: the earlier one (what the model was at the moment, not after it).
      if (distance < 0 || d < distance || (d == distance && *held < nearest_step)) {
        distance = d;
        nearest_step = *held;
        nearest = entry.path().string();
      }
    }
    if (nearest.empty()) *error = folder.string() + ": no readable checkpoint";
    return nearest;
  }
  if (!which.empty()) {
    *error = "--checkpoint " + which + ": expected best, last, epoch:N or step:N";
    return {};
  }
  for (const char* name : {"best_model.pt", "checkpoint_last.pt"}) {
    if (auto path = existing(name); !path.empty()) return path;
  }
  *error = folder.string() + ": no checkpoint (deleted?); train or resume the run to write one";
  return {};
}

Text describe_checkpoint(const std::string& path, const CheckpointState& state) {
  // `epoch` is the epoch to continue in; at an epoch's end that is the next one.
  const int finished_epochs = state.next_batch == 0 ? state.epoch - 1 : state.epoch;
  const std::string file = fs::path(path).filename().string();
  const std::string step = std::to_string(state.step);
  if (state.next_batch == 0) {
    return Text{kStageTextContext,
                ATTN_TRANSLATABLE("attn::Stage", "%1 · step %2 · after epoch %3"),
                {file, step, std::to_string(finished_epochs)}};
  }
  return Text{kStageTextContext,
              ATTN_TRANSLATABLE("attn::Stage", "%1 · step %2 · in epoch %3"),
              {file, step, std::to_string(state.epoch)}};
}

Implementation implementation_of(const RunConfig& config) {
  // The setup's "both" shows the model of its first run.
  return config.implementation == Implementation::Library ? Implementation::Library
                                                          : Implementation::Scratch;
}

// The probabilities the model gave `tokens` in one teacher-forced pass
// (logits_row [T, V], T = tokens + 1), and its top alternatives. The final
// row's token is shown too when it ended the output: <eos> (or <pad>, which
// the decodings also stop at); at the length limit it is left out.
Translation translation_of(const torch::Tensor& logits_row, const std::vector<int>& tokens,
                           bool stopped_by_limit, const Tokenizer& target) {
  Translation translation;
  const auto log_probabilities = torch::log_softmax(logits_row.to(torch::kFloat32), -1).cpu();
  const int64_t vocabulary = log_probabilities.size(-1);
  const auto top = log_probabilities.topk(std::min<int64_t>(kAlternatives, vocabulary), -1);
  const auto& top_values = std::get<0>(top);
  const auto& top_ids = std::get<1>(top);
  std::vector<int> chosen = tokens;
  const int64_t last = static_cast<int64_t>(tokens.size());
  if (!stopped_by_limit && last < log_probabilities.size(0)) {
    const int final_token = static_cast<int>(top_ids[last][0].item<int64_t>());
    const bool stop = final_token == kEosToken || final_token == kPadToken;
    chosen.push_back(stop ? final_token : kEosToken);
    translation.ended = chosen.back() == kEosToken;
  }
  for (std::size_t t = 0; t < chosen.size(); ++t) {
    const auto row = static_cast<int64_t>(t);
    PredictedToken token;
    token.id = chosen[t];
    token.piece = target.piece(token.id);
    const double log_p = log_probabilities[row][token.id].item<double>();
    token.probability = static_cast<float>(std::exp(log_p));
    translation.log_probability += log_p;
    for (int64_t k = 0; k < top_ids.size(1); ++k) {
      const int id = static_cast<int>(top_ids[row][k].item<int64_t>());
      token.alternatives.push_back(
          {id, target.piece(id), static_cast<float>(std::exp(top_values[row][k].item<double>()))});
    }
    translation.tokens.push_back(std::move(token));
  }
  translation.text = target.decode(tokens);
  return translation;
}

torch::Tensor decoder_input(const std::vector<int>& tokens) {
  std::vector<int64_t> ids = {kBosToken};
  for (int token : tokens) ids.push_back(token);
  return torch::tensor(ids, torch::kLong).unsqueeze(0);
}

// The command line's description (the window inspects on the CPU).
Text on_device(const Text& description, const DeviceChoice& chosen) {
  return Text(kVerbatimContext, "%1 · %2",
              std::vector<std::string>{description.english(), chosen.description});
}

// A Hugging Face MarianMT folder (hf/marian_model.h).
std::shared_ptr<const InspectionModel> open_hugging_face(const std::string& path,
                                                         const DeviceChoice& chosen,
                                                         std::string* error) {
  auto folder = open_marian_folder(path, error);
  if (!folder) return nullptr;
  auto inner = std::make_unique<InspectionModel::State>();
  inner->config.model = folder->config.model;
  inner->config.preset = "custom";
  inner->config.name = fs::path(path).filename().string();
  inner->config.train.beam_size = folder->config.num_beams;
  inner->tokenizers = folder->tokenizers;
  inner->model = folder->model;
  // Hugging Face's max_length counts the decoder's first token; ours counts outputs.
  inner->max_decode_length = std::max(1, folder->config.max_length - 1);
  inner->description = Text{
      kStageTextContext,
      ATTN_TRANSLATABLE("attn::Stage", "%1 · Hugging Face MarianMT · %2"),
      {fs::path(path).filename().string(), fs::path(folder->weights_file).filename().string()}};
  if (chosen.device.is_cuda()) {
    inner->model->to(chosen.device);
    inner->device = chosen.device;
    inner->description = on_device(inner->description, chosen);
  }
  return std::make_shared<const InspectionModel>(std::move(inner));
}

}  // namespace

bool is_hugging_face_model(const std::string& path) { return is_hugging_face_folder(path); }

InspectionModel::InspectionModel(std::unique_ptr<State> state) : state_(std::move(state)) {}
InspectionModel::~InspectionModel() = default;

InspectionModel::State& state_of(const InspectionModel& model) { return *model.state_; }

const RunConfig& InspectionModel::config() const { return state_->config; }
const Text& InspectionModel::description() const { return state_->description; }
std::string InspectionModel::checkpoint_path() const { return state_->checkpoint; }

std::string InspectionModel::resolve_checkpoint(const std::string& path, const std::string& which,
                                                std::string* error) {
  std::error_code code;
  if (fs::is_directory(path, code)) return choose_checkpoint(path, which, error);
  if (!fs::exists(path, code)) {
    *error = path + ": no such run directory or checkpoint file";
    return {};
  }
  return path;
}

std::shared_ptr<const InspectionModel> InspectionModel::open(const std::string& path,
                                                             const std::string& which,
                                                             std::string* error,
                                                             const std::string& device) {
  TrainConfig on;
  on.device = device;
  if (const auto errors = validate(on); !errors.empty()) {
    *error = errors.front().message.english();
    return nullptr;
  }
  Text refusal;
  const auto chosen = choose_device(on, cuda_device_count(), &refusal);
  if (!chosen) {
    *error = refusal.english();
    return nullptr;
  }
  if (is_hugging_face_folder(path)) return open_hugging_face(path, *chosen, error);
  std::string message;
  const std::string checkpoint = resolve_checkpoint(path, which, &message);
  if (checkpoint.empty()) {
    *error = message;
    return nullptr;
  }
  const auto state = read_checkpoint_state(checkpoint, &message);
  if (!state) {
    *error = message;
    return nullptr;
  }
  auto config = run_config_from_json(state->run_config_json, &message, UnknownFields::Ignore);
  if (!config) {
    *error = checkpoint + ": its configuration cannot be read (" + message + ")";
    return nullptr;
  }
  auto tokenizers = TokenizerPair::load(state->vocabulary_json, &message);
  if (!tokenizers) {
    *error = checkpoint + ": its vocabulary cannot be read (" + message + ")";
    return nullptr;
  }
  if (const auto problems = validation_message(config->model); !problems.empty()) {
    *error = checkpoint + ": its model configuration is invalid (" + problems + ")";
    return nullptr;
  }
  auto inner = std::make_unique<State>();
  inner->config = *config;
  inner->tokenizers = *tokenizers;
  inner->checkpoint = checkpoint;
  inner->position = *state;
  inner->position.run_config_json.clear();
  inner->position.vocabulary_json.clear();
  inner->max_decode_length = state->max_decode_length;
  inner->description = describe_checkpoint(checkpoint, *state);
  inner->model = make_model(config->model, implementation_of(*config), config->data.seed);
  if (!load_checkpoint(checkpoint, *inner->model, nullptr, /*restore_rng=*/false, &message)) {
    *error = message;
    return nullptr;
  }
  inner->model->eval();
  if (chosen->device.is_cuda()) {
    inner->model->to(chosen->device);
    inner->device = chosen->device;
    inner->description = on_device(inner->description, *chosen);
  }
  return std::make_shared<const InspectionModel>(std::move(inner));
}

std::shared_ptr<const InspectionModel> InspectionModel::untrained(const RunConfig& config,
                                                                  std::string* error) {
  auto prepared = prepare_data(config.data);
  if (!prepared.ok()) {
    *error = prepared.error.english();
    return nullptr;
  }
  auto inner = std::make_unique<State>();
  inner->config = config;
  auto& model = inner->config.model;
  model.src_vocab_size = prepared.data.tokenizers.source->vocab_size();
  model.tgt_vocab_size = prepared.data.tokenizers.target->vocab_size();
  model.shared_vocab = prepared.data.tokenizers.shared();
  if (const auto problems = validation_message(model); !problems.empty()) {
    *error = "invalid model: " + problems;
    return nullptr;
  }
  inner->tokenizers = prepared.data.tokenizers;
  inner->max_decode_length = static_cast<int>(prepared.data.stats.max_target_tokens) + 10;
  inner->description = Text{kStageTextContext,
                            ATTN_TRANSLATABLE("attn::Stage", "untrained · seed %1"),
                            {std::to_string(config.data.seed)}};
  inner->model = make_model(model, implementation_of(config), config.data.seed);
  inner->model->eval();
  return std::make_shared<const InspectionModel>(std::move(inner));
}

std::shared_ptr<const InspectionModel> make_inspection_model(
    Seq2SeqModelImpl& model, const RunConfig& config, const TokenizerPair& tokenizers,
    const Text& description, NamedTensors* spare, int max_decode_length) {
  auto inner = std::make_unique<InspectionModel::State>();
  inner->max_decode_length = max_decode_length;
  inner->config = config;
  inner->tokenizers = tokenizers;
  inner->description = description;
  torch::NoGradGuard no_grad;
  NamedTensors live;
  for (const auto& item : model.named_parameters(/*recurse=*/true))
    live.emplace_back(item.key(), item.value());
  for (const auto& item : model.named_buffers(/*recurse=*/true))
    live.emplace_back(item.key(), item.value());
  // The spare tensors are free when only `spare` holds them (use_count 1).
  bool reusable = spare != nullptr && spare->size() == live.size();
  for (std::size_t i = 0; reusable && i < live.size(); ++i) {
    const auto& [name, tensor] = (*spare)[i];
    reusable = name == live[i].first && tensor.use_count() == 1 &&
               tensor.sizes() == live[i].second.sizes() && tensor.dtype() == live[i].second.dtype();
  }
  if (reusable) {
    for (std::size_t i = 0; i < live.size(); ++i) (*spare)[i].second.copy_(live[i].second);
    inner->weights = *spare;
  } else {
    for (const auto& [name, tensor] : live) {
      inner->weights.emplace_back(
          name, tensor.is_cpu() ? tensor.detach().clone() : tensor.detach().to(torch::kCPU));
    }
    if (spare != nullptr) *spare = inner->weights;
  }
  return std::make_shared<const InspectionModel>(std::move(inner));
}

Seq2SeqModelImpl& InspectionModel::State::ready_model() {
  if (!model) {
    model = make_model(config.model, implementation_of(config), config.data.seed);
    torch::NoGradGuard no_grad;
    std::map<std::string, torch::Tensor> own;
    for (const auto& item : model->named_parameters(/*recurse=*/true))
      own.emplace(item.key(), item.value());
    for (const auto& item : model->named_buffers(/*recurse=*/true))
      own.emplace(item.key(), item.value());
    for (const auto& [name, tensor] : weights) {
      const auto found = own.find(name);
      if (found == own.end())
        throw std::invalid_argument("live model copy: no tensor named '" + name + "'");
      found->second.copy_(tensor);
    }
    weights.clear();
    model->eval();
  }
  return *model;
}

std::vector<std::string> InspectionModel::vocabulary(bool source) const {
  const auto& tokenizer = source ? *state_->tokenizers.source : *state_->tokenizers.target;
  std::vector<std::string> pieces;
  for (int id = 0; id < tokenizer.vocab_size(); ++id) pieces.push_back(tokenizer.piece(id));
  return pieces;
}

int InspectionModel::max_source_tokens() const {
  return std::max(1, state_->config.model.max_len - 1);  // + <eos>
}

std::vector<std::string> InspectionModel::pieces(const std::string& text,
                                                 std::vector<bool>* unknown) const {
  const auto ids = state_->tokenizers.source->encode(text);
  std::vector<std::string> pieces;
  if (unknown) unknown->clear();
  for (int id : ids) {
    pieces.push_back(state_->tokenizers.source->piece(id));
    if (unknown) unknown->push_back(id == kUnkToken);
  }
  return pieces;
}

Inspection InspectionModel::inspect(const InspectionRequest& request,
                                    const std::function<bool()>& cancelled) const {
  const auto started = std::chrono::steady_clock::now();
  Inspection result;
  const auto& source_tokenizer = *state_->tokenizers.source;
  const auto& target_tokenizer = *state_->tokenizers.target;
  std::vector<int> ids = source_tokenizer.encode(request.text);
  if (ids.empty()) {
    result.error = Text{kStageTextContext,
                        ATTN_TRANSLATABLE("attn::Stage", "nothing to inspect: type a sentence")};
    return result;
  }
  if (std::all_of(ids.begin(), ids.end(), [](int id) { return id == kUnkToken; })) {
    const std::string pieces = std::to_string(ids.size());
    result.error =
        state_->config.data.use_corpus
            ? Text{kStageTextContext,
                   ATTN_TRANSLATABLE("attn::Stage",
                                     "every piece of the input is unknown to this model's "
                                     "vocabulary (%1 × <unk>)"),
                   {pieces}}
            : Text{kStageTextContext,
                   ATTN_TRANSLATABLE("attn::Stage",
                                     "every piece of the input is unknown to this model's "
                                     "vocabulary (%1 × <unk>); the model was trained on %2 data"),
                   {pieces, state_->config.data.task.name}};
    return result;
  }
  const int limit = max_source_tokens();
  if (static_cast<int>(ids.size()) > limit) {
    result.truncated = true;
    result.dropped_tokens = static_cast<int>(ids.size()) - limit;
    ids.resize(static_cast<std::size_t>(limit));
    result.warnings.push_back(Text{kStageTextContext,
                                   ATTN_TRANSLATABLE("attn::Stage",
                                                     "input truncated to the model's %1 source "
                                                     "positions: %2 pieces dropped"),
                                   {std::to_string(limit), std::to_string(result.dropped_tokens)}});
  }
  const auto unknown = std::count(ids.begin(), ids.end(), kUnkToken);
  if (unknown > 0) {
    result.warnings.push_back(Text{
        kStageTextContext,
        ATTN_TRANSLATABLE("attn::Stage", "%1 piece(s) unknown to the vocabulary, read as <unk>"),
        {std::to_string(unknown)}});
  }
  for (int id : ids) {
    result.source_pieces.push_back(source_tokenizer.piece(id));
    result.source_unknown.push_back(id == kUnkToken);
  }
  result.source_pieces.push_back(source_tokenizer.piece(kEosToken));
  result.source_unknown.push_back(false);

  std::vector<int64_t> source_ids(ids.begin(), ids.end());
  source_ids.push_back(kEosToken);
  const auto src = torch::tensor(source_ids, torch::kLong).unsqueeze(0).to(state_->device);
  const int positions = state_->config.model.max_len - 1;  // <bos> takes one
  // As the run's evaluation decoded (its data's longest target + 10), so that
  // the inspector's translation of an evaluation example is the evaluation's
  // even where the model never ends it; twice the source + 10 where unknown.
  const int fallback = state_->max_decode_length > 0 ? state_->max_decode_length
                                                     : 2 * static_cast<int>(source_ids.size()) + 10;
  const int max_length =
      std::min(request.max_length > 0 ? request.max_length : fallback, positions);

  std::lock_guard<std::mutex> lock(state_->mutex);
  auto& model = state_->ready_model();
  const auto check = [&] {
    if (cancelled && cancelled()) throw Cancelled{};
  };
  try {
    torch::NoGradGuard no_grad;
    // The same decoders the evaluation uses, so the inspector's translation
    // is the one the metrics count.
    const auto decode_started = std::chrono::steady_clock::now();
    const auto greedy = greedy_decode(model, src, max_length, check).front();
    // A beam of one is the greedy search: its decoding is not repeated.
    const auto beam =
        request.beam_size <= 1
            ? greedy
            : beam_decode(model, src, request.beam_size, request.length_penalty, max_length, check);
    check();
    result.decode_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - decode_started).count();

    // One traced pass with the decoder reading <bos> + the greedy output: the
    // attention and stages of the model's own prediction, and the
    // probabilities it gave each token (causal masking makes every position's
    // distribution the one the step-by-step decoding saw).
    const auto tgt_in = decoder_input(greedy).to(state_->device);
    const auto pass = traced_pass(model, src, tgt_in);
    const auto at_limit = [&](const std::vector<int>& tokens) {
      return static_cast<int>(tokens.size()) >= max_length;
    };
    result.greedy = translation_of(pass.logits[0], greedy, at_limit(greedy), target_tokenizer);
    if (beam == greedy) {
      result.beam = result.greedy;
    } else {
      const auto beam_logits = model.forward(src, decoder_input(beam).to(state_->device));
      result.beam = translation_of(beam_logits[0], beam, at_limit(beam), target_tokenizer);
    }

    const auto snapshot = snapshot_from_trace(pass.trace, src, tgt_in);
    result.attention = snapshot.examples.front();
    result.target_pieces.push_back(target_tokenizer.piece(kBosToken));
    for (int id : greedy) result.target_pieces.push_back(target_tokenizer.piece(id));
    if (request.stages) result.stages = stages_of(pass, state_->config.model, request);
    data_flow_of(pass, state_->config.model, &result.flow_nodes, &result.flow_edges);
  } catch (const Cancelled&) {
    Inspection cancelled_result;
    cancelled_result.error = Text{kStageTextContext, ATTN_TRANSLATABLE("attn::Stage", "cancelled")};
    return cancelled_result;
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace attn
