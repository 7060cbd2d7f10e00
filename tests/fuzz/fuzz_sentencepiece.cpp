// Loading a SentencePiece model (the bytes vocabulary.json carries in base64),
// through the plug-in's own code linked in directly: this program has no
// LibTorch, so SentencePiece's protobuf has nothing to collide with.

#include <cstdint>
#include <memory>
#include <string>

#include "sentencepiece_backend.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::unique_ptr<attn::SentencePieceBackend> backend(attn_create_sentencepiece_backend());
  const std::string model(reinterpret_cast<const char*>(data), size);
  if (!backend->load(model).empty()) return 0;  // a clean refusal
  const auto ids = backend->encode("a fuzzed sentence, 123 and ünïcode");
  for (int id : ids) {
    if (id < 0 || id >= backend->piece_count()) __builtin_trap();
    backend->id_to_piece(id);
  }
  backend->decode(ids);
  return 0;
}
