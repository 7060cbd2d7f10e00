// model.safetensors: a header that parses must describe tensors inside the
// file, and every tensor it lists must read (or be refused) without touching
// a byte outside it.

#include <cstdint>
#include <string_view>

#include "hf/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto index = attn::parse_safetensors_header(file, &error);
  if (!index) return 0;
  for (const auto& entry : index->tensors) {
    if (index->data_offset + entry.end > size) __builtin_trap();
    attn::safetensors_tensor(file, *index, entry, &error);
  }
  return 0;
}
