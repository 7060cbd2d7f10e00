#include "store/run_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "store/fault_injection.h"

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
  // A failed write (full disk, quota) leaves the old file as it was and no
  // half-written temporary behind.
  auto give_up = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    ::unlink(temporary.c_str());
    throw std::runtime_error(path + ": cannot " + what + ": " + reason);
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) give_up("write");
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) give_up("flush to disk");
  if (::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error(path + ": cannot write: " + reason);
  }
  fault_point("atomic-write");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error(path + ": cannot replace: " + reason);
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

std::string RunStore::set_aside_for_restart(const std::string& directory) {
  const std::string suffix = ".before-restart-" + timestamp();
  const fs::path run(directory);
  std::string moved;
  auto move = [&](const fs::path& from, const fs::path& to) {
    std::error_code error;
    if (!fs::exists(from, error)) return;
    fs::rename(from, to, error);
    if (error)
      throw std::runtime_error(from.string() + ": cannot set it aside: " + error.message());
    moved += (moved.empty() ? "" : ", ") + fs::relative(from, run, error).string() + " → " +
             fs::relative(to, run, error).string();
  };
  move(run / "metrics.csv", run / ("metrics" + suffix + ".csv"));
  // SQLite's write-ahead log and index go with their database.
  for (const char* part : {"", "-wal", "-shm"}) {
    move(run / (std::string("history.sqlite") + part),
         run / ("history" + suffix + ".sqlite" + part));
  }
  const fs::path checkpoints = run / "checkpoints";
  const fs::path kept = checkpoints / suffix.substr(1);
  std::error_code error;
  std::vector<fs::path> files;  // listed first: the folder changes as they move
  for (const auto& entry : fs::directory_iterator(checkpoints, error))
    if (entry.is_regular_file()) files.push_back(entry.path());
  if (!files.empty()) fs::create_directories(kept, error);
  for (const auto& file : files) move(file, kept / file.filename());
  return moved.empty() ? "nothing recorded to set aside" : "set aside: " + moved;
}

RunStore::RunStore(std::string directory) : directory_(std::move(directory)) {
  std::error_code error;
  for (const char* sub : {"checkpoints", "visualizations", "logs"}) {
    const auto folder = fs::path(directory_) / sub;
    fs::create_directories(folder, error);
    if (!fs::is_directory(folder, error)) {
      throw std::runtime_error(folder.string() + ": cannot create the folder (" +
                               (fs::exists(folder, error) ? "a file of that name is in the way"
                                                          : "permission denied or no space") +
                               ")");
    }
  }
  const std::string metrics_path = path("metrics.csv");
  for (const std::string& file : {metrics_path, path("logs/train.log")}) {
    if (fs::exists(file, error) && !fs::is_regular_file(file, error)) {
      throw std::runtime_error(file + ": is not a regular file (a directory?); move it aside");
    }
  }
  metrics_ = std::fopen(metrics_path.c_str(), "a");
  log_ = std::fopen(path("logs/train.log").c_str(), "a");
  if (metrics_ == nullptr || log_ == nullptr) {
    const std::string reason = std::strerror(errno);
    if (metrics_) std::fclose(metrics_);
    if (log_) std::fclose(log_);
    throw std::runtime_error(directory_ + ": cannot open metrics.csv or logs/train.log: " + reason);
  }
  std::fseek(metrics_, 0, SEEK_END);
  if (std::ftell(metrics_) == 0) write_metrics_header();
}

void RunStore::write_metrics_header() {
  std::fputs(kMetricsHeader, metrics_);
  std::fflush(metrics_);
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
  std::fprintf(metrics_, "step,%s,%lld,%d,%.7g,%.7g,%.7g,", implementation.c_str(),
               static_cast<long long>(m.step), m.epoch, m.loss, m.lr, m.gradients.global_norm);
  if (record_clock_)
    std::fprintf(metrics_, "%.1f,,,,,,%.3f\n", m.tokens_per_second, m.seconds);
  else
    std::fputs(",,,,,,\n", metrics_);
}

void RunStore::append_evaluation(const EpochMetrics& m, const std::string& implementation) {
  std::fprintf(metrics_, "eval,%s,%lld,%d,%.7g,,,,%.7g,%.7g,%.6f,%.6f,%.4f,",
               implementation.c_str(), static_cast<long long>(m.step), m.epoch, m.train_loss,
               m.eval_loss, m.perplexity, m.token_accuracy, m.exact_match, m.bleu);
  if (record_clock_) std::fprintf(metrics_, "%.3f", m.seconds);
  std::fputc('\n', metrics_);
  std::fflush(metrics_);
}

void RunStore::log(const std::string& line) {
  std::fputs(line.c_str(), log_);
  std::fputc('\n', log_);
  std::fflush(log_);
}

void RunStore::flush() {
  check_written(std::fflush(metrics_), "metrics.csv");
  check_written(std::fflush(log_), "logs/train.log");
}

void RunStore::check_written(int status, const char* file) const {
  if (status != 0 || std::ferror(metrics_) || std::ferror(log_)) {
    throw std::runtime_error(path(file) + ": cannot write: " + std::strerror(errno));
  }
}

std::int64_t RunStore::durable_metrics_bytes() {
  flush();
  if (::fdatasync(::fileno(metrics_)) != 0) {
    throw std::runtime_error(path("metrics.csv") +
                             ": cannot flush to disk: " + std::strerror(errno));
  }
  return static_cast<std::int64_t>(std::ftell(metrics_));
}

void RunStore::truncate_metrics(std::int64_t bytes) {
  std::fflush(metrics_);
  if (::ftruncate(::fileno(metrics_), static_cast<off_t>(bytes)) != 0) {
    throw std::runtime_error(path("metrics.csv") + ": cannot truncate: " + std::strerror(errno));
  }
  std::fseek(metrics_, 0, SEEK_END);
  if (bytes == 0) write_metrics_header();
}

void RunStore::keep_metrics_through(std::int64_t step, int epoch) {
  std::fflush(metrics_);
  std::string kept;
  std::set<std::int64_t> steps_seen;
  std::istringstream rows(read_file(path("metrics.csv")));
  std::string row;
  while (std::getline(rows, row)) {
    if (row.rfind("kind,", 0) == 0) continue;
    std::istringstream fields(row);
    std::string kind, implementation, step_text, epoch_text;
    std::getline(fields, kind, ',');
    std::getline(fields, implementation, ',');
    std::getline(fields, step_text, ',');
    std::getline(fields, epoch_text, ',');
    const std::int64_t row_step = std::strtoll(step_text.c_str(), nullptr, 10);
    const int row_epoch = static_cast<int>(std::strtol(epoch_text.c_str(), nullptr, 10));
    const bool keep = kind == "step"   ? row_step <= step && steps_seen.insert(row_step).second
                      : kind == "eval" ? row_epoch < epoch
                                       : false;
    if (keep) kept += row + "\n";
  }
  truncate_metrics(0);
  std::fputs(kept.c_str(), metrics_);
  flush();
}

}  // namespace attn
