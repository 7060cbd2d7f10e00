#pragma once
// Where one process stands in a data-parallel run: its rank among all the
// processes, how many there are, and where they meet. Torch-free; the
// conventions are PyTorch's (torchrun and torch.distributed's env:// set-up),
// so a job script written for PyTorch launches attention-train unchanged.

#include <functional>
#include <optional>
#include <string>

namespace attn {

struct World {
  int rank = 0;        // 0 … size-1; rank 0 evaluates and writes the run directory
  int size = 1;        // processes in the run, all machines together
  int local_rank = 0;  // this process among those on its machine
  int local_size = 1;  // processes on this machine
  std::string master_address = "127.0.0.1";  // where rank 0 listens (the rendezvous)
  int master_port = 29500;                   // torch.distributed's default
  std::string backend;                       // "gloo" or "nccl"; empty: chosen by the device
  // How long a collective or the rendezvous waits for another rank before the
  // run ends naming it (torch.distributed's own default is 30 minutes).
  int timeout_seconds = 30;

  bool distributed() const { return size > 1; }
};

// Reads a world from the environment, as torch.distributed's env:// does:
// RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT;
// where those are absent, Slurm's SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID,
// SLURM_NTASKS_PER_NODE (with MASTER_ADDR/MASTER_PORT still from the
// environment). Returns nullopt when neither names a world (a plain run).
// A variable that is set but unusable gives *error naming it and the value.
using EnvironmentLookup = std::function<const char*(const char* name)>;
std::optional<World> world_from_environment(const EnvironmentLookup& lookup, std::string* error);
std::optional<World> world_from_environment(std::string* error);

// Empty when the world can be used; otherwise what is wrong, naming the field.
std::string world_problem(const World& world);

// Empty when this build can train `local_size` processes of one machine with
// `backend` ("gloo", "nccl"; empty: Gloo) on `device` (as --device); otherwise
// one line saying why not and what to use instead. The launcher asks before
// it starts any rank, so the reason is said once.
std::string backend_problem(const std::string& backend, int local_size, const std::string& device);

// "HOST:PORT" (an IPv6 address in brackets) into the world's master fields.
bool parse_master(const std::string& text, World& world, std::string* error);

// A TCP port of 127.0.0.1 that nothing listens on just now, for the
// rendezvous of a run on one machine (as torchrun --standalone picks one).
int free_loopback_port();

// Whether this build can train across processes, and with which backends
// ("gloo", "gloo nccl"); empty when it cannot (LibTorch without c10d).
std::string distributed_backends();

}  // namespace attn
