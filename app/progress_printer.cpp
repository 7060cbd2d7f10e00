#include "progress_printer.h"

#include <cstdio>

namespace attn::cli {
namespace {
constexpr double kPlainLineEverySeconds = 10;
}

std::string format_duration(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total / 60) % 60);
  } else {
    std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
  }
  return text;
}

void ProgressPrinter::end_progress_line() {
  if (progress_shown_) {
    std::fputc('\n', stdout);
    progress_shown_ = false;
  }
}

void ProgressPrinter::on_start(const std::string& run_directory, const Text& device) {
  if (quiet_) return;
  if (!run_directory.empty()) std::printf("run directory: %s\n", run_directory.c_str());
  std::fflush(stdout);
}

void ProgressPrinter::on_step(const StepMetrics& m) {
  if (quiet_) return;
  char line[256];
  std::snprintf(line, sizeof line,
                "step %lld  epoch %d (%d/%d)  loss %.4f  lr %.2e  %.0f tok/s  ETA %s",
                static_cast<long long>(m.step), m.epoch, m.batch_in_epoch, m.batches_per_epoch,
                m.loss, m.lr, m.tokens_per_second, format_duration(m.eta_seconds).c_str());
  if (terminal_) {
    std::printf("\r%-100s", line);
    progress_shown_ = true;
    std::fflush(stdout);
  } else if (last_plain_seconds_ < 0 || m.seconds - last_plain_seconds_ >= kPlainLineEverySeconds) {
    std::printf("%s\n", line);
    last_plain_seconds_ = m.seconds;
    std::fflush(stdout);
  }
}

void ProgressPrinter::on_log(const std::string& line) {
  if (quiet_) return;
  end_progress_line();
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

void ProgressPrinter::on_finished(const RunOutcome& outcome) { end_progress_line(); }

}  // namespace attn::cli
