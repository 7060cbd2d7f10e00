// Configuration JSON (--config files, and run.json's "config"), strict and
// lenient; whatever is accepted must write back and read again unchanged.

#include <cstdint>
#include <string>

#include "attn/model_config.h"
#include "attn/train_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  if (auto config = attn::run_config_from_json(text, &error)) {
    auto again = attn::run_config_from_json(attn::to_json(*config), &error);
    if (!again || attn::to_json(*again) != attn::to_json(*config)) __builtin_trap();
  }
  attn::run_config_from_json(text, &error, attn::UnknownFields::Ignore);
  attn::config_from_run_json(text, &error);
  attn::model_config_from_json(text, &error);
  return 0;
}
