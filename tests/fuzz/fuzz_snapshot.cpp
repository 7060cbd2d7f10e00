// The snapshot codec (history.sqlite's blobs): a decoded blob encodes to one
// that decodes again.

#include <cstdint>
#include <string>

#include "attn/history.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string blob(reinterpret_cast<const char*>(data), size);
  auto snapshot = attn::decode_snapshot(blob);
  if (!snapshot) return 0;
  if (!attn::decode_snapshot(attn::encode_snapshot(*snapshot))) __builtin_trap();
  return 0;
}
