// attention-train --bench gemm-PRESET: the matrix products of one training
// step, each timed alone, through the BLAS LibTorch calls and through oneDNN.

#include <dlfcn.h>

#include <torch/torch.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <stdexcept>

#include "attn/benchmark.h"
#include "attn/model_config.h"
#include "train/benchmark_shapes.h"

namespace attn {
namespace {

using Clock = std::chrono::steady_clock;

// oneDNN's row-major SGEMM (dnnl.h, oneDNN 2.x): C = alpha·op(A)·op(B) + beta·C.
// LibTorch's CPU library links oneDNN, so the symbol is found in the process
// without a build dependency; null where it is absent.
using DnnlSgemm = int (*)(char transa, char transb, std::int64_t m, std::int64_t n, std::int64_t k,
                          float alpha, const float* a, std::int64_t lda, const float* b,
                          std::int64_t ldb, float beta, float* c, std::int64_t ldc);

DnnlSgemm find_onednn_sgemm() {
  return reinterpret_cast<DnnlSgemm>(dlsym(RTLD_DEFAULT, "dnnl_sgemm"));
}

// Each linear layer of one step: `count` layers map `in` features to `out`
// for every position of the batch. The scratch model's layers (§3.1–§3.4):
// fused Q, K, V of self-attention; the attention outputs and cross-attention's
// query; cross-attention's fused K, V of the encoder's output; the two
// feed-forward layers; the projection to the vocabulary.
struct LinearShape {
  const char* layer;
  std::int64_t in, out;
  int count;
};

std::vector<LinearShape> linear_shapes(const ModelConfig& c) {
  const std::int64_t d = c.d_model, f = c.d_ff;
  const int e = c.enc_layers, dl = c.dec_layers;
  return {{"self-attention Q, K, V", d, 3 * d, e + dl},
          {"attention output, cross-attention Q", d, d, e + 3 * dl},
          {"cross-attention K, V", d, 2 * d, dl},
          {"feed-forward 1", d, f, e + dl},
          {"feed-forward 2", f, d, e + dl},
          {"output projection", d, c.tgt_vocab_size, 1}};
}

// Median seconds of `run` over 7 timed calls after 2 untimed ones.
template <typename Run>
double median_seconds(Run&& run) {
  std::vector<double> times;
  for (int i = 0; i < 9; ++i) {
    const auto begun = Clock::now();
    run();
    if (i >= 2) times.push_back(std::chrono::duration<double>(Clock::now() - begun).count());
  }
  return percentile(times, 0.5);
}

}  // namespace

GemmBenchmarkResult run_gemm_benchmark(const std::string& preset, int threads) {
  const auto shape = bench_shapes().find(preset);
  const auto config = model_preset(preset);
  if (shape == bench_shapes().end() || !config) {
    throw std::invalid_argument("--bench: unknown preset 'gemm-" + preset +
                                "'; expected gemm-bench-tiny, gemm-bench-small or gemm-bench-base");
  }
  at::set_num_threads(threads > 0 ? threads : at::get_num_threads());
  torch::manual_seed(0);
  const DnnlSgemm onednn = find_onednn_sgemm();
  GemmBenchmarkResult result;
  result.preset = preset;
  result.threads = at::get_num_threads();
  result.onednn_found = onednn != nullptr;
  const std::int64_t rows = std::int64_t{shape->second.batch} * shape->second.length;
  for (const auto& linear : linear_shapes(*config)) {
    const auto x = torch::randn({rows, linear.in}), w = torch::randn({linear.out, linear.in});
    const auto dy = torch::randn({rows, linear.out});
    // Row-major products as LibTorch's linear and its backward pass make them:
    // y = x·wᵀ, dx = dy·w, dw = dyᵀ·x.
    struct Product {
      const char* name;
      torch::Tensor a, b;  // LibTorch's operands (views, no copies)
      char transa, transb;
      std::int64_t m, n, k, lda, ldb;
    };
    const std::int64_t in = linear.in, out = linear.out;
    const Product products[] = {
        {"forward", x, w.t(), 'N', 'T', rows, out, in, in, in},
        {"input gradient", dy, w, 'N', 'N', rows, in, out, out, in},
        {"weight gradient", dy.t(), x, 'T', 'N', out, in, rows, out, in},
    };
    for (const auto& p : products) {
      GemmShapeResult row;
      row.layer = linear.layer;
      row.product = p.name;
      row.m = p.m;
      row.n = p.n;
      row.k = p.k;
      row.per_step = linear.count;
      const double flop = 2.0 * static_cast<double>(p.m) * p.n * p.k;
      auto c = torch::empty({p.m, p.n});
      row.library_gflops = flop / median_seconds([&] { torch::mm_out(c, p.a, p.b); }) / 1e9;
      if (onednn != nullptr) {
        const auto a = p.transa == 'T' ? dy : p.a, b = p.transb == 'T' ? w : p.b;
        auto c1 = torch::empty({p.m, p.n});
        const auto call = [&] {
          const int status =
              onednn(p.transa, p.transb, p.m, p.n, p.k, 1.0F, a.data_ptr<float>(), p.lda,
                     b.data_ptr<float>(), p.ldb, 0.0F, c1.data_ptr<float>(), p.n);
          if (status != 0) throw std::runtime_error("oneDNN's sgemm failed");
        };
        row.onednn_gflops = flop / median_seconds(call) / 1e9;
        // The same numbers, or the comparison means nothing.
        row.onednn_agrees = torch::allclose(c, c1, 1e-3, 1e-2);
      }
      result.gflop_per_step += linear.count * flop / 1e9;
      result.library_ms_per_step += linear.count * flop / row.library_gflops / 1e6;
      if (onednn != nullptr)
        result.onednn_ms_per_step += linear.count * flop / row.onednn_gflops / 1e6;
      result.shapes.push_back(row);
    }
  }
  return result;
}

std::string to_json_lines(const GemmBenchmarkResult& r) {
  std::string lines;
  for (const auto& s : r.shapes) {
    nlohmann::ordered_json line = {{"preset", "gemm-" + r.preset},
                                   {"threads", r.threads},
                                   {"layer", s.layer},
                                   {"product", s.product},
                                   {"m", s.m},
                                   {"n", s.n},
                                   {"k", s.k},
                                   {"per_step", s.per_step},
                                   {"libtorch_gflops", s.library_gflops}};
    if (r.onednn_found) {
      line["onednn_gflops"] = s.onednn_gflops;
      line["onednn_agrees"] = s.onednn_agrees;
    }
    lines += line.dump() + "\n";
  }
  nlohmann::ordered_json total = {
      {"preset", "gemm-" + r.preset},
      {"threads", r.threads},
      {"linear_gflop_per_step", r.gflop_per_step},
      {"libtorch_ms_per_step", r.library_ms_per_step},
      {"libtorch_gflops", r.gflop_per_step / r.library_ms_per_step * 1e3}};
  if (r.onednn_found) {
    total["onednn_ms_per_step"] = r.onednn_ms_per_step;
    total["onednn_gflops"] = r.gflop_per_step / r.onednn_ms_per_step * 1e3;
  } else {
    total["onednn"] = "not found in this process";
  }
  return lines + total.dump() + "\n";
}

}  // namespace attn
