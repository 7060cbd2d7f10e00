#pragma once
// Command-line options of attention-train: one table that parses, validates
// and prints --help with every default.

#include <string>
#include <vector>

#include "attn/model_config.h"

namespace attn::cli {

struct Options {
  std::string preset = "tiny";
  ModelConfig model = *model_preset("tiny");
  Implementation implementation = Implementation::Scratch;
  bool summary = false;
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
