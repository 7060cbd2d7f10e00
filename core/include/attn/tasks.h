#pragma once
// Built-in sequence-to-sequence tasks: generated on the fly, no files needed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attn/config_error.h"
#include "attn/example.h"

namespace attn {

struct TaskInfo {
  std::string name;
  std::string description;  // one sentence for the UI
  bool has_alignment = false;
  // Meaning of min/max length for this task, for the UI ("symbols", "digits", ...);
  // empty when the task ignores them (dates).
  std::string length_unit;
  int default_min_length = 1;
  int default_max_length = 10;
};

struct TaskConfig {
  std::string name = "copy";
  int train_size = 2000;
  int eval_size = 200;
  int min_length = 5;  // see TaskInfo::length_unit
  int max_length = 10;
  int symbols = 10;  // alphabet size of copy/reverse/sort/shift (2..26)
  int shift = 1;     // k of the shift task
  uint64_t seed = 1;
};

struct TaskData {
  std::vector<Example> train;
  std::vector<Example> eval;
  std::vector<Alignment> train_alignment;  // empty when the task has none
  std::vector<Alignment> eval_alignment;
};

std::vector<TaskInfo> task_catalog();
std::optional<TaskInfo> find_task(const std::string& name);

// Problems with the configuration (unknown task, lengths, sizes), each naming
// the field; empty when valid.
std::vector<ConfigError> validate(const TaskConfig& config);

// Unique examples, deterministic for the seed; train and eval never share a
// source. Throws std::invalid_argument when the configuration is invalid or
// when fewer distinct examples exist than were asked for.
TaskData generate_task(const TaskConfig& config);

// Independent checkers used by the tests and by the data preview.
std::string number_to_words(std::int64_t value);  // 1234 → "one thousand two hundred thirty four"

}  // namespace attn
