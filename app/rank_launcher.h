#pragma once
// attention-train --nproc N: starts N copies of itself on this machine, one
// per rank, with PyTorch's variables set (RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT), as torchrun does, and watches
// them: Ctrl+C reaches every rank once, and a rank that dies is named.

#include <string>
#include <vector>

namespace attn::cli {

struct LaunchPlan {
  int nproc = 1;
  int nnodes = 1;
  int node_rank = 0;
  std::string master;  // HOST:PORT; empty: loopback and a free port
  int rank_timeout = 30;
};

// The arguments without the launcher's own flags (--nproc, --nnodes,
// --node-rank, --master), as each rank gets them.
std::vector<std::string> rank_arguments(const std::vector<std::string>& arguments);

// Runs the ranks of this machine to their end; returns the exit status:
// 0 when all succeed, else the first failing rank's (128 + signal when killed).
int launch_ranks(const LaunchPlan& plan, const std::vector<std::string>& arguments);

}  // namespace attn::cli
