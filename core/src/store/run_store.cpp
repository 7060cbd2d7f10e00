#include "store/run_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace attn {
namespace fs = std::filesystem;

namespace {

const char* const kMetricsHeader =
    "kind,implementation,step,epoch,loss,lr,grad_norm,tokens_per_s,eval_loss,perplexity,"
    "token_accuracy,exact_match,bleu,seconds\n";

std::string timestamp() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

std::string safe_name(const std::string& name) {
  std::string safe;
  for (char c : name)
    safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  return safe.empty() ? "run" : safe;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& contents) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error(temporary + ": cannot write: " + std::strerror(errno));
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      throw std::runtime_error(temporary + ": cannot write: " + reason);
    }
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error(path + ": cannot replace: " + std::strerror(errno));
  }
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string RunStore::create_directory(const std::string& runs_directory, const std::string& name) {
  const std::string base =
      (fs::path(runs_directory) / (timestamp() + "-" + safe_name(name))).string();
  std::string directory = base;
  for (int suffix = 2; fs::exists(directory); ++suffix)
    directory = base + "-" + std::to_string(suffix);
  std::error_code error;
  for (const char* sub : {"checkpoints", "visualizations", "logs"}) {
    fs::create_directories(fs::path(directory) / sub, error);
    if (error)
      throw std::runtime_error(directory + ": cannot create run directory: " + error.message());
  }
  return directory;
}

RunStore::RunStore(std::string directory) : directory_(std::move(directory)) {
  std::error_code error;
  for (const char* sub : {"checkpoints", "visualizations", "logs"})
    fs::create_directories(fs::path(directory_) / sub, error);
  const std::string metrics_path = path("metrics.csv");
  const bool fresh = !fs::exists(metrics_path) || fs::file_size(metrics_path) == 0;
  metrics_ = std::fopen(metrics_path.c_str(), "a");
  log_ = std::fopen(path("logs/train.log").c_str(), "a");
  if (metrics_ == nullptr || log_ == nullptr) {
    if (metrics_) std::fclose(metrics_);
    if (log_) std::fclose(log_);
    throw std::runtime_error(
        directory_ + ": cannot open metrics.csv or logs/train.log: " + std::strerror(errno));
  }
  if (fresh) std::fputs(kMetricsHeader, metrics_);
}

RunStore::~RunStore() {
  std::fclose(metrics_);
  std::fclose(log_);
}

std::string RunStore::path(const std::string& relative) const {
  return (fs::path(directory_) / relative).string();
}

void RunStore::write_run_json(const std::string& json) const {
  write_file_atomically(path("run.json"), json);
}

void RunStore::append_step(const StepMetrics& m, const std::string& implementation) {
  std::fprintf(metrics_, "step,%s,%lld,%d,%.7g,%.7g,%.7g,%.1f,,,,,,%.3f\n", implementation.c_str(),
               static_cast<long long>(m.step), m.epoch, m.loss, m.lr, m.gradients.global_norm,
               m.tokens_per_second, m.seconds);
}

void RunStore::append_evaluation(const EpochMetrics& m, const std::string& implementation) {
  std::fprintf(metrics_, "eval,%s,%lld,%d,%.7g,,,,%.7g,%.7g,%.6f,%.6f,%.4f,%.3f\n",
               implementation.c_str(), static_cast<long long>(m.step), m.epoch, m.train_loss,
               m.eval_loss, m.perplexity, m.token_accuracy, m.exact_match, m.bleu, m.seconds);
  std::fflush(metrics_);
}

void RunStore::log(const std::string& line) {
  std::fputs(line.c_str(), log_);
  std::fputc('\n', log_);
  std::fflush(log_);
}

void RunStore::flush() {
  std::fflush(metrics_);
  std::fflush(log_);
}

}  // namespace attn
