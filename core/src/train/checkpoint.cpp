#include "train/checkpoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "store/run_store.h"
#include "store/zip_check.h"

namespace attn {
namespace {

torch::Tensor cpu_rng_state() {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

void set_cpu_rng_state(const torch::Tensor& state) {
  auto generator = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(generator.mutex());
  generator.set_state(state);
}

}  // namespace

void save_checkpoint(const std::string& path, Seq2SeqModelImpl& model,
                     torch::optim::Optimizer* optimizer, const CheckpointState& state) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model_archive;
  model.save(model_archive);
  archive.write("model", model_archive);
  if (optimizer != nullptr) {
    torch::serialize::OutputArchive optimizer_archive;
    optimizer->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);
  }
  archive.write("step", c10::IValue(state.step));
  archive.write("epoch", c10::IValue(static_cast<int64_t>(state.epoch)));
  archive.write("next_batch", c10::IValue(static_cast<int64_t>(state.next_batch)));
  archive.write("best_eval_loss", c10::IValue(state.best_eval_loss));
  archive.write("evaluations_without_improvement",
                c10::IValue(static_cast<int64_t>(state.evaluations_without_improvement)));
  archive.write("epoch_loss_sum", c10::IValue(state.epoch_loss_sum));
  archive.write("epoch_steps", c10::IValue(static_cast<int64_t>(state.epoch_steps)));
  archive.write("metrics_bytes", c10::IValue(state.metrics_bytes));
  archive.write("max_decode_length", c10::IValue(static_cast<int64_t>(state.max_decode_length)));
  archive.write("world_size", c10::IValue(static_cast<int64_t>(state.world_size)));
  archive.write("run_config", c10::IValue(state.run_config_json));
  archive.write("vocabulary", c10::IValue(state.vocabulary_json));
  archive.write("rng_state", cpu_rng_state(), /*is_buffer=*/true);
  // LibTorch's archive writer finishes the file in its destructor and throws
  // there when the disk is full; in memory it cannot fail that way.
  std::ostringstream bytes;
  try {
    archive.save_to(bytes);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": cannot serialise checkpoint: " + e.what());
  }
  write_file_atomically(path, bytes.str());
}

namespace {

// LibTorch parses the archive only after its checksums are verified: its
// reader skips them, and damaged bytes can crash its unpickler.
void load_verified(const std::string& path, torch::serialize::InputArchive& archive) {
  const std::string bytes = read_file(path);
  if (const std::string problem = check_zip_archive(bytes); !problem.empty()) {
    throw std::runtime_error("damaged: " + problem);
  }
  archive.load_from(bytes.data(), bytes.size());
}

// False when the archive is not a checkpoint at all; *missing names the
// fields it lacks (a checkpoint of an earlier version).
bool read_state(torch::serialize::InputArchive& archive, CheckpointState& state,
                std::string* missing) {
  c10::IValue value;
  if (!archive.try_read("step", value)) return false;
  state.step = value.toInt();
  const auto required = [&](const char* key, const char* what) {
    if (archive.try_read(key, value)) return true;
    *missing += std::string(missing->empty() ? "" : ", ") + what + " ('" + key + "')";
    return false;
  };
  if (required("epoch", "the epoch")) state.epoch = static_cast<int>(value.toInt());
  if (required("next_batch", "the position in the epoch"))
    state.next_batch = static_cast<int>(value.toInt());
  if (required("best_eval_loss", "the best evaluation loss"))
    state.best_eval_loss = value.toDouble();
  if (required("evaluations_without_improvement", "the early-stopping count"))
    state.evaluations_without_improvement = static_cast<int>(value.toInt());
  // Absent in checkpoints of earlier versions, and not needed to read one.
  if (archive.try_read("epoch_loss_sum", value)) state.epoch_loss_sum = value.toDouble();
  if (archive.try_read("epoch_steps", value)) state.epoch_steps = static_cast<int>(value.toInt());
  if (archive.try_read("metrics_bytes", value)) state.metrics_bytes = value.toInt();
  if (archive.try_read("max_decode_length", value))
    state.max_decode_length = static_cast<int>(value.toInt());
  if (archive.try_read("world_size", value)) state.world_size = static_cast<int>(value.toInt());
  if (required("run_config", "the configuration")) state.run_config_json = value.toStringRef();
  if (required("vocabulary", "the vocabulary")) state.vocabulary_json = value.toStringRef();
  return true;
}

}  // namespace

std::optional<CheckpointState> read_checkpoint_state(const std::string& path, std::string* error) {
  try {
    torch::serialize::InputArchive archive;
    load_verified(path, archive);
    CheckpointState state;
    std::string missing;
    if (!read_state(archive, state, &missing)) {
      if (error) *error = path + ": not an Attention Studio checkpoint";
      return std::nullopt;
    }
    if (!missing.empty()) {
      if (error) {
        *error = path + ": written by an earlier version of Attention Studio, without " + missing +
                 "; this version cannot read it";
      }
      return std::nullopt;
    }
    return state;
  } catch (const std::exception& e) {
    if (error)
      *error = path + ": cannot read checkpoint (" + std::string(e.what()).substr(0, 200) + ")";
    return std::nullopt;
  }
}

bool load_checkpoint(const std::string& path, Seq2SeqModelImpl& model,
                     torch::optim::Optimizer* optimizer, bool restore_rng, std::string* error) {
  try {
    torch::serialize::InputArchive archive;
    load_verified(path, archive);
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    // LibTorch's loader replaces each tensor with the stored one whatever its
    // shape: compare them, so weights of another configuration are refused
    // here and not by a matrix product later.
    std::vector<std::pair<std::string, std::vector<int64_t>>> expected;
    for (const auto& item : model.named_parameters(/*recurse=*/true))
      expected.emplace_back(item.key(), item.value().sizes().vec());
    try {
      model.load(model_archive);
    } catch (const std::exception& e) {
      const std::string what = e.what();
      const auto quote = what.find("No such serialized tensor");
      throw std::runtime_error("its weights do not fit this model (" +
                               (quote != std::string::npos
                                    ? what.substr(quote, what.find('\n', quote) - quote)
                                    : what.substr(0, 160)) +
                               "): a checkpoint of an earlier version or of another configuration");
    }
    const auto loaded = model.named_parameters(/*recurse=*/true);
    for (const auto& [name, sizes] : expected) {
      const torch::Tensor* tensor = loaded.find(name);
      if (tensor != nullptr && tensor->sizes().vec() != sizes) {
        std::ostringstream message;
        message << "its weights do not fit this model: '" << name << "' is " << tensor->sizes()
                << " in the file, the configuration needs " << c10::IntArrayRef(sizes);
        throw std::runtime_error(message.str());
      }
    }
    if (optimizer != nullptr) {
      torch::serialize::InputArchive optimizer_archive;
      if (archive.try_read("optimizer", optimizer_archive)) optimizer->load(optimizer_archive);
    }
    if (restore_rng) {
      torch::Tensor state;
      archive.read("rng_state", state, /*is_buffer=*/true);
      set_cpu_rng_state(state);
    }
    return true;
  } catch (const std::exception& e) {
    if (error) {
      const std::string what = e.what();
      *error = path + ": " +
               (what.rfind("its weights", 0) == 0
                    ? what
                    : "cannot load checkpoint (" + what.substr(0, 200) + ")");
    }
    return false;
  }
}

}  // namespace attn
