#include "rank_launcher.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <csignal>
#include <cstring>
#include <iostream>
#include <optional>
#include <thread>

#include "attn/world.h"

namespace attn::cli {
namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_signal = 0;
extern "C" void remember_signal(int signal) { g_signal = signal; }

bool is_launch_flag(const std::string& name) {
  return name == "--nproc" || name == "--nproc-per-node" || name == "--nnodes" ||
         name == "--node-rank" || name == "--master";
}

struct Rank {
  int rank = 0;
  pid_t pid = -1;
  bool running = false;
  bool ended_here = false;  // this launcher ended it
};

int exit_code_of(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

}  // namespace

std::vector<std::string> rank_arguments(const std::vector<std::string>& arguments) {
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    const std::string name = argument.substr(0, argument.find('='));
    if (!is_launch_flag(name)) {
      kept.push_back(argument);
    } else if (name == argument) {
      ++i;  // its value is the next word
    }
  }
  return kept;
}

int launch_ranks(const LaunchPlan& plan, const std::vector<std::string>& arguments) {
  World world;
  world.size = plan.nproc * plan.nnodes;
  world.local_size = plan.nproc;
  if (plan.master.empty()) {
    world.master_port = attn::free_loopback_port();
  } else {
    std::string error;
    if (!parse_master(plan.master, world, &error)) {
      std::cerr << "attention-train: --master: " << error << "\n";
      return 2;
    }
  }
  char executable[PATH_MAX] = {};
  const auto length = ::readlink("/proc/self/exe", executable, sizeof executable - 1);
  if (length <= 0) {
    std::cerr << "attention-train: --nproc: cannot find this program's own file to start the "
                 "ranks\n";
    return 1;
  }
  const auto kept = rank_arguments(arguments);
  std::vector<char*> argv;
  std::string program = "attention-train";
  argv.push_back(program.data());
  std::vector<std::string> storage(kept);
  for (auto& argument : storage) argv.push_back(argument.data());
  argv.push_back(nullptr);

  // Ctrl+C reaches this process alone (the ranks have their own process
  // group) and is passed on once, so a rank sees one Ctrl+C per Ctrl+C.
  struct sigaction action {};
  action.sa_handler = remember_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  const pid_t launcher = ::getpid();
  std::cout.flush();
  std::cerr.flush();
  std::vector<Rank> ranks;
  for (int local = 0; local < plan.nproc; ++local) {
    Rank rank;
    rank.rank = plan.node_rank * plan.nproc + local;
    const pid_t pid = ::fork();
    if (pid < 0) {
      std::cerr << "attention-train: cannot start rank " << rank.rank << ": "
                << std::strerror(errno) << "\n";
      for (auto& started : ranks) ::kill(started.pid, SIGKILL);
      return 1;
    }
    if (pid == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a launcher killed outright takes its ranks along
      if (::getppid() != launcher) std::_Exit(1);
      const auto set = [](const char* name, const std::string& value) {
        ::setenv(name, value.c_str(), 1);
      };
      set("RANK", std::to_string(rank.rank));
      set("WORLD_SIZE", std::to_string(world.size));
      set("LOCAL_RANK", std::to_string(local));
      set("LOCAL_WORLD_SIZE", std::to_string(plan.nproc));
      set("MASTER_ADDR", world.master_address);
      set("MASTER_PORT", std::to_string(world.master_port));
      ::execv(executable, argv.data());
      std::_Exit(127);
    }
    rank.pid = pid;
    rank.running = true;
    ranks.push_back(rank);
  }

  int code = 0;
  bool refused = false;  // a rank refused to start: the others only wait at the rendezvous
  std::optional<Clock::time_point> terminate_at;  // after a failure: when to stop waiting
  std::optional<Clock::time_point> kill_at;
  int running = plan.nproc;
  while (running > 0) {
    if (g_signal != 0) {
      const int signal = g_signal;
      g_signal = 0;
      for (const auto& rank : ranks)
        if (rank.running) ::kill(rank.pid, signal);
    }
    int status = 0;
    const pid_t ended = ::waitpid(-1, &status, WNOHANG);
    if (ended > 0) {
      for (auto& rank : ranks) {
        if (rank.pid != ended) continue;
        rank.running = false;
        --running;
        const int rank_code = exit_code_of(status);
        if (WIFSIGNALED(status) && !rank.ended_here) {
          std::cerr << "attention-train: rank " << rank.rank << " (process " << rank.pid
                    << ") was killed by signal " << WTERMSIG(status) << " ("
                    << strsignal(WTERMSIG(status)) << ")\n";
        }
        if (rank_code != 0 && code == 0) {
          code = rank_code;
          // The others notice within their timeout; a refusal at start-up
          // (status 2) leaves them waiting at the rendezvous, so less time.
          refused = rank_code == 2;
          const int grace = refused ? 2 : plan.rank_timeout + 10;
          terminate_at = Clock::now() + std::chrono::seconds(grace);
        }
      }
      continue;
    }
    const auto now = Clock::now();
    if (terminate_at && now >= *terminate_at) {
      for (auto& rank : ranks) {
        if (!rank.running) continue;
        if (!refused) {
          std::cerr << "attention-train: rank " << rank.rank << " (process " << rank.pid
                    << ") is still running after another rank failed; ending it\n";
        }
        rank.ended_here = true;
        ::kill(rank.pid, refused ? SIGKILL : SIGTERM);
      }
      terminate_at.reset();
      kill_at = now + std::chrono::seconds(5);
    }
    if (kill_at && now >= *kill_at) {
      for (const auto& rank : ranks)
        if (rank.running) ::kill(rank.pid, SIGKILL);
      kill_at.reset();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return code;
}

}  // namespace attn::cli
