#pragma once
// Command-line options of attention-train: one table that parses, validates
// and prints --help with every default.

#include <string>
#include <vector>

#include "attn/dataset.h"
#include "attn/model_config.h"

namespace attn::cli {

struct Options {
  std::string preset = "tiny";
  ModelConfig model = *model_preset("tiny");
  Implementation implementation = Implementation::Scratch;
  DataConfig data;
  bool vocab_size_given = false;  // --vocab-size also sizes the model when no data is loaded
  bool summary = false;
  bool describe_data = false;
  bool help = false;
  bool version = false;
};

struct ParseResult {
  Options options;
  std::string error;  // one line naming the option and what was expected; empty on success
};

ParseResult parse(const std::vector<std::string>& arguments);
std::string help_text();

}  // namespace attn::cli
