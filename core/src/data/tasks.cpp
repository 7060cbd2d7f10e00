#include "attn/tasks.h"
#include "attn/translatable.h"

#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>
#include <unordered_set>

#include "data/task_generators.h"

namespace attn {
namespace {

using Generator = std::function<GeneratedExample(SeededRandom&, const TaskConfig&)>;

struct TaskEntry {
  TaskInfo info;
  Generator generate;
  int max_length_limit;  // largest max_length the generator supports
};

const std::vector<TaskEntry>& entries() {
  static const std::vector<TaskEntry> table = {
      {{"copy",
        ATTN_TRANSLATABLE("attn::Task",
                          "Repeat the input symbols unchanged; attention learns the diagonal."),
        true, ATTN_TRANSLATABLE("attn::Task", "symbols"), 5, 10},
       generate_copy,
       200},
      {{"reverse",
        ATTN_TRANSLATABLE("attn::Task",
                          "Write the input symbols backwards; attention learns the anti-diagonal."),
        true, ATTN_TRANSLATABLE("attn::Task", "symbols"), 5, 10},
       generate_reverse,
       200},
      {{"sort",
        ATTN_TRANSLATABLE(
            "attn::Task",
            "Sort the input symbols alphabetically; attention learns the sorting permutation."),
        true, ATTN_TRANSLATABLE("attn::Task", "symbols"), 5, 10},
       generate_sort,
       200},
      {{"shift",
        ATTN_TRANSLATABLE(
            "attn::Task",
            "Replace each symbol by the one k places later in the alphabet (wrapping around)."),
        true, ATTN_TRANSLATABLE("attn::Task", "symbols"), 5, 10},
       generate_shift,
       200},
      {{"addition",
        ATTN_TRANSLATABLE(
            "attn::Task",
            "Add two decimal numbers character by character: \"123+45\" gives \"168\"."),
        true, ATTN_TRANSLATABLE("attn::Task", "digits per operand"), 1, 3},
       generate_addition,
       30},
      {{"dates",
        ATTN_TRANSLATABLE("attn::Task",
                          "Rewrite a date written in one of eleven styles (\"Wednesday, 3 March "
                          "2021\") as 2021-03-03."),
        true, "", 1, 1},
       generate_date,
       1},
      {{"number-words",
        ATTN_TRANSLATABLE("attn::Task",
                          "Spell out a number in English words: \"1234\" gives \"one thousand "
                          "two hundred thirty four\"."),
        true, ATTN_TRANSLATABLE("attn::Task", "digits"), 1, 4},
       generate_number_words,
       15},
  };
  return table;
}

const TaskEntry* find_entry(const std::string& name) {
  for (const auto& entry : entries()) {
    if (entry.info.name == name) return &entry;
  }
  return nullptr;
}

constexpr int kMaxTaskExamples = 5'000'000;

// How many distinct inputs a task can make (an upper bound; infinity when
// large): sequences of every allowed length over its alphabet.
double distinct_sources(const TaskConfig& config) {
  double alphabet = config.symbols;
  int min_length = config.min_length, max_length = config.max_length;
  if (config.name == "addition") {
    alphabet = 10;  // two operands of up to max_length digits
    min_length *= 2;
    max_length *= 2;
  } else if (config.name == "number-words") {
    alphabet = 10;
  }
  double total = 0;
  for (int length = min_length; length <= max_length && total < 1e12; ++length)
    total += std::pow(alphabet, length);
  return total;
}

std::string task_names() {
  std::string names;
  for (const auto& entry : entries()) names += (names.empty() ? "" : ", ") + entry.info.name;
  return names;
}

}  // namespace

std::vector<TaskInfo> task_catalog() {
  std::vector<TaskInfo> infos;
  for (const auto& entry : entries()) infos.push_back(entry.info);
  return infos;
}

std::optional<TaskInfo> find_task(const std::string& name) {
  const TaskEntry* entry = find_entry(name);
  if (entry == nullptr) return std::nullopt;
  return entry->info;
}

std::vector<ConfigError> validate(const TaskConfig& config) {
  std::vector<ConfigError> errors;
  auto refuse = [&errors](const char* field, const char* message,
                          std::vector<std::string> arguments) {
    errors.push_back({field, Text{kConfigTextContext, message, std::move(arguments)}});
  };
  using std::to_string;
  const TaskEntry* entry = find_entry(config.name);
  if (entry == nullptr) {
    refuse("task", ATTN_TRANSLATABLE("attn::Config", "task: unknown task '%1'; expected one of %2"),
           {config.name, task_names()});
    return errors;
  }
  if (config.train_size < 1) {
    refuse("train_size", ATTN_TRANSLATABLE("attn::Config", "train_size: %1 must be at least 1"),
           {to_string(config.train_size)});
  }
  if (config.eval_size < 1) {
    refuse("eval_size", ATTN_TRANSLATABLE("attn::Config", "eval_size: %1 must be at least 1"),
           {to_string(config.eval_size)});
  }
  // Refused before anything is generated: a mistyped size must not grow
  // memory for minutes before failing.
  const double wanted =
      static_cast<double>(config.train_size) + static_cast<double>(config.eval_size);
  if (wanted > kMaxTaskExamples) {
    refuse("train_size",
           ATTN_TRANSLATABLE("attn::Config",
                             "train_size + eval_size: %1 is more than %2, the most a built-in "
                             "task generates"),
           {to_string(static_cast<long long>(wanted)), to_string(kMaxTaskExamples)});
  } else if (config.name != "dates" && config.min_length >= 1 &&
             config.max_length >= config.min_length && config.symbols >= 2 &&
             config.symbols <= 26) {
    const double possible = distinct_sources(config);
    if (wanted > possible) {
      refuse("train_size",
             ATTN_TRANSLATABLE("attn::Config",
                               "train_size + eval_size: %1 is more than the %2 distinct inputs "
                               "the %3 task has with these lengths and symbols; ask for fewer "
                               "or allow longer inputs"),
             {to_string(static_cast<long long>(wanted)),
              to_string(static_cast<long long>(possible)), config.name});
    }
  }
  if (config.name != "dates") {
    if (config.min_length < 1) {
      refuse("min_length", ATTN_TRANSLATABLE("attn::Config", "min_length: %1 must be at least 1"),
             {to_string(config.min_length)});
    }
    if (config.max_length < config.min_length) {
      refuse("max_length",
             ATTN_TRANSLATABLE("attn::Config", "max_length: %1 is below min_length %2"),
             {to_string(config.max_length), to_string(config.min_length)});
    }
    if (config.max_length > entry->max_length_limit) {
      refuse("max_length",
             ATTN_TRANSLATABLE("attn::Config",
                               "max_length: %1 is above %2, the most the %3 task supports"),
             {to_string(config.max_length), to_string(entry->max_length_limit), config.name});
    }
  }
  if (config.symbols < 2 || config.symbols > 26) {
    refuse("symbols",
           ATTN_TRANSLATABLE("attn::Config", "symbols: %1 is outside the allowed range 2..26"),
           {to_string(config.symbols)});
  }
  if (config.name == "shift" && (config.shift < 1 || config.shift >= config.symbols)) {
    refuse("shift",
           ATTN_TRANSLATABLE("attn::Config", "shift: %1 must be between 1 and symbols - 1 (%2)"),
           {to_string(config.shift), to_string(config.symbols - 1)});
  }
  return errors;
}

TaskData generate_task(const TaskConfig& config) {
  const auto errors = validate(config);
  if (!errors.empty()) throw std::invalid_argument(errors.front().message.english());
  const TaskEntry& entry = *find_entry(config.name);

  SeededRandom random(config.seed);
  const size_t wanted =
      static_cast<size_t>(config.train_size) + static_cast<size_t>(config.eval_size);
  // Generators draw with replacement; a small space shows up as a long run of
  // duplicates, and then we stop and say so instead of looping forever.
  const size_t patience = 1000 + 20 * wanted;
  std::unordered_set<std::string> seen;
  TaskData data;
  size_t attempts_since_new = 0;
  while (seen.size() < wanted) {
    GeneratedExample generated = entry.generate(random, config);
    if (!seen.insert(generated.example.source).second) {
      if (++attempts_since_new > patience) {
        throw std::invalid_argument(
            "task " + config.name + ": only " + std::to_string(seen.size()) +
            " distinct examples found for these settings, but train_size + eval_size = " +
            std::to_string(wanted) + "; allow longer sequences or more symbols, or ask for fewer");
      }
      continue;
    }
    attempts_since_new = 0;
    const bool to_train = data.train.size() < static_cast<size_t>(config.train_size);
    (to_train ? data.train : data.eval).push_back(std::move(generated.example));
    if (entry.info.has_alignment) {
      (to_train ? data.train_alignment : data.eval_alignment)
          .push_back(std::move(generated.alignment));
    }
  }
  return data;
}

}  // namespace attn
