// vocabulary.json (char, word and SentencePiece tokenizers, the latter with
// its model in base64): a loaded pair must encode and decode any text.

#include <cstdint>
#include <string>

#include "attn/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto pair = attn::TokenizerPair::load(text, &error);
  if (!pair) return 0;
  for (const auto* tokenizer : {pair->source.get(), pair->target.get()}) {
    const auto ids = tokenizer->encode("a fuzzed sentence, 123 and ünïcode");
    for (int id : ids) {
      if (id < 0 || id >= tokenizer->vocab_size()) __builtin_trap();
    }
    tokenizer->decode(ids);
  }
  return 0;
}
