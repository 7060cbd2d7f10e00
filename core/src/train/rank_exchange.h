#pragma once
// What the ranks of a data-parallel run say to each other, behind one small
// interface: nothing for a run of one process, PyTorch's c10d (a TCPStore for
// the rendezvous and notes, a Gloo process group for the collectives)
// otherwise. No c10d type appears here: the trainer sees tensors and numbers.

#include <torch/torch.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "attn/world.h"

namespace attn {

// A rank could not be reached, or the rendezvous failed; the message names
// the rank or the address and what to do.
struct RankExchangeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class RankExchange {
 public:
  virtual ~RankExchange() = default;
  virtual int rank() const { return 0; }
  virtual int size() const { return 1; }
  virtual std::string backend() const { return {}; }
  // Every rank's host name, by rank (this machine's alone for one process).
  virtual std::vector<std::string> hosts() const;

  // Each value summed over the ranks (one small all-reduce): a step's target
  // tokens and its stop and pause votes.
  virtual std::vector<double> sum(std::vector<double> values) { return values; }
  // Rank 0's values of these tensors, written into them on every rank.
  virtual void broadcast(const std::vector<torch::Tensor>& tensors) {}
  // Sums the parameters' gradients over the ranks in buckets (DDP's 25 MB),
  // with `extra` (this rank's summed loss) riding along in the last one; returns
  // the summed extra. A parameter that has no gradient on any rank keeps none,
  // so the optimiser skips it as it would in one process.
  virtual double sum_gradients(const std::vector<torch::Tensor>& parameters, double extra) {
    return extra;
  }
  // Every rank's `text` under `key`, by rank (a rendezvous, not a collective).
  virtual std::vector<std::string> gather_text(const std::string& key, const std::string& text) {
    return {text};
  }
  // A note from one rank that others wait for without a timeout (an
  // evaluation may take long): post() never blocks; await() returns the value
  // once posted, or throws RankExchangeError when rank 0 is gone.
  virtual void post(const std::string& key, const std::string& value) {}
  virtual std::string await(const std::string& key) { return {}; }
};

// The exchange for `world`: the no-op one for a world of one, c10d otherwise.
// `device_asked` is the configuration's device text, `device` the one this
// rank trains on (its gradients' device, for NCCL). Throws RankExchangeError
// when the backend is missing from this build (backend_problem), the port is
// taken, the master cannot be reached or a rank does not join within the
// world's timeout.
std::unique_ptr<RankExchange> connect_ranks(const World& world, const std::string& device_asked,
                                            const torch::Device& device);

}  // namespace attn
