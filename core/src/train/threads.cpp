#include "train/threads.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>

namespace attn {
namespace {

// The CPU quota of this process's cgroup in whole processors (rounded down,
// at least 1), or 0 when there is none. cgroup v2 first, then v1.
int cgroup_processor_limit() {
  std::ifstream membership("/proc/self/cgroup");
  std::string line, v2_path, v1_path;
  while (std::getline(membership, line)) {
    // "0::/path" (v2) or "N:cpu,cpuacct:/path" (v1)
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controllers.empty()) v2_path = path;
    if (("," + controllers + ",").find(",cpu,") != std::string::npos) v1_path = path;
  }
  const auto quota_to_processors = [](double quota, double period) {
    return quota > 0 && period > 0 ? std::max(1, static_cast<int>(quota / period)) : 0;
  };
  if (!v2_path.empty()) {
    // Walk up: a limit on any ancestor applies too.
    int limit = 0;
    for (std::string path = v2_path;; path = path.substr(0, path.rfind('/'))) {
      std::ifstream file("/sys/fs/cgroup" + path + "/cpu.max");
      std::string quota;
      double period = 0;
      if (file >> quota >> period && quota != "max") {
        const int here = quota_to_processors(std::stod(quota), period);
        if (here > 0) limit = limit == 0 ? here : std::min(limit, here);
      }
      if (path.empty() || path == "/") break;
    }
    if (limit > 0) return limit;
  }
  for (const std::string root : {"/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"}) {
    std::ifstream quota_file(root + v1_path + "/cpu.cfs_quota_us"),
        period_file(root + v1_path + "/cpu.cfs_period_us");
    double quota = 0, period = 0;
    if (quota_file >> quota && period_file >> period) return quota_to_processors(quota, period);
  }
  return 0;
}

}  // namespace

int available_processors() {
  cpu_set_t set;
  CPU_ZERO(&set);
  int processors = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (sched_getaffinity(0, sizeof set, &set) == 0) processors = std::max(1, CPU_COUNT(&set));
  const int quota = cgroup_processor_limit();
  return quota > 0 ? std::min(processors, quota) : processors;
}

ProcessorLoadMonitor::ProcessorLoadMonitor() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) processors_.push_back(cpu);
  }
  usable_ = available_processors();
  last_ = sample();
}

ProcessorLoadMonitor::Sample ProcessorLoadMonitor::sample() const {
  Sample result;
  result.time = std::chrono::steady_clock::now();
  const double tick = 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::ifstream stat("/proc/stat");
  std::string line;
  bool any = false;
  while (std::getline(stat, line)) {
    // "cpuN user nice system idle iowait irq softirq steal guest guest_nice"
    if (line.rfind("cpu", 0) != 0) break;
    if (line.size() < 4 || line[3] == ' ') continue;  // the all-processors line
    std::istringstream fields(line.substr(3));
    int cpu = -1;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                       steal = 0;
    fields >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    if (!fields && !fields.eof()) continue;
    if (!processors_.empty() && !std::binary_search(processors_.begin(), processors_.end(), cpu))
      continue;
    result.busy_seconds += static_cast<double>(user + system + irq + softirq + steal) * tick;
    any = true;
  }
  // /proc/self/stat: utime and stime are fields 14 and 15, after the
  // parenthesised command name (which may hold spaces).
  std::ifstream self("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(self)), std::istreambuf_iterator<char>());
  const auto name_end = text.rfind(')');
  if (!any || name_end == std::string::npos) return result;
  std::istringstream fields(text.substr(name_end + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) utime = std::stoull(field);
    if (index == 15) stime = std::stoull(field);
  }
  result.own_seconds = static_cast<double>(utime + stime) * tick;
  result.ok = true;
  return result;
}

double ProcessorLoadMonitor::free_processors(std::chrono::milliseconds period) {
  if (std::chrono::steady_clock::now() - last_.time < period) return free_;
  const Sample now = sample();
  if (now.ok && last_.ok) {
    const double elapsed = std::chrono::duration<double>(now.time - last_.time).count();
    const double others =
        (now.busy_seconds - last_.busy_seconds) - (now.own_seconds - last_.own_seconds);
    if (elapsed > 0)
      free_ =
          std::clamp(usable_ - std::max(0.0, others) / elapsed, 0.0, static_cast<double>(usable_));
  }
  last_ = now;
  return free_;
}

ProcessorBudget processor_budget(int sample_ms) {
  ProcessorLoadMonitor monitor;
  std::this_thread::sleep_for(std::chrono::milliseconds(sample_ms));
  const double free = monitor.free_processors(std::chrono::milliseconds(0));
  ProcessorBudget budget;
  budget.usable = available_processors();
  budget.busy = free < 0 ? 0.0 : budget.usable - free;
  return budget;
}

std::string threads_request_problem(int requested) {
  const int usable = available_processors();
  if (requested <= usable) return {};
  return std::to_string(requested) + " is more than the " + std::to_string(usable) +
         " processors this process may use; use 0 (automatic) or 1–" + std::to_string(usable);
}

RunThreads::RunThreads(int requested, int d_model, bool adapt, int processes_here,
                       bool deterministic)
    : deterministic_(deterministic) {
  ProcessorBudget budget =
      requested > 0 ? ProcessorBudget{} : share_among_processes(processor_budget(), processes_here);
  if (deterministic) budget.busy = 0;  // the same count however busy the machine is now
  threads_ = last_choice_ = initial_thread_count(requested, budget, d_model);
  if (requested == 0 && adapt && !deterministic) {
    tuner_.emplace(thread_candidates(budget.usable, d_model), threads_,
                   budget.usable - budget.busy);
    monitor_.emplace();
  }
}

std::string RunThreads::label() const {
  return std::to_string(threads_) + (threads_ == 1 ? " thread" : " threads") +
         (automatic()      ? " (automatic)"
          : deterministic_ ? " (fixed: deterministic)"
                           : "");
}

bool RunThreads::after_step(double seconds, double work, std::string* decision) {
  if (!tuner_) return false;
  const int measured = tuner_->measurements();
  const int next = tuner_->record(seconds, work, monitor_->free_processors());
  if (tuner_->measurements() != measured && next != last_choice_) {
    last_choice_ = next;
    if (decision) *decision = tuner_->last_decision();
  }
  const bool changed = next != threads_;
  threads_ = next;
  return changed;
}

}  // namespace attn
