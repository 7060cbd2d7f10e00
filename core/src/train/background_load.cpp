#include "attn/background_load.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace attn {
namespace {

[[noreturn]] void spin_forever(pid_t parent) {
  setsid();
  // Die with the process that started us, even if it is killed.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(0);
  volatile unsigned long counter = 0;
  for (;;) counter = counter + 1;
}

}  // namespace

BackgroundLoad::BackgroundLoad(int processes) {
  const pid_t parent = getpid();
  for (int i = 0; i < processes; ++i) {
    const pid_t child = fork();
    if (child == 0) spin_forever(parent);  // only async-signal-safe calls from here on
    if (child < 0) {
      const std::string reason = std::strerror(errno);
      stop();
      throw std::runtime_error("--background-load: cannot start a busy process: " + reason);
    }
    children_.push_back(child);
  }
}

BackgroundLoad::~BackgroundLoad() { stop(); }

void BackgroundLoad::stop() {
  for (const pid_t child : children_) kill(child, SIGKILL);
  for (const pid_t child : children_) waitpid(child, nullptr, 0);
  children_.clear();
}

}  // namespace attn
