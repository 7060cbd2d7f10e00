#pragma once
// Optimisation and run settings, and the whole configuration of a run.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attn/config_error.h"
#include "attn/dataset.h"
#include "attn/model_config.h"

namespace attn {

enum class LrSchedule {
  Noam,     // §5.3: factor · d_model^-0.5 · min(step^-0.5, step · warmup^-1.5)
  Constant  // lr
};

// Mixed precision on CUDA: the forward pass under autocast in a 16-bit type.
// bf16 keeps fp32's exponent range and needs no loss scale; fp16 has more
// mantissa but overflows, so its loss is scaled (mixed_precision.h). Auto
// takes bf16 where the device computes it, fp16 otherwise.
enum class AmpMode { Off, Auto, BFloat16, Float16 };

struct TrainConfig {
  int epochs = 10;
  std::int64_t max_steps = 0;  // 0: no limit
  int batch_size = 64;
  int accumulation = 1;  // micro-batches per optimizer step
  LrSchedule schedule = LrSchedule::Noam;
  // Noam's factor and warm-up steps. The paper's 4000 steps (factor 1) fit
  // its 100k-step runs; a default run here is ~320 steps, so it warms up for
  // the first 100 and then decays, at half the rate (the same peak as 400
  // steps at factor 1): the copy task reaches 95–99% exact match in 10 epochs
  // (seeds 1–3) against 89% with 400 steps, which never left the warm-up.
  double lr_factor = 0.5;
  int warmup = 100;
  double lr = 1e-3;  // constant schedule
  // §5.3: Adam with β1 = 0.9, β2 = 0.98, ε = 1e-9.
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.98;
  double adam_eps = 1e-9;
  double label_smoothing = 0.1;  // §5.4
  double clip = 1.0;             // global gradient-norm clip; 0: off
  std::string device = "auto";   // auto | cpu | cuda | cuda:N
  AmpMode amp = AmpMode::Off;    // mixed precision (CUDA only)
  // Each training step replayed from CUDA graphs recorded per padded batch
  // shape (CUDA only; one process, no accumulation, not with fp16's scaler).
  bool cuda_graphs = false;
  int threads = 0;  // intra-op threads; 0: chosen by shape
  // The same seed and settings give the same numbers, byte for byte: a fixed
  // thread count (the requested one, else this machine's processors whatever
  // their load), no changes mid-run, LibTorch's deterministic algorithms; and
  // metrics.csv leaves its two clock columns empty (the times are in
  // history.sqlite). Without it the thread count follows the machine's load,
  // which is faster on a busy machine but sums in another order.
  bool deterministic = false;
  int patience = 0;        // early stopping on eval loss; 0: off
  int capture_every = 50;  // probe snapshot every N steps; 0: epoch ends only
  int probe_examples = 4;
  std::int64_t checkpoint_every = 500;  // rolling checkpoint_last.pt every N steps
  int keep_checkpoints = 0;             // keep the last K epoch checkpoints; 0: all
  bool bucket_by_length = true;
  int beam_size = 4;            // beam search for sample predictions
  double length_penalty = 0.6;  // §6.1: α
  int sample_predictions = 8;   // rows of the sample table per evaluation
  bool debug = false;           // log attention stage by stage for the first steps
};

// Problems with the configuration, each naming the field and the allowed range.
std::vector<ConfigError> validate(const TrainConfig& config);

std::string to_string(LrSchedule schedule);
std::optional<LrSchedule> parse_lr_schedule(const std::string& text);
std::string to_string(AmpMode mode);  // off | auto | bf16 | fp16
std::optional<AmpMode> parse_amp_mode(const std::string& text);
// For a device text: N for "cuda:N", -1 for "cuda" (the process's own GPU:
// its local rank's when several train together), -2 for anything else.
int cuda_index_of(const std::string& device);

// Everything a run needs; what --config/--save-config and run.json hold.
struct RunConfig {
  std::string name;  // appears in the run directory's name
  ModelConfig model;
  std::string preset = "tiny";
  // Both: the two side by side on the same data and seed, one run each.
  Implementation implementation = Implementation::Scratch;
  DataConfig data;
  TrainConfig train;
  std::string runs_directory = "runs";
};

std::string to_json(const RunConfig& config);
// Every field's type is checked and errors name its JSON path. A key that no
// field reads is refused in configurations a person wrote; run.json and
// checkpoints of other versions are read with UnknownFields::Ignore.
std::optional<RunConfig> run_config_from_json(const std::string& text, std::string* error,
                                              UnknownFields unknown = UnknownFields::Refuse);

// The configuration a run recorded in its run.json (the "config" object),
// read like one of another version: unknown fields are ignored.
std::optional<RunConfig> config_from_run_json(const std::string& text, std::string* error);

}  // namespace attn
