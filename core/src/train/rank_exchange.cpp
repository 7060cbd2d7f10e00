#include "train/rank_exchange.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "attn/train_config.h"
#include "attn/version.h"

#ifdef ATTN_HAVE_C10D_GLOO
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef ATTN_HAVE_C10D_NCCL
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace attn {
namespace {

std::string this_host() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace

std::vector<std::string> RankExchange::hosts() const { return {this_host()}; }

#ifdef ATTN_HAVE_C10D_GLOO
namespace {

using Clock = std::chrono::steady_clock;

// DistributedDataParallel's default bucket: 25 MiB of gradients per all-reduce.
constexpr std::int64_t kBucketBytes = 25LL * 1024 * 1024;

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }
std::string text_of(const std::vector<std::uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

bool is_loopback(const std::string& address) {
  return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// Whether process `pid` of this machine has ended (gone, or a zombie not yet reaped).
bool process_ended(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

// c10d logs every failed connection attempt itself; the errors it throws say
// the same, and the exchange reports them once, in its own words. Quiet for
// the exchange's lifetime (also when its constructor throws).
class QuietC10dLog {
 public:
  QuietC10dLog() {
#ifdef C10_USE_GLOG
    saved_ = FLAGS_minloglevel;
    FLAGS_minloglevel = google::GLOG_FATAL;
#endif
  }
  ~QuietC10dLog() {
#ifdef C10_USE_GLOG
    FLAGS_minloglevel = saved_;
#endif
  }
  QuietC10dLog(const QuietC10dLog&) = delete;
  QuietC10dLog& operator=(const QuietC10dLog&) = delete;

 private:
  int saved_ = 0;
};

// The ranks' exchange over c10d. Gloo always carries the small host-side
// sums (which parameters have gradients, the loss) and the store the ranks'
// messages; with --backend nccl the gradients and rank 0's parameters go
// through NCCL on the ranks' GPUs instead, as DistributedDataParallel does.
class C10dExchange : public RankExchange {
 public:
  // `nccl_possible`: this rank could use NCCL (backend_problem finds nothing).
  C10dExchange(const World& world, const torch::Device& device, bool nccl_possible)
      : world_(world) {
    const auto timeout = std::chrono::seconds(world.timeout_seconds);
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(world.master_port);
    // Under torchrun the launcher's agent already keeps a store at
    // MASTER_ADDR:MASTER_PORT and says so; every rank is then its client.
    const char* agent_store = std::getenv("TORCHELASTIC_USE_AGENT_STORE");
    const bool launcher_keeps_store = agent_store != nullptr && std::string(agent_store) == "True";
    options.isServer = world.rank == 0 && !launcher_keeps_store;
    options.waitWorkers = !launcher_keeps_store;
    options.numWorkers = static_cast<std::size_t>(world.size);
    options.timeout = timeout;
    const std::string where = world.master_address + ":" + std::to_string(world.master_port);
    try {
      // Our keys apart from anyone else's in the same store (torch.distributed
      // prefixes its process groups' keys the same way).
      store_ = c10::make_intrusive<c10d::PrefixStore>(
          "attention-studio", c10::make_intrusive<c10d::TCPStore>(world.master_address, options));
    } catch (const std::exception& e) {
      const std::string why = first_line(e.what());
      if (world.rank == 0 && why.find("in use") != std::string::npos) {
        throw RankExchangeError("rank 0 cannot listen on " + where +
                                ": the port is in use by another program; choose another with "
                                "--master HOST:PORT or MASTER_PORT");
      }
      if (world.rank == 0) {
        throw RankExchangeError("rank 0 listened on " + where + ", but not all " +
                                std::to_string(world.size) + " ranks joined within " +
                                std::to_string(world.timeout_seconds) + " s (" + why + ")");
      }
      throw RankExchangeError("rank " + std::to_string(world.rank) + " could not reach rank 0 at " +
                              where + " within " + std::to_string(world.timeout_seconds) + " s (" +
                              why +
                              "); check --master / MASTER_ADDR and MASTER_PORT and that rank 0 "
                              "runs");
    }
    try {
      auto group_options = c10d::ProcessGroupGloo::Options::create(timeout);
      if (is_loopback(world.master_address)) {
        group_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
      } else if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME")) {
        group_options->devices.push_back(
            c10d::ProcessGroupGloo::createDeviceForInterface(interface));
      } else {
        group_options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
      }
      group_ = c10::make_intrusive<c10d::ProcessGroupGloo>(store_, world.rank, world.size,
                                                           group_options);
    } catch (const std::exception& e) {
      throw RankExchangeError(
          "rank " + std::to_string(world.rank) + ": not every rank of " +
          std::to_string(world.size) + " joined the Gloo process group within " +
          std::to_string(world.timeout_seconds) + " s (" + first_line(e.what()) +
          "); a rank may have refused to start (see its message) or cannot reach this one");
    }
    // Without --backend, NCCL is the CUDA ranks' default where every rank of
    // the run can use it (all of them must agree, or their collectives
    // would not meet); Gloo otherwise.
    bool use_nccl = world.backend == "nccl";
    if (world.backend.empty()) {
      const auto votes = gather_text("nccl-possible", nccl_possible ? "1" : "0");
      use_nccl = std::all_of(votes.begin(), votes.end(),
                             [](const std::string& vote) { return vote == "1"; });
    }
#ifdef ATTN_HAVE_C10D_NCCL
    if (use_nccl) {
      // NCCL's communicator belongs to the GPU current when it is made.
      c10::cuda::set_device(device.index());
      try {
        auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
        nccl_options->timeout = timeout;
        nccl_ = c10::make_intrusive<c10d::ProcessGroupNCCL>(
            c10::make_intrusive<c10d::PrefixStore>("nccl", store_), world.rank, world.size,
            nccl_options);
      } catch (const std::exception& e) {
        throw RankExchangeError("rank " + std::to_string(world.rank) +
                                ": the NCCL process group could not be made (" +
                                first_line(e.what()) + ")");
      }
    }
#else
    (void)device;
    (void)use_nccl;
#endif
    // Who is who, so that a lost rank can be named later.
    const auto identities = gather_text("identity", this_host() + "\t" + std::to_string(getpid()));
    for (const auto& identity : identities) {
      const auto tab = identity.find('\t');
      hosts_.push_back(identity.substr(0, tab));
      pids_.push_back(tab == std::string::npos ? 0 : std::stol(identity.substr(tab + 1)));
    }
  }

  int rank() const override { return world_.rank; }
  int size() const override { return world_.size; }
  std::string backend() const override {
#ifdef ATTN_HAVE_C10D_NCCL
    if (nccl_) return "nccl";
#endif
    return "gloo";
  }
  std::vector<std::string> hosts() const override { return hosts_; }

  std::vector<double> sum(std::vector<double> values) override {
    auto tensor = torch::tensor(values, torch::kFloat64);
    all_reduce(tensor, "agreeing on a step");
    const auto* summed = tensor.data_ptr<double>();
    return {summed, summed + values.size()};
  }

  void broadcast(const std::vector<torch::Tensor>& tensors) override {
    torch::NoGradGuard no_grad;
    for (const auto& tensor : tensors) {
      std::vector<at::Tensor> one{tensor};
      run("receiving rank 0's parameters", [&] {
#ifdef ATTN_HAVE_C10D_NCCL
        if (nccl_) return nccl_->broadcast(one)->wait();
#endif
        return group_->broadcast(one)->wait();
      });
    }
  }

  double sum_gradients(const std::vector<torch::Tensor>& parameters, double extra) override {
    torch::NoGradGuard no_grad;
    // Which parameters have a gradient here, and the extra, summed along.
    auto present =
        torch::zeros({static_cast<std::int64_t>(parameters.size()) + 1}, torch::kFloat64);
    auto* flags = present.data_ptr<double>();
    for (std::size_t i = 0; i < parameters.size(); ++i)
      flags[i] = parameters[i].grad().defined() ? 1 : 0;
    flags[parameters.size()] = extra;
    all_reduce(present, "summing gradients");

    std::vector<std::size_t> bucket;
    std::int64_t bucket_bytes = 0;
    auto flush = [&] {
      if (bucket.empty()) return;
      std::vector<torch::Tensor> pieces;
      for (auto i : bucket) {
        const auto& parameter = parameters[i];
        pieces.push_back(parameter.grad().defined()
                             ? parameter.grad().reshape(-1)
                             : torch::zeros({parameter.numel()}, parameter.options()));
      }
      auto flat = torch::cat(pieces);
      all_reduce_gradients(flat);
      std::int64_t offset = 0;
      for (auto i : bucket) {
        const auto& parameter = parameters[i];
        auto summed = flat.narrow(0, offset, parameter.numel()).view_as(parameter);
        if (parameter.grad().defined())
          parameter.mutable_grad().copy_(summed);
        else
          parameter.mutable_grad() = summed.clone();
        offset += parameter.numel();
      }
      bucket.clear();
      bucket_bytes = 0;
    };
    const auto* summed_flags = present.data_ptr<double>();
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      if (summed_flags[i] == 0) continue;  // no rank has a gradient for it
      bucket.push_back(i);
      bucket_bytes += parameters[i].numel() * parameters[i].element_size();
      if (bucket_bytes >= kBucketBytes) flush();
    }
    flush();
    return summed_flags[parameters.size()];
  }

  std::vector<std::string> gather_text(const std::string& key, const std::string& text) override {
    std::vector<std::string> all;
    try {
      store_->set(key + "/" + std::to_string(world_.rank), bytes_of(text));
      for (int rank = 0; rank < world_.size; ++rank)
        all.push_back(text_of(store_->get(key + "/" + std::to_string(rank))));
    } catch (const std::exception& e) {
      throw RankExchangeError(lost("exchanging " + key, e.what()));
    }
    return all;
  }

  void post(const std::string& key, const std::string& value) override {
    try {
      store_->set(key, bytes_of(value));
    } catch (const std::exception&) {
      // The ranks waiting for it are gone; nothing to tell them.
    }
  }

  std::string await(const std::string& key) override {
    try {
      while (!store_->check({key})) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      return text_of(store_->get(key));
    } catch (const std::exception& e) {
      throw RankExchangeError("rank 0 is gone (it evaluates and keeps the rendezvous): " +
                              first_line(e.what()));
    }
  }

 private:
  static std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

  void all_reduce(torch::Tensor& tensor, const char* what) {
    std::vector<at::Tensor> one{tensor};
    run(what, [&] { group_->allreduce(one)->wait(); });
  }

  // On the GPU with NCCL, where the gradients are; Gloo otherwise. NCCL's
  // wait() orders the current stream after the sum without blocking the host.
  void all_reduce_gradients(torch::Tensor& tensor) {
#ifdef ATTN_HAVE_C10D_NCCL
    if (nccl_) {
      std::vector<at::Tensor> one{tensor};
      run("summing gradients", [&] { nccl_->allreduce(one)->wait(); });
      return;
    }
#endif
    all_reduce(tensor, "summing gradients");
  }

  template <typename Work>
  void run(const char* what, Work&& work) {
    try {
      work();
    } catch (const std::exception& e) {
      throw RankExchangeError(lost(what, e.what()));
    }
  }

  // Names the rank that was lost where this machine can tell (a process of
  // it that has ended); the transport's own words otherwise.
  std::string lost(const std::string& what, const std::string& error) const {
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    const std::string here = this_host();
    do {
      for (int rank = 0; rank < static_cast<int>(pids_.size()); ++rank) {
        if (rank == world_.rank || hosts_[rank] != here || pids_[rank] <= 0) continue;
        if (process_ended(pids_[rank])) {
          return "rank " + std::to_string(rank) + " (process " + std::to_string(pids_[rank]) +
                 " on " + hosts_[rank] + ") was lost while " + what + "; rank " +
                 std::to_string(world_.rank) + " stops (" + first_line(error) + ")";
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (Clock::now() < deadline);
    return "rank " + std::to_string(world_.rank) + " lost contact with another rank while " + what +
           " (" + first_line(error) + "); a rank on another machine stopped, or the network failed";
  }

  QuietC10dLog quiet_;  // first: it outlives everything c10d below
  World world_;
  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group_;
#ifdef ATTN_HAVE_C10D_NCCL
  c10::intrusive_ptr<c10d::ProcessGroupNCCL> nccl_;
#endif
  std::vector<std::string> hosts_;
  std::vector<long> pids_;
};

}  // namespace
#endif

std::string distributed_backends() {
#ifdef ATTN_HAVE_C10D_GLOO
  return "gloo";
#else
  return {};
#endif
}

std::string backend_problem(const std::string& backend, int local_size, const std::string& device) {
  if (backend == "nccl") {
    if (!torch_build().nccl) {
      return "backend nccl: this LibTorch was built without NCCL (it needs a CUDA LibTorch with "
             "NCCL); use --backend gloo";
    }
    if (device == "cpu") {
      return "backend nccl: NCCL sums CUDA tensors, and this run is on the CPU; use --backend "
             "gloo or --device cuda";
    }
    const int devices = cuda_device_count();
    if (devices < local_size) {
      return "backend nccl: NCCL gives each rank a CUDA device of its own; this machine has " +
             std::to_string(devices) + " for " + std::to_string(local_size) +
             (local_size == 1 ? " rank" : " ranks") + "; use --backend gloo";
    }
    if (local_size > 1 && cuda_index_of(device) >= 0) {
      return "backend nccl: --device " + device +
             " puts every rank of this machine on one GPU; NCCL needs one each: use --device "
             "cuda (each rank takes the GPU of its local rank)";
    }
  }
#ifndef ATTN_HAVE_C10D_GLOO
  return "training across processes needs LibTorch's c10d with Gloo, which this build lacks "
         "(install libgloo-dev and build again)";
#else
  return {};
#endif
}

std::unique_ptr<RankExchange> connect_ranks(const World& world, const std::string& device_asked,
                                            const torch::Device& device) {
  if (!world.distributed()) return std::make_unique<RankExchange>();
  if (auto problem = backend_problem(world.backend, world.local_size, device_asked);
      !problem.empty())
    throw RankExchangeError(problem);
#ifdef ATTN_HAVE_C10D_GLOO
  const bool nccl_possible =
      device.is_cuda() && backend_problem("nccl", world.local_size, device_asked).empty();
  return std::make_unique<C10dExchange>(world, device, nccl_possible);
#else
  return nullptr;  // backend_problem said why
#endif
}

}  // namespace attn
