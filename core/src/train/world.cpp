#include "attn/world.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <limits>

namespace attn {
namespace {

// An integer variable, or an error naming it; nullopt when it is not set.
std::optional<int> integer_variable(const EnvironmentLookup& lookup, const char* name,
                                    std::string* error) {
  const char* text = lookup(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || value < 0 || value > std::numeric_limits<int>::max()) {
    *error = std::string(name) + "=" + text + ": expected a whole number of at least 0";
    return std::nullopt;
  }
  return static_cast<int>(value);
}

// SLURM_NTASKS_PER_NODE may read "2" or "2(x3)" (two tasks on each of three nodes).
std::optional<int> tasks_per_node(const EnvironmentLookup& lookup) {
  const char* text = lookup("SLURM_NTASKS_PER_NODE");
  if (text == nullptr) return std::nullopt;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || value < 1 || value > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(value);
}

}  // namespace

std::optional<World> world_from_environment(const EnvironmentLookup& lookup, std::string* error) {
  error->clear();
  const bool pytorch = lookup("RANK") != nullptr || lookup("WORLD_SIZE") != nullptr;
  const bool slurm =
      !pytorch && lookup("SLURM_PROCID") != nullptr && lookup("SLURM_NTASKS") != nullptr;
  if (!pytorch && !slurm) return std::nullopt;

  World world;
  const char* rank_name = pytorch ? "RANK" : "SLURM_PROCID";
  const char* size_name = pytorch ? "WORLD_SIZE" : "SLURM_NTASKS";
  const char* local_rank_name = pytorch ? "LOCAL_RANK" : "SLURM_LOCALID";
  const auto rank = integer_variable(lookup, rank_name, error);
  const auto size = integer_variable(lookup, size_name, error);
  const auto local_rank = integer_variable(lookup, local_rank_name, error);
  const auto local_size =
      pytorch ? integer_variable(lookup, "LOCAL_WORLD_SIZE", error) : tasks_per_node(lookup);
  const auto port = integer_variable(lookup, "MASTER_PORT", error);
  if (!error->empty()) return std::nullopt;
  if (!rank || !size) {
    *error = std::string(rank ? size_name : rank_name) + " is not set, but " +
             (rank ? rank_name : size_name) + " is: set both (or neither, for one process)";
    return std::nullopt;
  }
  world.rank = *rank;
  world.size = *size;
  world.local_rank = local_rank.value_or(0);
  // Without LOCAL_WORLD_SIZE (or SLURM_NTASKS_PER_NODE) only its lower bound is known.
  world.local_size = local_size.value_or(world.local_rank + 1);
  if (const char* address = lookup("MASTER_ADDR"); address != nullptr && *address != '\0')
    world.master_address = address;
  if (port) world.master_port = *port;
  if (auto problem = world_problem(world); !problem.empty()) {
    *error = problem;
    return std::nullopt;
  }
  return world;
}

std::optional<World> world_from_environment(std::string* error) {
  return world_from_environment([](const char* name) { return std::getenv(name); }, error);
}

std::string world_problem(const World& world) {
  if (world.size < 1) return "world size " + std::to_string(world.size) + ": expected at least 1";
  if (world.rank < 0 || world.rank >= world.size) {
    return "rank " + std::to_string(world.rank) + ": expected 0 to " +
           std::to_string(world.size - 1) + " in a world of " + std::to_string(world.size);
  }
  if (world.local_size < 1 || world.local_rank < 0 || world.local_rank >= world.local_size) {
    return "local rank " + std::to_string(world.local_rank) + ": expected 0 to " +
           std::to_string(world.local_size - 1) + " (local world size " +
           std::to_string(world.local_size) + ")";
  }
  if (world.master_port < 1 || world.master_port > 65535)
    return "master port " + std::to_string(world.master_port) + ": expected 1 to 65535";
  if (world.master_address.empty()) return "master address: empty";
  if (!world.backend.empty() && world.backend != "gloo" && world.backend != "nccl")
    return "backend '" + world.backend + "': expected gloo or nccl";
  if (world.timeout_seconds < 1)
    return "timeout " + std::to_string(world.timeout_seconds) + " s: expected at least 1";
  return {};
}

int free_loopback_port() {
  const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (socket_fd < 0) return 29500;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;  // the kernel chooses
  socklen_t length = sizeof address;
  int port = 29500;
  if (::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    port = ntohs(address.sin_port);
  ::close(socket_fd);
  return port;
}

bool parse_master(const std::string& text, World& world, std::string* error) {
  const auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? text : text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (colon == std::string::npos || host.empty()) {
    *error = "expected HOST:PORT (e.g. node01:29500), got '" + text + "'";
    return false;
  }
  const std::string port_text = text.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (port_text.empty() || *end != '\0' || port < 1 || port > 65535) {
    *error = "port '" + port_text + "': expected 1 to 65535";
    return false;
  }
  world.master_address = host;
  world.master_port = static_cast<int>(port);
  return true;
}

}  // namespace attn
