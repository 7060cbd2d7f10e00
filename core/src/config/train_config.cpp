#include "attn/train_config.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace attn {
namespace {

template <typename T>
void check_at_least(std::vector<std::string>& errors, const char* field, T value, T low) {
  if (value < low) {
    std::ostringstream message;
    message << field << ": " << value << " must be at least " << low;
    errors.push_back(message.str());
  }
}

}  // namespace

std::vector<std::string> validate(const TrainConfig& c) {
  std::vector<std::string> errors;
  check_at_least(errors, "epochs", c.epochs, 1);
  check_at_least(errors, "max_steps", c.max_steps, std::int64_t{0});
  check_at_least(errors, "batch_size", c.batch_size, 1);
  check_at_least(errors, "accumulation", c.accumulation, 1);
  check_at_least(errors, "warmup", c.warmup, 1);
  check_at_least(errors, "capture_every", c.capture_every, 0);
  check_at_least(errors, "probe_examples", c.probe_examples, 1);
  check_at_least(errors, "checkpoint_every", c.checkpoint_every, std::int64_t{0});
  check_at_least(errors, "keep_checkpoints", c.keep_checkpoints, 0);
  check_at_least(errors, "threads", c.threads, 0);
  check_at_least(errors, "patience", c.patience, 0);
  check_at_least(errors, "beam_size", c.beam_size, 1);
  if (!(c.lr_factor > 0)) errors.push_back("lr_factor: must be greater than 0");
  if (!(c.lr > 0)) errors.push_back("lr: must be greater than 0");
  if (!(c.label_smoothing >= 0 && c.label_smoothing < 1)) {
    errors.push_back("label_smoothing: " + std::to_string(c.label_smoothing) +
                     " is outside [0, 1)");
  }
  if (!(c.clip >= 0)) errors.push_back("clip: must be 0 (off) or more");
  if (!(c.adam_beta1 >= 0 && c.adam_beta1 < 1)) errors.push_back("adam_beta1: outside [0, 1)");
  if (!(c.adam_beta2 >= 0 && c.adam_beta2 < 1)) errors.push_back("adam_beta2: outside [0, 1)");
  if (!(c.adam_eps > 0)) errors.push_back("adam_eps: must be greater than 0");
  if (c.device != "auto" && c.device != "cpu" && c.device != "cuda") {
    errors.push_back("device: expected auto, cpu or cuda, got '" + c.device + "'");
  }
  return errors;
}

std::string to_string(LrSchedule schedule) {
  return schedule == LrSchedule::Constant ? "constant" : "noam";
}

std::optional<LrSchedule> parse_lr_schedule(const std::string& text) {
  if (text == "noam") return LrSchedule::Noam;
  if (text == "constant") return LrSchedule::Constant;
  return std::nullopt;
}

namespace {

nlohmann::json train_json(const TrainConfig& c) {
  return {{"epochs", c.epochs},
          {"max_steps", c.max_steps},
          {"batch_size", c.batch_size},
          {"accumulation", c.accumulation},
          {"schedule", to_string(c.schedule)},
          {"lr_factor", c.lr_factor},
          {"warmup", c.warmup},
          {"lr", c.lr},
          {"adam_beta1", c.adam_beta1},
          {"adam_beta2", c.adam_beta2},
          {"adam_eps", c.adam_eps},
          {"label_smoothing", c.label_smoothing},
          {"clip", c.clip},
          {"device", c.device},
          {"amp", c.amp},
          {"threads", c.threads},
          {"patience", c.patience},
          {"capture_every", c.capture_every},
          {"probe_examples", c.probe_examples},
          {"checkpoint_every", c.checkpoint_every},
          {"keep_checkpoints", c.keep_checkpoints},
          {"bucket_by_length", c.bucket_by_length},
          {"beam_size", c.beam_size},
          {"length_penalty", c.length_penalty},
          {"sample_predictions", c.sample_predictions},
          {"debug", c.debug}};
}

nlohmann::json data_json(const DataConfig& d) {
  return {{"source", d.use_corpus ? "corpus" : "task"},
          {"task",
           {{"name", d.task.name},
            {"train_size", d.task.train_size},
            {"eval_size", d.task.eval_size},
            {"min_length", d.task.min_length},
            {"max_length", d.task.max_length},
            {"symbols", d.task.symbols},
            {"shift", d.task.shift},
            {"seed", d.task.seed}}},
          {"corpus",
           {{"path", d.corpus.path},
            {"target_path", d.corpus.target_path},
            {"max_examples", d.corpus.max_examples},
            {"max_length", d.corpus.max_length},
            {"lowercase", d.corpus.lowercase},
            {"skip_bad_lines", d.corpus.skip_bad_lines},
            {"eval_size", d.corpus_eval_size}}},
          {"tokenizer",
           {{"kind", to_string(d.tokenizer.kind)},
            {"vocab_size", d.tokenizer.vocab_size},
            {"shared", d.tokenizer.shared},
            {"sentencepiece_bpe", d.tokenizer.sentencepiece_bpe}}},
          {"seed", d.seed}};
}

// Reads `key` into `target` when present; the path names the field in errors.
template <typename T>
void read(const nlohmann::json& object, const char* key, T& target, const std::string& path) {
  if (!object.contains(key)) return;
  try {
    object.at(key).get_to(target);
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(path + key + ": has the wrong type");
  }
}

}  // namespace

std::string to_json(const RunConfig& config) {
  nlohmann::json document = {{"name", config.name},
                             {"preset", config.preset},
                             {"implementation", config.implementation},
                             {"model", nlohmann::json::parse(to_json(config.model))},
                             {"data", data_json(config.data)},
                             {"train", train_json(config.train)},
                             {"runs_directory", config.runs_directory}};
  return document.dump(2);
}

std::optional<RunConfig> run_config_from_json(const std::string& text, std::string* error) {
  RunConfig config;
  try {
    const auto document = nlohmann::json::parse(text);
    if (!document.is_object()) throw std::invalid_argument("expected a JSON object");
    read(document, "name", config.name, "");
    read(document, "preset", config.preset, "");
    read(document, "implementation", config.implementation, "");
    read(document, "runs_directory", config.runs_directory, "");
    if (document.contains("model")) {
      std::string model_error;
      auto model = model_config_from_json(document.at("model").dump(), &model_error);
      if (!model) throw std::invalid_argument("model." + model_error);
      config.model = *model;
    }
    if (document.contains("data")) {
      const auto& d = document.at("data");
      std::string source = "task";
      read(d, "source", source, "data.");
      config.data.use_corpus = source == "corpus";
      read(d, "seed", config.data.seed, "data.");
      if (d.contains("task")) {
        const auto& t = d.at("task");
        auto& task = config.data.task;
        read(t, "name", task.name, "data.task.");
        read(t, "train_size", task.train_size, "data.task.");
        read(t, "eval_size", task.eval_size, "data.task.");
        read(t, "min_length", task.min_length, "data.task.");
        read(t, "max_length", task.max_length, "data.task.");
        read(t, "symbols", task.symbols, "data.task.");
        read(t, "shift", task.shift, "data.task.");
        read(t, "seed", task.seed, "data.task.");
      }
      if (d.contains("corpus")) {
        const auto& c = d.at("corpus");
        auto& corpus = config.data.corpus;
        read(c, "path", corpus.path, "data.corpus.");
        read(c, "target_path", corpus.target_path, "data.corpus.");
        read(c, "max_examples", corpus.max_examples, "data.corpus.");
        read(c, "max_length", corpus.max_length, "data.corpus.");
        read(c, "lowercase", corpus.lowercase, "data.corpus.");
        read(c, "skip_bad_lines", corpus.skip_bad_lines, "data.corpus.");
        read(c, "eval_size", config.data.corpus_eval_size, "data.corpus.");
      }
      if (d.contains("tokenizer")) {
        const auto& k = d.at("tokenizer");
        std::string kind = to_string(config.data.tokenizer.kind);
        read(k, "kind", kind, "data.tokenizer.");
        auto parsed = parse_tokenizer_kind(kind);
        if (!parsed)
          throw std::invalid_argument("data.tokenizer.kind: expected char, word or sentencepiece");
        config.data.tokenizer.kind = *parsed;
        read(k, "vocab_size", config.data.tokenizer.vocab_size, "data.tokenizer.");
        read(k, "shared", config.data.tokenizer.shared, "data.tokenizer.");
        read(k, "sentencepiece_bpe", config.data.tokenizer.sentencepiece_bpe, "data.tokenizer.");
      }
    }
    if (document.contains("train")) {
      const auto& t = document.at("train");
      auto& train = config.train;
      read(t, "epochs", train.epochs, "train.");
      read(t, "max_steps", train.max_steps, "train.");
      read(t, "batch_size", train.batch_size, "train.");
      read(t, "accumulation", train.accumulation, "train.");
      std::string schedule = to_string(train.schedule);
      read(t, "schedule", schedule, "train.");
      auto parsed = parse_lr_schedule(schedule);
      if (!parsed) throw std::invalid_argument("train.schedule: expected noam or constant");
      train.schedule = *parsed;
      read(t, "lr_factor", train.lr_factor, "train.");
      read(t, "warmup", train.warmup, "train.");
      read(t, "lr", train.lr, "train.");
      read(t, "adam_beta1", train.adam_beta1, "train.");
      read(t, "adam_beta2", train.adam_beta2, "train.");
      read(t, "adam_eps", train.adam_eps, "train.");
      read(t, "label_smoothing", train.label_smoothing, "train.");
      read(t, "clip", train.clip, "train.");
      read(t, "device", train.device, "train.");
      read(t, "amp", train.amp, "train.");
      read(t, "threads", train.threads, "train.");
      read(t, "patience", train.patience, "train.");
      read(t, "capture_every", train.capture_every, "train.");
      read(t, "probe_examples", train.probe_examples, "train.");
      read(t, "checkpoint_every", train.checkpoint_every, "train.");
      read(t, "keep_checkpoints", train.keep_checkpoints, "train.");
      read(t, "bucket_by_length", train.bucket_by_length, "train.");
      read(t, "beam_size", train.beam_size, "train.");
      read(t, "length_penalty", train.length_penalty, "train.");
      read(t, "sample_predictions", train.sample_predictions, "train.");
      read(t, "debug", train.debug, "train.");
    }
  } catch (const nlohmann::json::parse_error& e) {
    if (error) *error = std::string("not valid JSON: ") + e.what();
    return std::nullopt;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  return config;
}

}  // namespace attn
