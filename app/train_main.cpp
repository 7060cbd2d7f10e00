// attention-train: the Qt-free command-line trainer.

#include <exception>
#include <iostream>

#include "attn/dataset.h"
#include "attn/model_summary.h"
#include "attn/version.h"
#include "cli_options.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

}  // namespace

int main(int argc, char** argv) {
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
    std::cout << "attention-train " << attn::app_version() << "\nLibTorch "
              << attn::libtorch_version() << "\ndevice " << attn::device_description() << "\n";
    return kExitOk;
  }
  try {
    if (options.summary) {
      const auto summary = attn::summarize_model(options.model, options.implementation);
      // A preset refined by flags is no longer the preset the paper describes.
      const bool exact_preset = attn::model_preset(options.preset) == options.model;
      const std::string label = exact_preset ? options.preset : "custom (from " + options.preset + ")";
      std::cout << attn::format_summary(summary, options.model, label);
      return kExitOk;
    }
    if (options.describe_data) {
      const auto prepared = attn::prepare_data(options.data);
      if (!prepared.ok()) {
        std::cerr << "attention-train: " << prepared.error << "\n";
        return kExitUsage;
      }
      std::cout << attn::describe_data(prepared.data);
      return kExitOk;
    }
    std::cerr << "attention-train: nothing to do; try --summary or --describe-data (see --help)\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "attention-train: " << e.what() << "\n";
    return kExitFailure;
  }
}
