#pragma once
// attention-train --bench: timed training steps on random batches of a preset's shape.

#include <cstdint>
#include <string>
#include <vector>

#include "attn/model_config.h"
#include "attn/train_config.h"

namespace attn {

struct BenchmarkRequest {
  std::string preset = "bench-tiny";                        // bench-tiny, bench-small, bench-base
  Implementation implementation = Implementation::Scratch;  // not Both
  int capture_every = 0;  // probe snapshot every N steps; 0: never
  int threads = 0;        // 0: automatic, as for training (measured, follows the load)
  int steps = 30;         // timed steps
  int warmup_steps = 5;   // untimed steps first
  std::string device = "cpu";
  AmpMode amp = AmpMode::Off;
  bool cuda_graphs = false;  // the step replayed from CUDA graphs (--cuda-graphs)
  // Shape overrides for scaling studies; 0 keeps the preset's. A new d_model
  // keeps the preset's heads and sets d_ff = 4 · d_model (the paper's ratio).
  int length = 0;
  int d_model = 0;
  // Busy processes running beside the benchmark (reported only: the caller
  // starts them, see BackgroundLoad).
  int background_load = 0;
};

struct BenchmarkResult {
  std::string preset, implementation, device;
  bool threads_automatic = false;
  int background_load = 0;
  int threads = 0, capture_every = 0, batch = 0, src_len = 0, tgt_len = 0, steps = 0;
  double step_ms_median = 0, step_ms_p90 = 0, tokens_per_s = 0, peak_rss_mb = 0;
  double model_gflop_per_step = 0;  // forward + backward matmul work (3 × forward)
  double achieved_gflops = 0;       // model_gflop_per_step / median step time
  int d_model = 0;
  double attention_flop_share = 0;  // share of the matmul work in Q·K^T and A·V
  // The attention core (scores, masks, softmax, dropout, weighted sum; forward
  // and backward) of every attention layer of one step, timed in isolation on
  // the step's shapes, and its share of the median step time.
  double attention_core_ms = 0;
  double attention_time_share = 0;
  // A lower bound on memory traffic per step (see estimated_step_bytes in
  // benchmark.cpp) and the arithmetic intensity it gives, for the roofline.
  double estimated_gb_per_step = 0;
  double flop_per_byte = 0;
};

// Throws std::invalid_argument with a readable message for a bad request.
BenchmarkResult run_benchmark(const BenchmarkRequest& request);
// The contract's one JSON line (plus the FLOP fields).
std::string to_json_line(const BenchmarkResult& result);

// Sustained fp32 GEMM rate through LibTorch: median GFLOP/s of n×n products.
struct MatmulResult {
  int n = 0, threads = 0;
  double gflops = 0;
};
MatmulResult run_matmul_benchmark(int threads, int n = 1024);
std::string to_json_line(const MatmulResult& result);

// Sustained memory bandwidth through LibTorch: median GB/s (bytes read plus
// written) of copying a 256 MiB fp32 tensor, the roofline's slope.
struct BandwidthResult {
  int threads = 0;
  double gb_per_s = 0;
};
BandwidthResult run_bandwidth_benchmark(int threads);
std::string to_json_line(const BandwidthResult& result);

// attention-train --bench gemm-bench-small (…-tiny, …-base): every matrix
// product of the linear layers in one training step of that preset (forward,
// input gradient, weight gradient), each timed alone through LibTorch's BLAS
// and, where LibTorch links it, through oneDNN's SGEMM on the same operands.
// Their sum per step is the time a step cannot go below with that library.
struct GemmShapeResult {
  std::string layer, product;
  std::int64_t m = 0, n = 0, k = 0;  // C[m×n] = A[m×k]·B[k×n]
  int per_step = 0;                  // how many layers make this product each step
  double library_gflops = 0, onednn_gflops = 0;
  bool onednn_agrees = false;  // oneDNN's result matches LibTorch's
};
struct GemmBenchmarkResult {
  std::string preset;
  int threads = 0;
  bool onednn_found = false;
  std::vector<GemmShapeResult> shapes;
  double gflop_per_step = 0;  // the linear layers' products of one step
  double library_ms_per_step = 0, onednn_ms_per_step = 0;
};
// `preset`: bench-tiny, bench-small or bench-base.
GemmBenchmarkResult run_gemm_benchmark(const std::string& preset, int threads);
// One JSON line per product, then one for the step.
std::string to_json_lines(const GemmBenchmarkResult& result);

}  // namespace attn
