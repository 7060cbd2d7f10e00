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

std::vector<std::string> validate(const TaskConfig& config) {
  std::vector<std::string> errors;
  const TaskEntry* entry = find_entry(config.name);
  if (entry == nullptr) {
    errors.push_back("task: unknown task '" + config.name + "'; expected one of " + task_names());
    return errors;
  }
  if (config.train_size < 1)
    errors.push_back("train_size: " + std::to_string(config.train_size) + " must be at least 1");
  if (config.eval_size < 1)
    errors.push_back("eval_size: " + std::to_string(config.eval_size) + " must be at least 1");
  // Refused before anything is generated: a mistyped size must not grow
  // memory for minutes before failing.
  const double wanted =
      static_cast<double>(config.train_size) + static_cast<double>(config.eval_size);
  if (wanted > kMaxTaskExamples) {
    errors.push_back("train_size + eval_size: " + std::to_string(static_cast<long long>(wanted)) +
                     " is more than " + std::to_string(kMaxTaskExamples) +
                     ", the most a built-in task generates");
  } else if (config.name != "dates" && config.min_length >= 1 &&
             config.max_length >= config.min_length && config.symbols >= 2 &&
             config.symbols <= 26) {
    const double possible = distinct_sources(config);
    if (wanted > possible) {
      errors.push_back(
          "train_size + eval_size: " + std::to_string(static_cast<long long>(wanted)) +
          " is more than the " + std::to_string(static_cast<long long>(possible)) +
          " distinct inputs the " + config.name +
          " task has with these lengths and symbols; ask for fewer or allow longer inputs");
    }
  }
  if (config.name != "dates") {
    if (config.min_length < 1) {
      errors.push_back("min_length: " + std::to_string(config.min_length) + " must be at least 1");
    }
    if (config.max_length < config.min_length) {
      errors.push_back("max_length: " + std::to_string(config.max_length) +
                       " is below min_length " + std::to_string(config.min_length));
    }
    if (config.max_length > entry->max_length_limit) {
      errors.push_back("max_length: " + std::to_string(config.max_length) + " is above " +
                       std::to_string(entry->max_length_limit) + ", the most the " + config.name +
                       " task supports");
    }
  }
  if (config.symbols < 2 || config.symbols > 26) {
    errors.push_back("symbols: " + std::to_string(config.symbols) +
                     " is outside the allowed range 2..26");
  }
  if (config.name == "shift" && (config.shift < 1 || config.shift >= config.symbols)) {
    errors.push_back("shift: " + std::to_string(config.shift) +
                     " must be between 1 and symbols - 1 (" + std::to_string(config.symbols - 1) +
                     ")");
  }
  return errors;
}

TaskData generate_task(const TaskConfig& config) {
  const auto errors = validate(config);
  if (!errors.empty()) throw std::invalid_argument(errors.front());
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
