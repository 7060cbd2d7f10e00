#pragma once
// Prints training progress for attention-train: one rewritten line on a
// terminal, plain lines otherwise.

#include <cstdint>
#include <mutex>

#include "attn/trainer.h"

namespace attn::cli {

class ProgressPrinter : public TrainingObserver {
 public:
  ProgressPrinter(bool quiet, bool terminal) : quiet_(quiet), terminal_(terminal) {}

  void on_start(const std::string& run_directory, const Text& device) override;
  void on_step(const StepMetrics& metrics) override;
  void on_log(const std::string& line) override;
  void on_finished(const RunOutcome& outcome) override;

 private:
  void end_progress_line();
  bool quiet_;
  bool terminal_;
  bool progress_shown_ = false;
  double last_plain_seconds_ = -1;
};

std::string format_duration(double seconds);

}  // namespace attn::cli
