#include "attn/train_config.h"

#include <nlohmann/json.hpp>

#include "config/json_fields.h"

namespace attn {
namespace {

template <typename T>
void check_range(std::vector<ConfigError>& errors, const char* field, T value, T low, T high) {
  if (value < low) {
    errors.push_back({field, Text{kConfigTextContext,
                                  ATTN_TRANSLATABLE("attn::Config", "%1: %2 must be at least %3"),
                                  {field, decimal(value), decimal(low)}}});
  } else if (value > high) {
    errors.push_back({field, Text{kConfigTextContext,
                                  ATTN_TRANSLATABLE("attn::Config", "%1: %2 must be at most %3"),
                                  {field, decimal(value), decimal(high)}}});
  }
}

// A message without numbers, for `field`.
void refuse(std::vector<ConfigError>& errors, const char* field, const char* message,
            std::vector<std::string> arguments = {}) {
  errors.push_back({field, Text{kConfigTextContext, message, std::move(arguments)}});
}

}  // namespace

std::vector<ConfigError> validate(const TrainConfig& c) {
  std::vector<ConfigError> errors;
  check_range(errors, "epochs", c.epochs, 1, 1'000'000);
  check_range(errors, "max_steps", c.max_steps, std::int64_t{0}, std::int64_t{1'000'000'000'000});
  check_range(errors, "batch_size", c.batch_size, 1, 65'536);
  check_range(errors, "accumulation", c.accumulation, 1, 1'024);
  check_range(errors, "warmup", c.warmup, 1, 100'000'000);
  check_range(errors, "capture_every", c.capture_every, 0, 1'000'000'000);
  check_range(errors, "probe_examples", c.probe_examples, 1, 64);
  check_range(errors, "checkpoint_every", c.checkpoint_every, std::int64_t{0},
              std::int64_t{1'000'000'000'000});
  check_range(errors, "keep_checkpoints", c.keep_checkpoints, 0, 1'000'000);
  check_range(errors, "threads", c.threads, 0, 1'024);
  check_range(errors, "patience", c.patience, 0, 1'000'000);
  // Beam search keeps beam_size hypotheses per example; the paper uses 4 (§6.1).
  check_range(errors, "beam_size", c.beam_size, 1, 64);
  check_range(errors, "sample_predictions", c.sample_predictions, 0, 10'000);
  if (!(c.lr_factor > 0 && c.lr_factor <= 100)) {
    refuse(errors, "lr_factor",
           ATTN_TRANSLATABLE("attn::Config", "lr_factor: must be greater than 0 and at most 100"));
  }
  if (!(c.lr > 0 && c.lr <= 10)) {
    refuse(errors, "lr",
           ATTN_TRANSLATABLE("attn::Config", "lr: must be greater than 0 and at most 10"));
  }
  if (!(c.label_smoothing >= 0 && c.label_smoothing < 1)) {
    refuse(errors, "label_smoothing",
           ATTN_TRANSLATABLE("attn::Config", "label_smoothing: %1 is outside [0, 1)"),
           {decimal(c.label_smoothing)});
  }
  if (!(c.clip >= 0 && c.clip <= 1e6)) {
    refuse(errors, "clip",
           ATTN_TRANSLATABLE("attn::Config", "clip: must be 0 (off) or more, at most 1e6"));
  }
  if (!(c.adam_beta1 >= 0 && c.adam_beta1 < 1))
    refuse(errors, "adam_beta1", ATTN_TRANSLATABLE("attn::Config", "adam_beta1: outside [0, 1)"));
  if (!(c.adam_beta2 >= 0 && c.adam_beta2 < 1))
    refuse(errors, "adam_beta2", ATTN_TRANSLATABLE("attn::Config", "adam_beta2: outside [0, 1)"));
  if (!(c.adam_eps > 0 && c.adam_eps < 1))
    refuse(errors, "adam_eps", ATTN_TRANSLATABLE("attn::Config", "adam_eps: must be in (0, 1)"));
  if (!(c.length_penalty >= 0 && c.length_penalty <= 10)) {
    refuse(errors, "length_penalty",
           ATTN_TRANSLATABLE("attn::Config", "length_penalty: outside [0, 10]"));
  }
  if (c.device != "auto" && c.device != "cpu" && cuda_index_of(c.device) < -1) {
    refuse(errors, "device",
           ATTN_TRANSLATABLE("attn::Config",
                             "device: expected auto, cpu, cuda or cuda:N (N from 0), got '%1'"),
           {c.device});
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

int cuda_index_of(const std::string& device) {
  if (device == "cuda") return -1;
  const std::string prefix = "cuda:";
  if (device.rfind(prefix, 0) != 0 || device.size() == prefix.size() ||
      device.size() > prefix.size() + 3)
    return -2;
  int index = 0;
  for (std::size_t i = prefix.size(); i < device.size(); ++i) {
    if (device[i] < '0' || device[i] > '9') return -2;
    index = index * 10 + (device[i] - '0');
  }
  return index;
}

std::string to_string(AmpMode mode) {
  switch (mode) {
    case AmpMode::Auto:
      return "auto";
    case AmpMode::BFloat16:
      return "bf16";
    case AmpMode::Float16:
      return "fp16";
    case AmpMode::Off:
      break;
  }
  return "off";
}

std::optional<AmpMode> parse_amp_mode(const std::string& text) {
  for (const AmpMode mode : {AmpMode::Off, AmpMode::Auto, AmpMode::BFloat16, AmpMode::Float16}) {
    if (text == to_string(mode)) return mode;
  }
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
          {"amp", to_string(c.amp)},
          {"cuda_graphs", c.cuda_graphs},
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
          {"debug", c.debug},
          {"deterministic", c.deterministic}};
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

}  // namespace

std::string to_json(const RunConfig& config) {
  nlohmann::json document = {{"name", config.name},
                             {"preset", config.preset},
                             {"implementation", to_string(config.implementation)},
                             {"model", nlohmann::json::parse(to_json(config.model))},
                             {"data", data_json(config.data)},
                             {"train", train_json(config.train)},
                             {"runs_directory", config.runs_directory}};
  return document.dump(2);
}

std::optional<RunConfig> run_config_from_json(const std::string& text, std::string* error,
                                              UnknownFields unknown) {
  RunConfig config;
  const bool strict = unknown == UnknownFields::Refuse;
  auto done = [strict](const JsonFields& fields) {
    if (strict) fields.finish();
  };
  try {
    const auto document = parse_json_strictly(text);
    JsonFields top(document, "");
    top.text("name", config.name);
    top.text("preset", config.preset);
    std::string implementation = to_string(config.implementation);
    top.text("implementation", implementation);
    const auto parsed_implementation = parse_implementation(implementation);
    if (!parsed_implementation) {
      throw std::invalid_argument(
          "implementation: expected \"scratch\", \"library\" or \"both\", got \"" + implementation +
          "\"");
    }
    config.implementation = *parsed_implementation;
    top.text("runs_directory", config.runs_directory);
    if (auto model = top.object("model")) {
      std::string model_error;
      auto parsed = model_config_from_json(document.at("model").dump(), &model_error, unknown);
      if (!parsed) throw std::invalid_argument("model." + model_error);
      config.model = *parsed;
    }
    if (auto d = top.object("data")) {
      std::string source = "task";
      d->text("source", source);
      if (source != "task" && source != "corpus") {
        throw std::invalid_argument("data.source: expected \"task\" or \"corpus\", got \"" +
                                    source + "\"");
      }
      config.data.use_corpus = source == "corpus";
      d->integer("seed", config.data.seed);
      if (auto t = d->object("task")) {
        auto& task = config.data.task;
        t->text("name", task.name);
        t->integer("train_size", task.train_size);
        t->integer("eval_size", task.eval_size);
        t->integer("min_length", task.min_length);
        t->integer("max_length", task.max_length);
        t->integer("symbols", task.symbols);
        t->integer("shift", task.shift);
        t->integer("seed", task.seed);
        done(*t);
      }
      if (auto c = d->object("corpus")) {
        auto& corpus = config.data.corpus;
        c->text("path", corpus.path);
        c->text("target_path", corpus.target_path);
        c->integer("max_examples", corpus.max_examples);
        c->integer("max_length", corpus.max_length);
        c->boolean("lowercase", corpus.lowercase);
        c->boolean("skip_bad_lines", corpus.skip_bad_lines);
        c->integer("eval_size", config.data.corpus_eval_size);
        done(*c);
      }
      if (auto k = d->object("tokenizer")) {
        std::string kind = to_string(config.data.tokenizer.kind);
        k->text("kind", kind);
        auto parsed = parse_tokenizer_kind(kind);
        if (!parsed)
          throw std::invalid_argument("data.tokenizer.kind: expected char, word or sentencepiece");
        config.data.tokenizer.kind = *parsed;
        k->integer("vocab_size", config.data.tokenizer.vocab_size);
        k->boolean("shared", config.data.tokenizer.shared);
        k->boolean("sentencepiece_bpe", config.data.tokenizer.sentencepiece_bpe);
        done(*k);
      }
      done(*d);
    }
    if (auto t = top.object("train")) {
      auto& train = config.train;
      t->integer("epochs", train.epochs);
      t->integer("max_steps", train.max_steps);
      t->integer("batch_size", train.batch_size);
      t->integer("accumulation", train.accumulation);
      std::string schedule = to_string(train.schedule);
      t->text("schedule", schedule);
      auto parsed = parse_lr_schedule(schedule);
      if (!parsed) throw std::invalid_argument("train.schedule: expected noam or constant");
      train.schedule = *parsed;
      t->number("lr_factor", train.lr_factor);
      t->integer("warmup", train.warmup);
      t->number("lr", train.lr);
      t->number("adam_beta1", train.adam_beta1);
      t->number("adam_beta2", train.adam_beta2);
      t->number("adam_eps", train.adam_eps);
      t->number("label_smoothing", train.label_smoothing);
      t->number("clip", train.clip);
      t->text("device", train.device);
      // "off", "auto", "bf16" or "fp16"; true and false as configurations
      // written before the half type could be chosen said it.
      std::string amp = to_string(train.amp);
      try {
        t->text("amp", amp);
      } catch (const std::invalid_argument&) {
        bool on = false;
        try {
          t->boolean("amp", on);
        } catch (const std::invalid_argument&) {
          throw std::invalid_argument("train.amp: expected off, auto, bf16 or fp16");
        }
        amp = on ? "auto" : "off";
      }
      const auto amp_mode = parse_amp_mode(amp);
      if (!amp_mode) {
        throw std::invalid_argument("train.amp: expected off, auto, bf16 or fp16, got '" + amp +
                                    "'");
      }
      train.amp = *amp_mode;
      t->boolean("cuda_graphs", train.cuda_graphs);
      t->integer("threads", train.threads);
      t->integer("patience", train.patience);
      t->integer("capture_every", train.capture_every);
      t->integer("probe_examples", train.probe_examples);
      t->integer("checkpoint_every", train.checkpoint_every);
      t->integer("keep_checkpoints", train.keep_checkpoints);
      t->boolean("bucket_by_length", train.bucket_by_length);
      t->integer("beam_size", train.beam_size);
      t->number("length_penalty", train.length_penalty);
      t->integer("sample_predictions", train.sample_predictions);
      t->boolean("debug", train.debug);
      t->boolean("deterministic", train.deterministic);
      done(*t);
      // Ranges, with the field's path (the same checks as the command line's).
      if (auto problems = validate(train); !problems.empty())
        throw std::invalid_argument("train." + problems.front().message.english());
    }
    done(top);
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
  return config;
}

std::optional<RunConfig> config_from_run_json(const std::string& text, std::string* error) {
  try {
    const auto document = nlohmann::json::parse(text);
    if (!document.is_object() || !document.contains("config") ||
        !document.at("config").is_object()) {
      if (error) *error = "run.json: no \"config\" object";
      return std::nullopt;
    }
    std::string why;
    auto config = run_config_from_json(document.at("config").dump(), &why, UnknownFields::Ignore);
    if (!config && error) *error = "run.json: config." + why;
    return config;
  } catch (const nlohmann::json::exception& e) {
    if (error) *error = std::string("run.json: not valid JSON: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace attn
