// Corpus lines: a TSV file, or (first byte odd) two aligned files split at
// the middle of the input; both with and without skip_bad_lines.

#include <cstdint>
#include <string>

#include "attn/corpus.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool two_files = data[0] & 1;
  attn::CorpusOptions options;
  options.skip_bad_lines = data[0] & 2;
  options.lowercase = data[0] & 4;
  options.max_length = (data[0] & 8) ? 40 : 0;
  options.max_line_bytes = 4096;
  ++data;
  --size;
  if (two_files) {
    const std::size_t half = size / 2;
    options.path = attn::fuzz::write_scratch(".src", data, half);
    options.target_path = attn::fuzz::write_scratch(".tgt", data + half, size - half);
  } else {
    options.path = attn::fuzz::write_scratch(".tsv", data, size);
  }
  const attn::CorpusLoad load = attn::load_corpus(options);
  // A successful load holds only pairs with text on both sides.
  if (!load.error) {
    for (const auto& example : load.examples) {
      if (example.source.empty() || example.target.empty()) __builtin_trap();
    }
  }
  return 0;
}
