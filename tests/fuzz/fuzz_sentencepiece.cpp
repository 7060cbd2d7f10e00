// Loading a SentencePiece model as vocabulary.json carries it: the model's
// bytes and their CRC-32. Input: 4 bytes of stored CRC-32 (little-endian),
// then the model. SentencePiece's own parser crashes on some damaged models
// (a SEGV in its Normalizer, found here), so a model whose checksum does not
// match is refused before SentencePiece sees it, as tokenizer.cpp does. The
// plug-in's code is linked in directly: without LibTorch in the process,
// SentencePiece's protobuf has nothing to collide with.

#include <cstdint>
#include <memory>
#include <string>

#include "sentencepiece_backend.h"
#include "store/zip_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::uint32_t stored =
      data[0] | (data[1] << 8) | (data[2] << 16) | (std::uint32_t{data[3]} << 24);
  const std::string model(reinterpret_cast<const char*>(data + 4), size - 4);
  if (attn::crc32_of(model) != stored) return 0;  // refused as damaged
  const std::unique_ptr<attn::SentencePieceBackend> backend(attn_create_sentencepiece_backend());
  if (!backend->load(model).empty()) return 0;  // a clean refusal
  const auto ids = backend->encode("a fuzzed sentence, 123 and ünïcode");
  for (int id : ids) {
    if (id < 0 || id >= backend->piece_count()) __builtin_trap();
    backend->id_to_piece(id);
  }
  backend->decode(ids);
  return 0;
}
