// Checkpoint files: a damaged .pt must give a clean error, never an abort
// inside LibTorch. Readable state is loaded into a model of its configuration.

#include <cstdint>
#include <string>

#include "attn/train_config.h"
#include "fuzz_file.h"
#include "model/model_factory.h"
#include "train/checkpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = attn::fuzz::write_scratch(".pt", data, size);
  std::string error;
  auto state = attn::read_checkpoint_state(path, &error);
  if (!state) return 0;
  auto config =
      attn::run_config_from_json(state->run_config_json, &error, attn::UnknownFields::Ignore);
  if (!config || !attn::validation_message(config->model).empty()) return 0;
  const auto& m = config->model;
  if (m.d_model > 256 || m.max_len > 4096 || m.src_vocab_size > 4096 || m.tgt_vocab_size > 4096)
    return 0;
  auto model = attn::make_model(config->model, attn::Implementation::Scratch, 1);
  attn::load_checkpoint(path, *model, nullptr, /*restore_rng=*/false, &error);
  return 0;
}
