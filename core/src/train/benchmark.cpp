#include "attn/benchmark.h"

#include <sys/resource.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>

#include "attn/model_summary.h"
#include "attn/version.h"
#include "data/batcher.h"
#include "model/attention_mask.h"
#include "model/model_factory.h"
#include "model/multi_head_attention.h"
#include "probe/gradient_stats.h"
#include "probe/probe.h"
#include "train/benchmark_shapes.h"
#include "train/cuda_graph_step.h"
#include "train/mixed_precision.h"
#include "train/optimization.h"
#include "train/preflight.h"
#include "train/threads.h"

namespace attn {
namespace {

using Clock = std::chrono::steady_clock;

// Matrix-multiply work of one forward pass, in FLOPs (2 per multiply-add);
// *attention_part receives the part spent in Q·K^T and A·V.
double forward_flops(const ModelConfig& c, double batch, double length,
                     double* attention_part = nullptr) {
  const double d = c.d_model, f = c.d_ff, tokens = batch * length;
  const double projections = 2 * tokens * d * d * 4;             // Q, K, V, output
  const double attention = 2 * 2 * batch * length * length * d;  // scores and weighted sum
  const double ffn = 2 * tokens * d * f * 2;
  const double encoder = c.enc_layers * (projections + attention + ffn);
  const double decoder = c.dec_layers * (2 * (projections + attention) + ffn);
  const double output = 2 * tokens * d * c.tgt_vocab_size;
  if (attention_part != nullptr) *attention_part = (c.enc_layers + 2.0 * c.dec_layers) * attention;
  return encoder + decoder + output;
}

// A lower bound on the bytes one training step moves, for the roofline's
// arithmetic intensity. Activations (fp32 values per step, counted per token
// per layer below) are written in the forward pass and read in the backward
// pass, and so are their gradients: 4 passes. Parameters are read forward and
// backward, their gradient written and read by clipping, then Adam reads
// weight, gradient and both moments and writes weight and moments: 9 passes.
// Caches may hold some of this; it is an estimate, labelled as such.
double estimated_step_bytes(const ModelConfig& c, double batch, double length, double parameters) {
  const double d = c.d_model, f = c.d_ff, h = c.heads, t = length, tokens = batch * length;
  // Q, K, V, context, output, dropout, residual, norm (8d) + scores, softmax, dropped-out weights
  // (3·h·T).
  const double attention_block = 8 * d + 3 * h * t;
  // hidden before the activation and after the fused activation + dropout (2f; the dropout mask is
  // regenerated, not stored) + output, dropout, residual, norm (4d).
  const double ffn_block = 2 * f + 4 * d;
  const double per_token =
      c.enc_layers * (attention_block + ffn_block) +
      c.dec_layers * (2 * attention_block + ffn_block) +
      2 * 2 * d                      // source and target embeddings, dropout
      + 3.0 * c.tgt_vocab_size / 2;  // logits, log-softmax, gradient (target half of tokens)
  const double activations = per_token * tokens;
  return 4.0 * (4 * activations + 9 * parameters);
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

void synchronize(const torch::Device& device) {
  // A host read of a device scalar waits for every queued kernel.
  if (device.is_cuda())
    (void)torch::zeros({1}, torch::TensorOptions().device(device)).sum().item<float>();
}

// Median wall time of the attention cores of one training step: each encoder
// layer's self-attention (padding mask), each decoder layer's masked
// self-attention (causal mask) and cross-attention (padding mask), forward and
// backward, on random queries, keys and values of the step's shape. Timing
// them apart from the step is what gives attention's share of the time.
double attention_core_ms(const ModelConfig& c, int batch, int length, const torch::Device& device) {
  const auto options = torch::TensorOptions().device(device);
  const auto make = [&] {
    return torch::randn({batch, c.heads, length, c.d_model / c.heads}, options).requires_grad_();
  };
  const auto q = make(), k = make(), v = make();
  const auto padding = torch::zeros({batch, length}, options.dtype(torch::kBool));
  const auto causal = causal_mask(length, options);
  Dropout dropout(c.dropout);
  dropout->train();
  const auto core = [&](const torch::Tensor& key_padding, const torch::Tensor& attn_mask) {
    const auto context =
        scaled_dot_product_attention(q, k, v, key_padding, attn_mask, dropout, nullptr);
    // Gradients returned, not accumulated into q, k, v: the step's own work only.
    (void)torch::autograd::grad({context}, {q, k, v}, {torch::ones_like(context)});
  };
  std::vector<double> times;
  for (int repeat = 0; repeat < 7; ++repeat) {
    synchronize(device);
    const auto begun = Clock::now();
    for (int layer = 0; layer < c.enc_layers; ++layer) core(padding, {});
    for (int layer = 0; layer < c.dec_layers; ++layer) {
      core({}, causal);
      core(padding, {});
    }
    synchronize(device);
    if (repeat >= 2) times.push_back(std::chrono::duration<double>(Clock::now() - begun).count());
  }
  return 1000 * percentile(times, 0.5);
}

}  // namespace

BenchmarkResult run_benchmark(const BenchmarkRequest& request) {
  auto shape = bench_shapes().find(request.preset);
  auto preset = model_preset(request.preset);
  if (shape == bench_shapes().end() || !preset) {
    throw std::invalid_argument("--bench: unknown preset '" + request.preset +
                                "'; expected bench-tiny, bench-small, bench-base or matmul");
  }
  if (request.implementation == Implementation::Both) {
    throw std::invalid_argument("--impl: the benchmark runs scratch or library, not 'both'");
  }
  if (request.steps < 1) throw std::invalid_argument("--steps: must be at least 1");
  // The benchmark measures the CPU unless a GPU is named ("auto" included),
  // so that the README's CPU figures mean the same on a machine with a GPU.
  TrainConfig wanted;
  wanted.device = request.device == "auto" ? "cpu" : request.device;
  wanted.amp = request.amp;
  wanted.cuda_graphs = request.cuda_graphs;
  if (auto errors = validate(wanted); !errors.empty())
    throw std::invalid_argument(errors.front().message.english());
  Text refusal;
  const auto choice = choose_device(wanted, cuda_device_count(), &refusal);
  if (!choice) throw std::invalid_argument(refusal.english());
  const torch::Device device = choice->device;
  ModelConfig config = *preset;
  if (request.d_model > 0) {
    config.d_model = request.d_model;
    config.d_ff = 4 * request.d_model;
  }
  if (auto problems = validation_message(config); !problems.empty())
    throw std::invalid_argument(problems);
  if (auto problem = threads_request_problem(request.threads); !problem.empty())
    throw std::invalid_argument("--threads: " + problem);
  // The same choice as training, so the default's time is what a run gets.
  RunThreads run_threads(request.threads, config.d_model, !device.is_cuda());
  at::set_num_threads(run_threads.threads());

  auto model = make_model(config, request.implementation,
                          /*seed=*/1);
  model->to(device);
  model->train();
  TrainConfig train;  // Adam(0.9, 0.98, 1e-9), Noam, clip 1.0, label smoothing 0.1
  auto parameters = model->parameters();
  auto optimizer = make_adam(parameters, train, config.d_model);
  const bool amp = request.amp != AmpMode::Off;
  const torch::ScalarType half = half_type_for(request.amp, device);
  LossScaler scaler(half == torch::kFloat16, device);
  std::unique_ptr<CudaGraphStep> graphs;
  if (request.cuda_graphs) {
    graphs = std::make_unique<CudaGraphStep>(*model, optimizer, train, config.d_model, amp, half,
                                             config.max_len);
  }

  // Random full-length batches (no padding), made on the host like real batches.
  const int length = request.length > 0 ? request.length : shape->second.length;
  const int batch_size = shape->second.batch;
  if (length < 2 || length > config.max_len) {
    throw std::invalid_argument("--bench-length: " + std::to_string(length) + " is outside 2.." +
                                std::to_string(config.max_len));
  }
  std::vector<EncodedExample> examples;
  torch::manual_seed(2);
  auto tokens =
      torch::randint(4, config.tgt_vocab_size, {batch_size + 4, 2, length - 1}, torch::kInt32);
  for (int i = 0; i < batch_size + 4; ++i) {
    auto source = tokens[i][0].contiguous(), target = tokens[i][1].contiguous();
    examples.push_back(
        {std::vector<int>(source.data_ptr<int>(), source.data_ptr<int>() + length - 1),
         std::vector<int>(target.data_ptr<int>(), target.data_ptr<int>() + length - 1)});
  }
  Batcher batcher(examples, batch_size, false, 1);
  std::vector<std::size_t> indices(static_cast<std::size_t>(batch_size));
  for (int i = 0; i < batch_size; ++i)
    indices[static_cast<std::size_t>(i)] = static_cast<std::size_t>(i);
  std::vector<std::size_t> probe_indices = {
      static_cast<std::size_t>(batch_size), static_cast<std::size_t>(batch_size) + 1,
      static_cast<std::size_t>(batch_size) + 2, static_cast<std::size_t>(batch_size) + 3};
  const Batch probe = batcher.make_batch(probe_indices, device);

  std::vector<double> times;
  std::map<int, int> timed_steps_at;  // thread count → timed steps run with it
  for (int step = 1; step <= request.warmup_steps + request.steps; ++step) {
    synchronize(device);
    const auto begun = Clock::now();
    const Batch batch = batcher.make_batch(indices, device);
    if (graphs) {
      // The trainer's --cuda-graphs step: one loss read, the statistics between the graphs.
      (void)graphs->forward_backward(batch).item<double>();
      (void)gradient_stats(*model);
      graphs->update();
    }
    if (!graphs) release_gradients(parameters);
    if (!graphs) {
      const double loss = accumulate_gradients(*model, {batch}, train.label_smoothing, amp, half,
                                               scaler.scale_tensor())
                              .item<double>();
      (void)loss;
      scaler.unscale(parameters);
      const GradientStats gradients = gradient_stats(*model);
      const bool finite = scaler.gradients_finite();
      scaler.update();
      if (finite) {
        clip_gradients(parameters, gradients.global_norm, train.clip);
        set_learning_rate(optimizer, learning_rate(train, config.d_model, step));
        optimizer.step();
      }
    }
    if (request.capture_every > 0 && step % request.capture_every == 0) {
      (void)capture_snapshot(*model, probe.src, probe.tgt_in);
    }
    synchronize(device);
    const double seconds = std::chrono::duration<double>(Clock::now() - begun).count();
    if (step > request.warmup_steps) {
      times.push_back(seconds);
      ++timed_steps_at[run_threads.threads()];
    }
    if (run_threads.after_step(seconds, 2.0 * batch_size * length, nullptr))
      at::set_num_threads(run_threads.threads());
  }

  BenchmarkResult result;
  result.preset = request.preset;
  result.implementation = to_string(request.implementation);
  result.device = (device.is_cuda() ? device.str() : std::string("cpu")) +
                  (amp ? (half == torch::kBFloat16 ? "+bf16" : "+fp16") : "") +
                  (graphs ? "+graphs" : "");
  // The count most timed steps ran with.
  result.threads =
      std::max_element(timed_steps_at.begin(), timed_steps_at.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; })
          ->first;
  result.threads_automatic = run_threads.automatic();
  result.background_load = request.background_load;
  result.capture_every = request.capture_every;
  result.batch = batch_size;
  result.src_len = result.tgt_len = length;
  result.steps = request.steps;
  const double median = percentile(times, 0.5);
  result.step_ms_median = 1000 * median;
  result.step_ms_p90 = 1000 * percentile(times, 0.9);
  result.tokens_per_s = batch_size * length / median;
  result.peak_rss_mb = peak_rss_mb();
  double attention_flops = 0;
  const double flops = forward_flops(config, batch_size, length, &attention_flops);
  result.model_gflop_per_step = 3 * flops / 1e9;
  result.estimated_gb_per_step =
      estimated_step_bytes(config, batch_size, length,
                           static_cast<double>(count_parameters(config))) /
      1e9;
  result.flop_per_byte = result.model_gflop_per_step / result.estimated_gb_per_step;
  result.attention_flop_share = attention_flops / flops;
  result.d_model = config.d_model;
  result.achieved_gflops = result.model_gflop_per_step / median;
  if (request.implementation == Implementation::Scratch) {
    result.attention_core_ms = attention_core_ms(config, batch_size, length, device);
    result.attention_time_share = result.attention_core_ms / result.step_ms_median;
  }
  return result;
}

std::string to_json_line(const BenchmarkResult& r) {
  nlohmann::ordered_json line = {{"preset", r.preset},
                                 {"impl", r.implementation},
                                 {"device", r.device},
                                 {"threads", r.threads},
                                 {"threads_automatic", r.threads_automatic},
                                 {"background_load", r.background_load},
                                 {"capture_every", r.capture_every},
                                 {"batch", r.batch},
                                 {"src_len", r.src_len},
                                 {"tgt_len", r.tgt_len},
                                 {"steps", r.steps},
                                 {"step_ms_median", r.step_ms_median},
                                 {"step_ms_p90", r.step_ms_p90},
                                 {"tokens_per_s", r.tokens_per_s},
                                 {"peak_rss_mb", r.peak_rss_mb},
                                 {"model_gflop_per_step", r.model_gflop_per_step},
                                 {"achieved_gflops", r.achieved_gflops},
                                 {"d_model", r.d_model},
                                 {"attention_flop_share", r.attention_flop_share},
                                 {"attention_core_ms", r.attention_core_ms},
                                 {"attention_time_share", r.attention_time_share},
                                 {"estimated_gb_per_step", r.estimated_gb_per_step},
                                 {"flop_per_byte", r.flop_per_byte}};
  return line.dump();
}

MatmulResult run_matmul_benchmark(int threads, int n) {
  at::set_num_threads(threads > 0 ? threads : at::get_num_threads());
  torch::manual_seed(0);
  auto a = torch::randn({n, n}), b = torch::randn({n, n}), c = torch::empty({n, n});
  // 40 products (about half a second at n = 1024 on two cores): the median
  // of many stays put when the machine has a noisy moment.
  std::vector<double> rates;
  for (int i = 0; i < 42; ++i) {
    const auto begun = Clock::now();
    torch::mm_out(c, a, b);
    const double seconds = std::chrono::duration<double>(Clock::now() - begun).count();
    if (i >= 2) rates.push_back(2.0 * n * n * static_cast<double>(n) / seconds / 1e9);
  }
  return {n, at::get_num_threads(), percentile(rates, 0.5)};
}

BandwidthResult run_bandwidth_benchmark(int threads) {
  at::set_num_threads(threads > 0 ? threads : at::get_num_threads());
  const int64_t floats = int64_t{64} << 20;  // 256 MiB: far beyond any cache
  auto source = torch::ones({floats}), target = torch::empty({floats});
  std::vector<double> rates;
  for (int i = 0; i < 10; ++i) {
    const auto begun = Clock::now();
    target.copy_(source);
    const double seconds = std::chrono::duration<double>(Clock::now() - begun).count();
    if (i >= 2) rates.push_back(2.0 * 4.0 * static_cast<double>(floats) / seconds / 1e9);
  }
  return {at::get_num_threads(), percentile(rates, 0.5)};
}

std::string to_json_line(const BandwidthResult& r) {
  nlohmann::ordered_json line = {
      {"preset", "bandwidth"}, {"threads", r.threads}, {"gb_per_s", r.gb_per_s}};
  return line.dump();
}

std::string to_json_line(const MatmulResult& r) {
  nlohmann::ordered_json line = {
      {"preset", "matmul"}, {"n", r.n}, {"threads", r.threads}, {"gflops", r.gflops}};
  return line.dump();
}

}  // namespace attn
