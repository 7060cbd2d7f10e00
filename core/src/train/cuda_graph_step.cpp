#include "train/cuda_graph_step.h"

#include <map>
#include <stdexcept>
#include <utility>

#include "train/device_step.h"

#ifdef ATTN_HAVE_CUDA_GRAPHS
#include <ATen/autocast_mode.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace attn {

#ifdef ATTN_HAVE_CUDA_GRAPHS

namespace {

// Eager runs on the side stream before a shape is recorded, as
// torch.cuda.make_graphed_callables does: they make cuBLAS's workspaces and
// the allocator's blocks that the recording must not create.
constexpr int kWarmUpRuns = 3;

}  // namespace

struct CudaGraphStep::State {
  struct Shape {
    Batch inputs;  // the graph's inputs: each batch is copied in
    at::cuda::CUDAGraph graph;
    torch::Tensor loss;  // the graph's output
  };

  Seq2SeqModelImpl& model;
  TrainConfig config;
  bool autocast;
  torch::ScalarType half_type;
  std::int64_t max_length;
  std::vector<torch::Tensor> parameters;
  DeviceAdam adam;
  std::map<std::pair<std::int64_t, std::int64_t>, std::unique_ptr<Shape>> shapes;
  at::cuda::CUDAGraph update_graph;
  int updates = 0;  // the first runs eagerly, the second is recorded
  c10::cuda::CUDAStream stream;

  State(Seq2SeqModelImpl& m, torch::optim::Adam& optimizer, const TrainConfig& c, int d_model,
        bool amp, torch::ScalarType half, std::int64_t limit)
      : model(m),
        config(c),
        autocast(amp),
        half_type(half),
        max_length(limit),
        parameters(m.parameters()),
        adam(optimizer, c, d_model),
        stream(c10::cuda::getStreamFromPool(false, m.parameters().front().device().index())) {}

  // The gradients as tensors that stay where they are: a graph adds into them.
  void keep_gradients() {
    for (auto& parameter : parameters) {
      if (!parameter.grad().defined()) parameter.mutable_grad() = torch::zeros_like(parameter);
    }
  }
  void zero_gradients() {
    for (auto& parameter : parameters) parameter.mutable_grad().zero_();
  }

  torch::Tensor forward_backward(Shape& shape) {
    zero_gradients();
    return forward_backward_on_device(model, shape.inputs, config.label_smoothing, autocast,
                                      half_type);
  }

  void record(Shape& shape) {
    keep_gradients();
    c10::cuda::device_synchronize();
    {
      c10::cuda::CUDAStreamGuard on_side_stream(stream);
      for (int i = 0; i < kWarmUpRuns; ++i) forward_backward(shape);
      stream.synchronize();
      // Autocast's cast weights must be made inside the graph, not reused from outside.
      const bool cached = at::autocast::is_autocast_cache_enabled();
      at::autocast::set_autocast_cache_enabled(false);
      // Thread-local: the inspector's thread may use the GPU meanwhile.
      shape.graph.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
      shape.loss = forward_backward(shape);
      shape.graph.capture_end();
      at::autocast::set_autocast_cache_enabled(cached);
    }
    c10::cuda::device_synchronize();
  }

  void update_step() {
    clip_gradients_on_device(parameters, config.clip);
    adam.step();
  }
};

bool CudaGraphStep::built() { return true; }
std::string CudaGraphStep::not_built_reason() { return {}; }

CudaGraphStep::CudaGraphStep(Seq2SeqModelImpl& model, torch::optim::Adam& optimizer,
                             const TrainConfig& config, int d_model, bool autocast,
                             torch::ScalarType half_type, std::int64_t max_length)
    : state_(std::make_unique<State>(model, optimizer, config, d_model, autocast, half_type,
                                     max_length)) {}

CudaGraphStep::~CudaGraphStep() = default;

torch::Tensor CudaGraphStep::forward_backward(const Batch& batch) {
  auto& state = *state_;
  const std::pair<std::int64_t, std::int64_t> key{
      bucket_length(batch.src.size(1), state.max_length),
      bucket_length(batch.tgt_in.size(1), state.max_length)};
  auto& shape = state.shapes[key];
  const Batch padded = padded_batch(batch, key.first, key.second);
  if (!shape) {
    shape = std::make_unique<State::Shape>();
    shape->inputs = padded;  // these tensors become the graph's inputs
    state.record(*shape);
  } else {
    shape->inputs.src.copy_(padded.src, /*non_blocking=*/true);
    shape->inputs.tgt_in.copy_(padded.tgt_in, true);
    shape->inputs.tgt_out.copy_(padded.tgt_out, true);
  }
  shape->graph.replay();
  return shape->loss;
}

void CudaGraphStep::update() {
  auto& state = *state_;
  if (state.updates == 0) {
    state.update_step();  // eagerly: lazily made kernels and buffers are made here
  } else {
    if (state.updates == 1) {
      c10::cuda::device_synchronize();
      {
        c10::cuda::CUDAStreamGuard on_side_stream(state.stream);
        state.update_graph.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
        state.update_step();
        state.update_graph.capture_end();
      }
      c10::cuda::device_synchronize();
    }
    state.update_graph.replay();
  }
  ++state.updates;
}

void CudaGraphStep::sync_to_optimizer() { state_->adam.sync_to_optimizer(); }
int CudaGraphStep::graphs() const {
  return static_cast<int>(state_->shapes.size()) + (state_->updates > 1 ? 1 : 0);
}

#else

struct CudaGraphStep::State {};

bool CudaGraphStep::built() { return false; }
std::string CudaGraphStep::not_built_reason() {
  return "cuda_graphs: this LibTorch has no CUDA (CUDA graphs need a CUDA LibTorch 2.x, as "
         "PyTorch's wheel or download); drop --cuda-graphs";
}

CudaGraphStep::CudaGraphStep(Seq2SeqModelImpl&, torch::optim::Adam&, const TrainConfig&, int, bool,
                             torch::ScalarType, std::int64_t) {
  throw std::logic_error(not_built_reason());
}
CudaGraphStep::~CudaGraphStep() = default;
torch::Tensor CudaGraphStep::forward_backward(const Batch&) { return {}; }
void CudaGraphStep::update() {}
void CudaGraphStep::sync_to_optimizer() {}
int CudaGraphStep::graphs() const { return 0; }

#endif

}  // namespace attn
